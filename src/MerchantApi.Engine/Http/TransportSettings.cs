using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MerchantApi.Http;

/// <summary>Which proxy a session goes through.</summary>
internal enum ProxyChoice
{
    /// <summary>What the environment names (<see cref="EnvironmentProxy"/>), else the system's settings.</summary>
    Environment,

    /// <summary>The one given to Connect-MerchantApi -Proxy.</summary>
    Explicit,

    /// <summary>None: -NoProxy.</summary>
    None,
}

/// <summary>
/// How a session reaches its server: whose certificates it trusts (the system's, a private CA for this session only, or
/// none checked) and which proxy it goes through. Sessions with the default settings share one connection pool; any
/// other settings get a pool of their own (<see cref="MerchantHttp"/>). Holds the proxy credential, so it is never
/// shown: <see cref="ToString"/> names addresses only.
/// </summary>
internal sealed class TransportSettings
{
    public static readonly TransportSettings Default = new() { IsDefault = true };

    /// <summary>Certificate authorities trusted for this session only, besides the system's (a private CA).</summary>
    public X509Certificate2Collection? TrustedAuthorities { get; init; }

    /// <summary>Accept any server certificate (tests against a sandbox; refused for other hosts without -Force).</summary>
    public bool SkipCertificateCheck { get; init; }

    public ProxyChoice Proxy { get; init; } = ProxyChoice.Environment;

    /// <summary>With <see cref="ProxyChoice.Explicit"/>: the proxy (without user info).</summary>
    public Uri? ProxyUri { get; init; }

    public NetworkCredential? ProxyCredential { get; init; }

    /// <summary>Read when the session connects; null when the environment names no proxy.</summary>
    public EnvironmentProxy? EnvironmentProxy { get; init; }

    private bool IsDefault { get; init; }

    /// <summary>Why the last certificate of each host was refused, for the error that follows the failed handshake.</summary>
    private readonly ConcurrentDictionary<string, string> _refusals = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The name of the HTTP client (and its connection pool) for these settings.</summary>
    internal string ClientName { get; private set; } = MerchantHttp.DefaultClientName;

