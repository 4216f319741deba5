using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MerchantApi.Sandbox.Auth;

/// <summary>The claims the sandbox reads back from its own tokens (nested ones such as institution are skipped).</summary>
internal struct TokenClaims
{
    public string? Id;
    public string? Email;
    public string? T;
    public string? MerchantId;
    public string? Fingerprint;
    public string? JwtId;
    public long? Iat;
    public long? Exp;
    public long? SessionCreatedAt;
}

internal enum JwtVerdict
{
    Valid,
    Malformed,
    InvalidAlgorithm,
    InvalidSignature,
}

/// <summary>
/// RS256 compact JWTs, written and checked by hand: the exact claim order of the provider's tokens, and a cheap
/// check (one RSA verify and a forward-only JSON read, pooled buffers) for the ~10k requests/s the benchmarks need.
/// Tests cross-check the output with Microsoft.IdentityModel's JsonWebTokenHandler.
/// </summary>
internal static class JwtCodec
{
    private const int MaxTokenLength = 16 * 1024;

    public static string Sign(SigningKey key, ReadOnlySpan<byte> payloadJson)
    {
        var signingInput = key.EncodedHeader + "." + Base64Url.EncodeToString(payloadJson);
        var signature = key.Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Checks shape, algorithm, key id and signature (in that order, like jsonwebtoken) and reads the claims. No time checks.</summary>
    public static JwtVerdict Verify(string token, SigningKey key, out TokenClaims claims)
    {
        claims = default;
        if (token.Length is 0 or > MaxTokenLength)
        {
            return JwtVerdict.Malformed;
        }

        var dot1 = token.IndexOf('.');
        var dot2 = dot1 < 0 ? -1 : token.IndexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 <= dot1 + 1 || dot2 == token.Length - 1 || token.IndexOf('.', dot2 + 1) >= 0)
        {
            return JwtVerdict.Malformed;
        }

        // One pooled buffer: [0, dot2) holds the ASCII signing input, the rest the decoded parts.
        var rented = ArrayPool<byte>.Shared.Rent(token.Length * 2);
        try
        {
            var signingInput = rented.AsSpan(0, dot2);
            var scratch = rented.AsSpan(dot2);

            if (!TryDecode(token.AsSpan(0, dot1), scratch, out var headerLength) ||
                !ReadHeader(scratch[..headerLength], out var alg, out var kid))
            {
                return JwtVerdict.Malformed;
            }

            if (!TryDecode(token.AsSpan(dot1 + 1, dot2 - dot1 - 1), scratch, out var payloadLength) ||
                !ReadClaims(scratch[..payloadLength], out claims))
            {
                return JwtVerdict.Malformed;
            }

            if (alg != "RS256")
            {
                return JwtVerdict.InvalidAlgorithm;
            }

            if (kid is not null && kid != key.Kid)
            {
                return JwtVerdict.InvalidSignature;
            }

            if (!TryDecode(token.AsSpan(dot2 + 1), scratch, out var signatureLength) ||
                signatureLength != key.SignatureLength)
            {
                return JwtVerdict.InvalidSignature;
            }

            if (Encoding.ASCII.GetBytes(token.AsSpan(0, dot2), signingInput) != dot2 ||
                !key.Rsa.VerifyData(signingInput, scratch[..signatureLength], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return JwtVerdict.InvalidSignature;
            }

            return JwtVerdict.Valid;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Base64url decoding that says no instead of throwing (TryDecodeFromChars throws on bad characters).</summary>
    private static bool TryDecode(ReadOnlySpan<char> source, Span<byte> destination, out int written)
    {
        written = 0;
        try
        {
            return Base64Url.IsValid(source) && Base64Url.TryDecodeFromChars(source, destination, out written);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool ReadHeader(ReadOnlySpan<byte> json, out string? alg, out string? kid)
    {
        alg = null;
        kid = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isAlg = reader.ValueTextEquals("alg"u8);
                var isKid = reader.ValueTextEquals("kid"u8);
                reader.Read();
                if ((isAlg || isKid) && reader.TokenType == JsonTokenType.String)
                {
                    if (isAlg)
                    {
                        alg = reader.GetString();
                    }
                    else
                    {
                        kid = reader.GetString();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return alg is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool ReadClaims(ReadOnlySpan<byte> json, out TokenClaims claims)
    {
        claims = default;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "id": claims.Id = StringOrNull(ref reader); break;
                    case "email": claims.Email = StringOrNull(ref reader); break;
                    case "t": claims.T = StringOrNull(ref reader); break;
                    case "merchantId": claims.MerchantId = StringOrNull(ref reader); break;
                    case "fingerprint": claims.Fingerprint = StringOrNull(ref reader); break;
                    case "jwtId": claims.JwtId = StringOrNull(ref reader); break;
                    case "iat": claims.Iat = NumberOrNull(ref reader); break;
                    case "exp": claims.Exp = NumberOrNull(ref reader); break;
                    case "sessionCreatedAt": claims.SessionCreatedAt = NumberOrNull(ref reader); break;
                    default: reader.Skip(); break;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static long? NumberOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return null;
        }

        if (reader.TryGetInt64(out var whole))
        {
            return whole;
        }

        return reader.TryGetDouble(out var d) && double.IsFinite(d) ? (long)Math.Floor(d) : null;
    }
}
