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

        response.Dispose();
        call.Options.Log.Verbose($"{request.Method} {request.RequestUri?.AbsolutePath}: the access token was rejected; renewing it once.");
        var renewed = await tokens.RenewAfterRejectionAsync(token, call.Options, cancellationToken).ConfigureAwait(false);
        var retry = RequestCloner.Clone(request);
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
        return await base.SendAsync(retry, cancellationToken).ConfigureAwait(false);
    }
}