    /// <summary>
    /// What Connect-MerchantApi's transport parameters ask for, checked: a proxy and no proxy at once, proxy credentials
    /// without a proxy, an unreadable CA file, and skipping the certificate check of a host that is not this machine
    /// without <paramref name="force"/> are refused.
    /// </summary>
    /// <exception cref="MerchantApiException">The ErrorId names the problem.</exception>
    public static TransportSettings Resolve(Uri baseUri, string? certificateAuthorityPath, bool skipCertificateCheck, bool force, Uri? proxy,
        NetworkCredential? proxyCredential, bool noProxy, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        if (proxy is not null && noProxy)
            throw Refused("ProxyConflict", "-Proxy and -NoProxy say opposite things; give one of them.");
        if (proxyCredential is not null && proxy is null)
            throw Refused("ProxyCredentialWithoutProxy", "-ProxyCredential needs -Proxy: give the proxy the credential is for.");
        if (proxy is not null && (!proxy.IsAbsoluteUri || (proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps)))
            throw Refused("InvalidProxy", $"-Proxy '{EnvironmentProxy.Strip(proxy)}' must be an absolute http:// address, for example http://proxy.example.com:3128.");
        if (skipCertificateCheck && certificateAuthorityPath is not null)
            throw Refused("CertificateOptionsConflict", "-SkipCertificateCheck and -CertificateAuthorityPath say opposite things; give one of them.");
        if (skipCertificateCheck && !baseUri.IsLoopback && !force)
        {
            throw new MerchantApiException("CertificateCheckRequired", MerchantErrorKind.PermissionDenied,
                $"Refusing to skip the certificate check of '{baseUri.Host}', which is not this machine: anyone in between could read the credentials.");
        }

        X509Certificate2Collection? authorities = null;
        if (certificateAuthorityPath is not null)
        {
            authorities = new X509Certificate2Collection();
            try
            {
                authorities.ImportFromPemFile(certificateAuthorityPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new MerchantApiException("InvalidCertificateAuthority", MerchantErrorKind.InvalidArgument,
                    $"-CertificateAuthorityPath '{certificateAuthorityPath}' could not be read as PEM certificates: {ex.Message}", inner: ex);
            }
            if (authorities.Count == 0)
            {
                throw new MerchantApiException("InvalidCertificateAuthority", MerchantErrorKind.InvalidArgument,
                    $"-CertificateAuthorityPath '{certificateAuthorityPath}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
            }
        }
        var choice = noProxy ? ProxyChoice.None : proxy is not null ? ProxyChoice.Explicit : ProxyChoice.Environment;
        return For(authorities, skipCertificateCheck, choice, proxy, proxyCredential, environment);
    }

    private static MerchantApiException Refused(string errorId, string message) => new(errorId, MerchantErrorKind.InvalidArgument, message);

    /// <summary>The settings for a connection: the default instance when nothing differs from it.</summary>
    public static TransportSettings For(X509Certificate2Collection? authorities, bool skipCertificateCheck, ProxyChoice proxy, Uri? proxyUri,
        NetworkCredential? proxyCredential, Func<string, string?> environment)
    {
        var fromEnvironment = proxy == ProxyChoice.Environment ? EnvironmentProxy.FromEnvironment(environment) : null;
        if (authorities is null && !skipCertificateCheck && proxy == ProxyChoice.Environment && fromEnvironment is null)
            return Default;
        var settings = new TransportSettings
        {
            TrustedAuthorities = authorities,
            SkipCertificateCheck = skipCertificateCheck,
            Proxy = proxy,
            ProxyUri = EnvironmentProxy.Strip(proxyUri),
            ProxyCredential = proxyCredential ?? (proxyUri is null ? null : EnvironmentProxy.CredentialsOf(proxyUri)),
            EnvironmentProxy = fromEnvironment,
        };
        settings.ClientName = MerchantHttp.RegisterClient(settings);
        return settings;
    }

    /// <summary>The handler that talks to the network: redirects off (credentials never follow a redirect), this
    /// session's trust and proxy.</summary>
    internal SocketsHttpHandler CreatePrimaryHandler()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = Validate;
        switch (Proxy)
        {
            case ProxyChoice.None:
                handler.UseProxy = false;
                break;
            case ProxyChoice.Explicit:
                handler.Proxy = new WebProxy(ProxyUri) { Credentials = ProxyCredential };
                handler.UseProxy = true;
                break;
            default:
                // Null: .NET's default proxy (the system's settings), read once per process.
                handler.Proxy = EnvironmentProxy;
                handler.UseProxy = true;
                break;
        }
        return handler;
    }

    /// <summary>The proxy a request to <paramref name="destination"/> goes through (its address, never its credentials),
    /// and whether a credential for it was given.</summary>
    internal (string? Proxy, bool WithCredential) ProxyOf(Uri destination)
    {
        return Proxy switch
        {
            ProxyChoice.Explicit => (ProxyUri?.Authority, ProxyCredential is not null),
            ProxyChoice.Environment when EnvironmentProxy?.GetProxy(destination) is { } proxy => (proxy.Authority, EnvironmentProxy.Credentials?.GetCredential(proxy, "Basic") is not null),
            _ => (null, false),
        };
    }

    /// <summary>Why <paramref name="host"/>'s certificate was refused, when it was.</summary>
    internal string? RefusalOf(string host) => _refusals.TryGetValue(host, out var reason) ? reason : null;

    public override string ToString() =>
        $"{(SkipCertificateCheck ? "certificates not checked" : TrustedAuthorities is { Count: > 0 } cas ? $"system trust and {cas.Count} private CA certificate(s)" : "system trust")}; " +
        Proxy switch
        {
            ProxyChoice.None => "no proxy",
            ProxyChoice.Explicit => $"proxy {ProxyUri?.Authority}" + (ProxyCredential is null ? "" : " with credentials"),
            _ => EnvironmentProxy?.ToString() ?? "the system's proxy settings",
        };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var host = (sender as SslStream)?.TargetHostName ?? "";
        if (SkipCertificateCheck || errors == SslPolicyErrors.None)
            return true;
        if (errors == SslPolicyErrors.RemoteCertificateChainErrors && TrustedAuthorities is { Count: > 0 } && certificate is not null)
        {
            // Only the private CA may vouch for the chain: it is trusted for this session, the machine's store is untouched.
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(TrustedAuthorities);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            if (custom.Build(leaf))
                return true;
            _refusals[host] = Describe(SslPolicyErrors.RemoteCertificateChainErrors, custom, leaf);
            return false;
        }
        _refusals[host] = Describe(errors, chain, certificate);
        return false;
    }

    private static string Describe(SslPolicyErrors errors, X509Chain? chain, X509Certificate? certificate)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            reasons.Add("it sent no certificate");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            reasons.Add($"its certificate is for another name ({certificate?.Subject})");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct().ToList() ?? [];
            reasons.Add($"its certificate ({certificate?.Subject}) is not trusted" + (statuses.Count > 0 ? $" ({string.Join("; ", statuses)})" : ""));
        }
        return string.Join(", and ", reasons);
    }
}
