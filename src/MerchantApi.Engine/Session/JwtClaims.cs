using System.Buffers.Text;
using System.Text.Json;

namespace MerchantApi;

/// <summary>
/// The claims we read from the provider's JWTs. We never validate signatures (the server does); we only need
/// the lifetime and who the token belongs to.
/// </summary>
internal sealed record JwtClaims(
    long IssuedAt,
    long ExpiresAt,
    string? UserId,
    string? Role,
    string? UserName,
    string? InstitutionId,
    string? InstitutionTitle)
{
    /// <summary>The token's own lifetime, exp − iat; immune to any clock difference between us and the server.</summary>
    public TimeSpan Lifetime => TimeSpan.FromSeconds(Math.Max(0, ExpiresAt - IssuedAt));

    public static JwtClaims Parse(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
            throw new FormatException("The server returned a token that is not a JWT.");
        using var doc = JsonDocument.Parse(DecodeBase64Url(parts[1]));
        var root = doc.RootElement;
        string? Str(JsonElement parent, string name) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        long Num(string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;
        root.TryGetProperty("institution", out var institution);
        return new JwtClaims(Num("iat"), Num("exp"), Str(root, "id"), Str(root, "role"),
            Str(root, "username"), Str(institution, "id"), Str(institution, "title"));
    }

    private static byte[] DecodeBase64Url(string segment)
    {
        var base64 = segment.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
            throw new FormatException("The server returned a token whose payload is not base64url.");
        return bytes.AsSpan(0, written).ToArray();
    }
}

/// <summary>
/// A pair of tokens with expiries pinned to our own monotonic clock, counted from when the request that got them
/// was sent: the server cannot have issued them earlier, so latency never makes us late.
/// </summary>
internal sealed class TokenSnapshot
{
    public TokenSnapshot(string accessToken, string refreshToken, DateTimeOffset receivedAt, long receivedTimestamp)
    {
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        Claims = JwtClaims.Parse(accessToken);
        var refreshClaims = JwtClaims.Parse(refreshToken);
        AccessLifetime = Conservative(Claims.Lifetime);
        RefreshLifetime = Conservative(refreshClaims.Lifetime);
        ReceivedTimestamp = receivedTimestamp;
        AccessExpiresAt = receivedAt + AccessLifetime;
        RefreshExpiresAt = receivedAt + RefreshLifetime;
    }

    /// <summary>
    /// iat is whole seconds (floored), so a token may live up to a second less than exp − iat says. Short tokens
    /// lose at most half their life to this, so they still get used.
    /// </summary>
    private static TimeSpan Conservative(TimeSpan lifetime)
    {
        var rounding = TimeSpan.FromSeconds(1);
        return lifetime - (rounding < lifetime / 2 ? rounding : lifetime / 2);
    }

    public string AccessToken { get; }
    public string RefreshToken { get; }
    public JwtClaims Claims { get; }
    public TimeSpan AccessLifetime { get; }
    public TimeSpan RefreshLifetime { get; }
    public long ReceivedTimestamp { get; }
    public DateTimeOffset AccessExpiresAt { get; }
    public DateTimeOffset RefreshExpiresAt { get; }

    /// <summary>How long ago (monotonic) the tokens arrived; wall-clock jumps do not affect it.</summary>
    public TimeSpan Age(long nowTimestamp) => System.Diagnostics.Stopwatch.GetElapsedTime(ReceivedTimestamp, nowTimestamp);

    public bool AccessNeedsRenewal(TimeSpan margin, long nowTimestamp) =>
        Age(nowTimestamp) >= AccessLifetime - EffectiveMargin(margin);

    public bool RefreshExpired(long nowTimestamp) => Age(nowTimestamp) >= RefreshLifetime;

    /// <summary>Set when the server refused this token although it was brand new: renewing again would not help.</summary>
    public bool RejectedWhenFresh { get; set; }

    /// <summary>Never renew earlier than three quarters into a token's life, so very short tokens still get used.</summary>
    public TimeSpan EffectiveMargin(TimeSpan margin) =>
        margin < AccessLifetime / 4 ? margin : AccessLifetime / 4;
}
