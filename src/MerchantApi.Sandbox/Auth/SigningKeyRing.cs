using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MerchantApi.Sandbox.Auth;

/// <summary>An RSA 2048 key and its precomputed JWT header <c>{"alg":"RS256","kid":...,"typ":"JWT"}</c>.</summary>
internal sealed class SigningKey
{
    public SigningKey()
    {
        Rsa = RSA.Create(2048);
        PublicParameters = Rsa.ExportParameters(includePrivateParameters: false);
        Kid = Convert.ToHexStringLower(SHA256.HashData(PublicParameters.Modulus!))[..16];
        EncodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"RS256","kid":"{{Kid}}","typ":"JWT"}"""));
    }

    /// <summary>
    /// Shared by all requests: RSA sign/verify keep no per-call state in the instance (OpenSSL makes a context per
    /// operation), which is also how Microsoft.IdentityModel uses one key from many threads.
    /// </summary>
    public RSA Rsa { get; }

    public RSAParameters PublicParameters { get; }

    public string Kid { get; }

    public string EncodedHeader { get; }

    public int SignatureLength => Rsa.KeySize / 8;
}

/// <summary>
/// The one signing key of this process. <see cref="Rotate"/> replaces it, so every token issued before fails its
/// signature check (like a restart). An old key is not disposed: a request may still be verifying with it.
/// </summary>
internal sealed class SigningKeyRing
{
    private volatile SigningKey _current = new();

    public SigningKey Current => _current;

    public SigningKey Rotate()
    {
        var key = new SigningKey();
        _current = key;
        return key;
    }
}
