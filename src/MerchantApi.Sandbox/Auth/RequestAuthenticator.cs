using System.Security.Cryptography;
using System.Text;
using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Auth;

/// <summary>
/// Authenticates a private call by <c>Authorization: Bearer &lt;accessToken&gt;</c> or <c>Api-key: &lt;key&gt;</c>, and
/// login and refresh by their <c>merchant_id</c> header.
/// If an Authorization header is present it decides alone (a bad Bearer token is not rescued by an Api-key).
/// Failures are answered here with 401 UNAUTHORIZED: a string message, or for an expired token the provider's object
/// <c>{"name":"TokenExpiredError","message":"jwt expired","expiredAt":"..."}</c>.
/// </summary>
internal static class RequestAuthenticator
{
    public const string ApiKeyHeader = "Api-key";

    /// <summary>The header the provider reads the merchant from: with an underscore (<c>merchant-id</c> is another header).</summary>
    public const string MerchantIdHeader = "merchant_id";

    /// <returns>The state of the merchant the caller is authenticated as (its customers, operations, wallets); null when
    /// a 401 has been written.</returns>
    public static async ValueTask<SandboxState?> AuthorizeAsync(HttpContext ctx, SandboxState state)
    {
        var headers = ctx.Request.Headers;
        var authorization = headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                await UnauthorizedAsync(ctx, "jwt malformed");
                return null;
            }

            var token = authorization[7..].Trim();
            if (token.Length == 0)
            {
                await UnauthorizedAsync(ctx, "No auth token");
                return null;
            }

            var check = state.Tokens.CheckAccess(token);
            switch (check.Verdict)
            {
                case AccessVerdict.Valid:
                    return state.ForMerchant(check.MerchantId);
                case AccessVerdict.Expired:
                    await ExpiredAsync(ctx, check.Exp);
                    return null;
                default:
                    await UnauthorizedAsync(ctx, check.Message!);
                    return null;
            }
        }

        var apiKey = headers[ApiKeyHeader].ToString();
        if (apiKey.Length > 0)
        {
            if (MerchantByApiKey(state, apiKey) is { } merchant)
            {
                return state.ForMerchant(merchant.MerchantId);
            }

            await UnauthorizedAsync(ctx, "Invalid API key");
            return null;
        }

        await UnauthorizedAsync(ctx, "No auth token");
        return null;
    }

    /// <returns>The state of the merchant the merchant_id header names; null when a 401 has been written.</returns>
    public static async ValueTask<SandboxState?> AuthorizeMerchantAsync(HttpContext ctx, SandboxState state)
    {
        var merchantId = ctx.Request.Headers[MerchantIdHeader].ToString();
        if (merchantId.Length == 0)
        {
            await UnauthorizedAsync(ctx, "merchant_id header is required");
            return null;
        }

        if (state.ForMerchant(merchantId) is not { } merchant)
        {
            await UnauthorizedAsync(ctx, "Invalid merchant id");
            return null;
        }

        return merchant;
    }

    /// <summary>The merchant whose API key this is (each key compared in fixed time); null for none.</summary>
    private static MerchantAccount? MerchantByApiKey(SandboxState state, string? apiKey)
    {
        MerchantAccount? found = null;
        foreach (var merchant in state.Options.Merchants)
        {
            if (FixedTimeEquals(apiKey, merchant.ApiKey))
            {
                found = merchant;
            }
        }

        return found;
    }

    /// <summary>
    /// The merchant a request to a route with <paramref name="access"/> is authenticated as, found the way its endpoint
    /// will find it but without answering: null when authentication would fail (or the route asks for nothing and the
    /// request carries no valid credentials).
    /// A Bearer token is verified here and again by the endpoint: called only while a rate limit is on, and a forged
    /// token must not spend the merchant's bucket.
    /// </summary>
    public static string? MerchantOf(HttpContext ctx, SandboxState state, RouteAccess access)
    {
        var headers = ctx.Request.Headers;
        if (access == RouteAccess.MerchantId)
        {
            return state.ForMerchant(headers[MerchantIdHeader].ToString())?.Merchant.MerchantId;
        }

        var authorization = headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var check = state.Tokens.CheckAccess(authorization[7..].Trim());
            return check.Verdict == AccessVerdict.Valid ? check.MerchantId : null;
        }

        return MerchantByApiKey(state, headers[ApiKeyHeader].ToString())?.MerchantId;
    }

    public static bool FixedTimeEquals(string? a, string b) =>
        a is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    public static Task UnauthorizedAsync(HttpContext ctx, string message) =>
        ApiJson.ErrorAsync(ctx, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, message);

    /// <summary>The provider's body for an expired JWT, with expiredAt = the token's exp.</summary>
    public static Task ExpiredAsync(HttpContext ctx, long exp) =>
        ApiJson.WriteAsync(ctx, StatusCodes.Status401Unauthorized, exp, static (w, exp) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("errors");
            w.WriteStartObject();
            w.WriteString("code", ErrorCodes.Unauthorized);
            w.WriteStartObject("message");
            w.WriteString("name", "TokenExpiredError");
            w.WriteString("message", "jwt expired");
            w.WriteString("expiredAt", ApiJson.FormatTimestamp(DateTimeOffset.FromUnixTimeSeconds(exp)));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
}
