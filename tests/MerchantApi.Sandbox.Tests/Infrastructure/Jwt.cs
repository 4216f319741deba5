using System.Buffers.Text;
using System.Text.Json;

namespace MerchantApi.Sandbox.Tests.Infrastructure;

/// <summary>Decodes a compact JWT without trusting it (for asserting on header and claims).</summary>
public sealed record Jwt(JsonElement Header, JsonElement Payload, string RawHeader, string RawPayload)
{
    public static Jwt Decode(string token)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var header = System.Text.Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0]));
        var payload = System.Text.Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        return new Jwt(JsonDocument.Parse(header).RootElement.Clone(), JsonDocument.Parse(payload).RootElement.Clone(), header, payload);
    }

    public long Iat => Payload.GetProperty("iat").GetInt64();

    public long Exp => Payload.GetProperty("exp").GetInt64();

    public string Claim(string name) => Payload.GetProperty(name).GetString()!;

    public string[] ClaimNames => Payload.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>The same token with one claim replaced (signature kept, so it no longer matches).</summary>
    public static string Tamper(string token, string claim, object value)
    {
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64Url.DecodeFromChars(parts[1]))!;
        payload[claim] = JsonSerializer.SerializeToElement(value);
        parts[1] = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload));
        return string.Join('.', parts);
    }
}
