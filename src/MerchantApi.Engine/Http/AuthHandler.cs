using System.Net;
using System.Net.Http.Headers;

namespace MerchantApi.Http;

/// <summary>
/// Adds the session's credential to each attempt: the API key, or a bearer token that the TokenManager keeps
/// fresh. A 401 on a bearer request renews the token once and re-sends (expired, or the server forgot it).
/// </summary>
internal sealed class AuthHandler : DelegatingHandler
{
    internal const string ApiKeyHeader = "Api-key";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = MerchantCall.Of(request);
        var session = call.Session;
        if (session is null || call.Kind == RequestKind.Anonymous)
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        if (session.AuthKind == AuthKind.ApiKey)
        {
            request.Headers.Remove(ApiKeyHeader);
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, SecretText.Reveal(session.ApiKey!));
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var tokens = session.Tokens!;
        var token = await tokens.GetAccessTokenAsync(call.Options, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
            return response;

        // Any 401, not only TokenExpiredError: a server restarted with a new signing key rejects every token as
        // "invalid signature", and only a renewal (refresh, else login) gets the session going again.
        var renewed = await tokens.RenewAfterRejectionAsync(token, call.Options, cancellationToken).ConfigureAwait(false);
        if (renewed is null)
            return response; // this token was refused when brand new; another renewal would only repeat that
        response.Dispose();
        call.Options.Log.Verbose($"{request.Method} {request.RequestUri?.AbsolutePath}: the access token was rejected; renewed it and sending once more.");
        var retry = RequestCloner.Clone(request);
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
        var retried = await base.SendAsync(retry, cancellationToken).ConfigureAwait(false);
        if (retried.StatusCode == HttpStatusCode.Unauthorized)
            tokens.MarkRejectedWhenFresh(renewed);
        return retried;
    }
}
