using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MerchantApi.Sandbox.Http;

/// <summary>
/// The certificates of an HTTPS sandbox, made at start and never stored with a private key: a private certificate
/// authority, and the server certificate it signs for the loopback names. A client trusts the authority (its PEM
/// file), not the server certificate, the way it trusts a real provider's CA; the authority's key is thrown away
/// once it has signed, so nothing else can ever be signed with it.
/// </summary>
internal sealed class SandboxCertificates : IDisposable
{
    /// <summary>The names a client may reach the sandbox by: what <c>--urls</c> allows on this machine.</summary>
    public static readonly IReadOnlyList<string> DnsNames = ["localhost"];

    public static readonly IReadOnlyList<IPAddress> IpAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    private SandboxCertificates(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        Server = server;
    }

    /// <summary>The CA's certificate, without its key: what a client adds to its trust.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server's certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>
    /// Valid from an hour ago (a client whose clock is a little behind still accepts it) for a week (longer than any
    /// test run; a sandbox is never meant to live that long).
    /// </summary>
    public static SandboxCertificates Create()
    {
        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = notBefore.AddHours(1).AddDays(7);

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=MerchantApi Sandbox CA, O=MerchantApi Sandbox", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(pathLengthConstraint: 0));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false));
        using var authorityWithKey = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost, O=MerchantApi Sandbox", serverKey, HashAlgorithmName.SHA256);
        serverRequest.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForEndEntity(critical: true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthenticationOid)], critical: false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, critical: false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityWithKey, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in DnsNames)
        {
            names.AddDnsName(dnsName);
        }

        foreach (var address in IpAddresses)
        {
            names.AddIpAddress(address);
        }

        serverRequest.CertificateExtensions.Add(names.Build(critical: false));
        using var serverPublic = serverRequest.Create(authorityWithKey, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var serverWithKey = serverPublic.CopyWithPrivateKey(serverKey);

        // Through PKCS#12 and back: a certificate whose key was attached in memory is refused by the TLS stack on some
        // platforms ("No credentials are available in the security package"); a loaded one is accepted everywhere.
        var server = X509CertificateLoader.LoadPkcs12(serverWithKey.Export(X509ContentType.Pkcs12), password: null);
        var authority = X509CertificateLoader.LoadCertificate(authorityWithKey.RawData);
        return new SandboxCertificates(authority, server);
    }

    /// <summary>Writes the CA's certificate as PEM (atomically, like the ready file) and returns the full path.</summary>
    public string WriteAuthorityPem(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, Authority.ExportCertificatePem() + "\n");
        File.Move(temporary, full, overwrite: true);
        return full;
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
