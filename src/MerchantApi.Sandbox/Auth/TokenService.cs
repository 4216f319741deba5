using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using MerchantApi.Sandbox.Http;
using MerchantApi.Sandbox.Stats;

namespace MerchantApi.Sandbox.Auth;

internal readonly record struct TokenPair(string AccessToken, long ExpiresIn, string RefreshToken);

internal enum AccessVerdict
{
    Valid,
    Expired,
    Invalid,
}

/// <summary>The result of checking an access token: valid, expired (with its exp), or invalid with jsonwebtoken's message.</summary>
internal readonly record struct AccessCheck(AccessVerdict Verdict, long Exp, string? Message, string? MerchantId = null);

/// <summary>
/// Issues and checks the tokens. Access token claims are the provider's, in the provider's order:
/// <c>id, email, role, username, t, merchantId, institution{id,title,groups[{id,type}]}, fingerprint, jwtId, iat, exp</c>;
/// refresh token claims: <c>id, fingerprint, sessionCreatedAt (Unix ms), iat, exp</c>.
/// <para>
/// JWT times are whole seconds: <c>iat</c> = floor(now), <c>exp</c> = iat + ceil(lifetime), and a token is expired
/// once now &gt;= exp (as in jsonwebtoken), so it lives between lifetime-1 and lifetime seconds.
/// </para>
/// </summary>
internal sealed class TokenService(SandboxOptions options, SandboxClock clock, SigningKeyRing keys, SessionStore sessions,
    IssuedSecrets secrets, SandboxStats stats)
{
    // The seed's owner profile and institution (from the provider's example token), with the configured email and merchant.
    public const string UserId = "78a12644-a123-4c2b-8e2f-225f54e20b84";
    public const string Role = "Owner";
    public const string Username = "SEED_INSTITUTION_OWNER_PROFILE";
    public const string UserType = "u";
    public const string InstitutionId = "a269bb25-9898-42b7-aa92-c0e7c1a8f493";
    public const string InstitutionTitle = "Cool Company";

    private static readonly (string Id, string Type)[] InstitutionGroups =
    [
        ("bank2_exchange", "Exchange"),
        ("bank2_deposit", "Deposit"),
        ("bank2_transfer", "Transfer"),
        ("bank2_withdraw", "Withdraw"),
    ];

    private readonly long _accessLifetime = Math.Max(1, (long)Math.Ceiling(options.AccessTokenLifetimeSeconds));
    private readonly long _refreshLifetime = Math.Max(1, (long)Math.Ceiling(options.RefreshTokenLifetimeSeconds));

    /// <summary>A new session (login): a token pair whose refresh token ends the session after the refresh lifetime.</summary>
    public TokenPair StartSession(MerchantAccount merchant)
    {
        var now = clock.UtcNow;
        var iat = now.ToUnixTimeSeconds();
        var session = new Session(now.ToUnixTimeMilliseconds(), iat + _refreshLifetime, merchant.MerchantId);
        return IssuePair(session, iat, merchant);
    }

    /// <summary>
    /// Sandbox convention for refresh: each refresh returns a new access token AND a new refresh token, and revokes the
    /// refresh token it was given (using that one again → REFRESH_TOKEN_EXPIRED). The new refresh token keeps the
    /// session's absolute expiry (sessionCreatedAt + refresh lifetime), so a session ends after the refresh lifetime
    /// however often it is refreshed, and the client must then log in again. Each pair gets a fresh fingerprint, which
    /// is what makes two refresh tokens of one session (issued in the same second) differ.
    /// Returns null when the token is expired, revoked, forged or not a refresh token, or is another merchant's.
    /// </summary>
    public TokenPair? Refresh(string refreshToken, MerchantAccount merchant)
    {
        if (JwtCodec.Verify(refreshToken, keys.Current, out var claims) != JwtVerdict.Valid ||
            claims.Fingerprint is null || claims.SessionCreatedAt is null || claims.Exp is null || claims.JwtId is not null)
        {
            return null;
        }

        var now = clock.UtcNow;
        var nowSeconds = now.ToUnixTimeMilliseconds() / 1000.0;
        if (nowSeconds >= claims.Exp.Value || !sessions.TryConsume(claims.Fingerprint, out var session))
        {
            return null;
        }

        if (session.CreatedAtMs != claims.SessionCreatedAt.Value || nowSeconds >= session.ExpiresAt ||
            !string.Equals(session.MerchantId, merchant.MerchantId, StringComparison.Ordinal))
        {
            return null;
        }

        return IssuePair(session, now.ToUnixTimeSeconds(), merchant);
    }

    /// <summary>An access token, valid or expired, of one of the merchants (<see cref="AccessCheck.MerchantId"/> says which).</summary>
    public AccessCheck CheckAccess(string token)
    {
        var verdict = JwtCodec.Verify(token, keys.Current, out var claims);
        switch (verdict)
        {
            case JwtVerdict.Malformed:
                return new AccessCheck(AccessVerdict.Invalid, 0, "jwt malformed");
            case JwtVerdict.InvalidAlgorithm:
                return new AccessCheck(AccessVerdict.Invalid, 0, "invalid algorithm");
            case JwtVerdict.InvalidSignature:
                return new AccessCheck(AccessVerdict.Invalid, 0, "invalid signature");
        }

        if (claims.Exp is null || claims.JwtId is null || claims.T != UserType || !options.Merchants.Any(m => string.Equals(m.MerchantId, claims.MerchantId, StringComparison.Ordinal)))
        {
            // Signed by us but not an access token of this merchant (e.g. a refresh token sent as a Bearer token).
            return new AccessCheck(AccessVerdict.Invalid, 0, "invalid token");
        }

        var nowSeconds = clock.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        return nowSeconds >= claims.Exp.Value
            ? new AccessCheck(AccessVerdict.Expired, claims.Exp.Value, "jwt expired", claims.MerchantId)
            : new AccessCheck(AccessVerdict.Valid, claims.Exp.Value, null, claims.MerchantId);
    }

    private TokenPair IssuePair(Session session, long iat, MerchantAccount merchant)
    {
        var key = keys.Current;
        var fingerprint = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var exp = iat + _accessLifetime;
        var access = JwtCodec.Sign(key, Payload((merchant, fingerprint, iat, exp), static (w, s) =>
        {
            w.WriteString("id", UserId);
            w.WriteString("email", s.merchant.Email);
            w.WriteString("role", Role);
            w.WriteString("username", Username);
            w.WriteString("t", UserType);
            w.WriteString("merchantId", s.merchant.MerchantId);
            w.WriteStartObject("institution");
            w.WriteString("id", InstitutionId);
            w.WriteString("title", InstitutionTitle);
            w.WriteStartArray("groups");
            foreach (var (id, type) in InstitutionGroups)
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("type", type);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("fingerprint", s.fingerprint);
            w.WriteString("jwtId", Guid.NewGuid());
            w.WriteNumber("iat", s.iat);
            w.WriteNumber("exp", s.exp);
        }));

        var refresh = JwtCodec.Sign(key, Payload((fingerprint, session, iat), static (w, s) =>
        {
            w.WriteString("id", UserId);
            w.WriteString("fingerprint", s.fingerprint);
            w.WriteNumber("sessionCreatedAt", s.session.CreatedAtMs);
            w.WriteNumber("iat", s.iat);
            w.WriteNumber("exp", s.session.ExpiresAt);
        }));

        sessions.Add(fingerprint, session);
        secrets.Add(access);
        secrets.Add(refresh);
        stats.AddTokensIssued(2);
        return new TokenPair(access, exp, refresh);
    }

    private static byte[] Payload<TState>(TState state, Action<Utf8JsonWriter, TState> writeClaims)
    {
        var buffer = new ArrayBufferWriter<byte>(640);
        using (var w = new Utf8JsonWriter(buffer, ApiJson.WriterOptions))
        {
            w.WriteStartObject();
            writeClaims(w, state);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
