using System.Diagnostics;

namespace MerchantApi.Http;

/// <summary><c>/v2/auth/login</c> and <c>/v2/auth/refresh</c>.</summary>
internal static class AuthApi
{
    public static async Task<TokenSnapshot> LoginAsync(MerchantSession session, CallOptions options, CancellationToken cancellationToken)
    {
        var body = new LoginRequest { Token = session.AccountName!, Password = SecretText.Reveal(session.Password!) };
        var (sentAt, sentTimestamp) = (DateTimeOffset.Now, Stopwatch.GetTimestamp());
        var tokens = await MerchantHttp.PostAsync(session, "v2/auth/login", body, MerchantJson.Default.LoginRequest,
            MerchantJson.Default.DataEnvelopeTokenResponse, RequestKind.Anonymous, options, cancellationToken,
            merchantIdHeader: session.MerchantId).ConfigureAwait(false);
        var snapshot = Snapshot(tokens, "/v2/auth/login", sentAt, sentTimestamp);
        options.Log.Verbose($"Signed in as {session.AccountName}; the access token expires at {snapshot.AccessExpiresAt.ToLocalTime():T}.");
        return snapshot;
    }

    public static async Task<TokenSnapshot> RefreshAsync(MerchantSession session, string refreshToken, CallOptions options, CancellationToken cancellationToken)
    {
        var (sentAt, sentTimestamp) = (DateTimeOffset.Now, Stopwatch.GetTimestamp());
        var tokens = await MerchantHttp.PostAsync(session, "v2/auth/refresh", new RefreshRequest { RefreshToken = refreshToken },
            MerchantJson.Default.RefreshRequest, MerchantJson.Default.DataEnvelopeTokenResponse, RequestKind.Anonymous,
            options, cancellationToken, merchantIdHeader: session.MerchantId).ConfigureAwait(false);
        return Snapshot(tokens, "/v2/auth/refresh", sentAt, sentTimestamp);
    }

    // Lifetimes count from when the request was sent (see TokenSnapshot), never from the server's clock.
    private static TokenSnapshot Snapshot(TokenResponse tokens, string path, DateTimeOffset sentAt, long sentTimestamp)
    {
        if (string.IsNullOrEmpty(tokens.AccessToken) || string.IsNullOrEmpty(tokens.RefreshToken))
        {
            throw new MerchantApiException("MalformedResponse", MerchantErrorKind.Protocol,
                $"POST {path}: the answer lacks accessToken or refreshToken.");
        }
        try
        {
            return new TokenSnapshot(tokens.AccessToken, tokens.RefreshToken, sentAt, sentTimestamp);
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            throw new MerchantApiException("MalformedResponse", MerchantErrorKind.Protocol, $"POST {path}: {ex.Message}", inner: ex);
        }
    }
}
