using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Auth;

/// <summary>
/// <c>POST /v2/auth/login</c>, <c>POST /v2/auth/refresh</c> and <c>POST /__sandbox/rotate-key</c>. Login and refresh
/// run once <see cref="SandboxRoutes"/> has checked the merchant_id header and read the body.
/// </summary>
internal static class AuthEndpoints
{
    private static readonly byte[] RefreshTokenExpiredBody = ApiJson.ErrorBytes(ErrorCodes.RefreshTokenExpired, "Invalid token");

    public static async Task LoginAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var email = body.GetString("token");
        var password = body.GetString("password");
        var errors = new List<ApiError>(2);
        AddRequiredError(errors, "token", email);
        AddRequiredError(errors, "password", password);
        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        // The merchant the merchant_id header named (the route has checked it): only its owner's login opens a session.
        if (!string.Equals(email.Value, state.Merchant.Email, StringComparison.OrdinalIgnoreCase) ||
            !RequestAuthenticator.FixedTimeEquals(password.Value, state.Merchant.Password))
        {
            await RequestAuthenticator.UnauthorizedAsync(ctx, "Invalid email or password");
            return;
        }

        var pair = state.Tokens.StartSession(state.Merchant);
        state.Stats.AddLogin();
        await WritePairAsync(ctx, pair);
    }

    public static async Task RefreshAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var refreshToken = body.GetString("refreshToken");
        var errors = new List<ApiError>(1);
        AddRequiredError(errors, "refreshToken", refreshToken);
        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        // Expired, revoked (already used, or the sessions were reset), forged or not a refresh token: the provider's
        // REFRESH_TOKEN_EXPIRED body; the status is not documented, 401 is the sandbox's convention.
        if (state.Tokens.Refresh(refreshToken.Value!.Trim(), state.Merchant) is not { } pair)
        {
            await ApiJson.WriteBytesAsync(ctx, StatusCodes.Status401Unauthorized, RefreshTokenExpiredBody);
            return;
        }

        state.Stats.AddRefresh();
        await WritePairAsync(ctx, pair);
    }

    public static Task RotateKeyAsync(HttpContext ctx, SandboxState state)
    {
        var key = state.Keys.Rotate();
        return ApiJson.DataAsync(ctx, key.Kid, static (w, kid) =>
        {
            w.WriteStartObject();
            w.WriteString("kid", kid);
            w.WriteEndObject();
        });
    }

    private static void AddRequiredError(List<ApiError> errors, string name, FieldValue value)
    {
        if (value.Kind == FieldKind.Invalid)
        {
            errors.Add(new ApiError(ErrorCodes.ValidationError, $"{name} must be a string"));
        }
        else if (!value.HasText)
        {
            errors.Add(new ApiError(ErrorCodes.ValidationError, $"{name} is required"));
        }
    }

    private static Task WritePairAsync(HttpContext ctx, TokenPair pair) =>
        ApiJson.DataAsync(ctx, pair, static (w, p) =>
        {
            w.WriteStartObject();
            w.WriteString("accessToken", p.AccessToken);
            w.WriteNumber("expiresIn", p.ExpiresIn);
            w.WriteString("refreshToken", p.RefreshToken);
            w.WriteEndObject();
        });
}
