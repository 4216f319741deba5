using System.Net;

namespace MerchantApi.Http;

/// <summary>
/// The proxy the environment names, read when a session connects (not once per process, as .NET's default proxy
/// is): <c>HTTPS_PROXY</c> for https addresses, <c>HTTP_PROXY</c> for http ones, <c>ALL_PROXY</c> for either, and
/// <c>NO_PROXY</c> for hosts to reach directly (comma-separated; <c>*</c> for all, <c>example.com</c> or
/// <c>.example.com</c> for a domain and its subdomains, <c>host:port</c> for one port). Lower-case names count too,
/// and win, as with curl. A user name and password in a proxy's URI are its credentials.
/// </summary>
internal sealed class EnvironmentProxy : IWebProxy
{
    private readonly Uri? _https;
    private readonly Uri? _http;
    private readonly string[] _bypass;

    private EnvironmentProxy(Uri? https, Uri? http, string[] bypass, ICredentials? credentials)
    {
        _https = https;
        _http = http;
        _bypass = bypass;
        Credentials = credentials;
    }

    public ICredentials? Credentials { get; set; }

    /// <summary>The proxy of the environment, or null when it names none (the system's own settings then apply).</summary>
    public static EnvironmentProxy? FromEnvironment(Func<string, string?> environment)
    {
        string? Read(string name) => environment(name.ToLowerInvariant()) is { Length: > 0 } lower ? lower
            : environment(name) is { Length: > 0 } upper ? upper : null;

        var all = ProxyUri(Read("ALL_PROXY"));
        var https = ProxyUri(Read("HTTPS_PROXY")) ?? all;
        var http = ProxyUri(Read("HTTP_PROXY")) ?? all;
        if (https is null && http is null)
            return null;
        var bypass = (Read("NO_PROXY") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var credentials = new CredentialCache();
        foreach (var proxy in new[] { https, http }.OfType<Uri>().Distinct())
        {
            if (CredentialsOf(proxy) is { } credential)
                credentials.Add(proxy, "Basic", credential);
        }
        return new EnvironmentProxy(Strip(https), Strip(http), bypass, credentials);
    }

    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? null : destination.Scheme == Uri.UriSchemeHttps ? _https : _http;

    public bool IsBypassed(Uri host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.IdnHost.Trim('[', ']');
        foreach (var entry in _bypass)
        {
            if (entry == "*")
                return true;
            var (entryHost, entryPort) = SplitPort(entry.TrimStart('*').TrimStart('.'));
            if (entryPort is { } port && port != host.Port)
                continue;
            if (string.Equals(name, entryHost, StringComparison.OrdinalIgnoreCase)
                || name.EndsWith("." + entryHost, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>What the proxy of <paramref name="destination"/> is shown as: its address, never its credentials.</summary>
    public override string ToString() => $"environment proxy ({_https?.Authority ?? "none"} for https, {_http?.Authority ?? "none"} for http)";

    /// <summary>A proxy variable's value as a URI: a bare <c>host:port</c> means http://host:port.</summary>
    internal static Uri? ProxyUri(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (!text.Contains("://", StringComparison.Ordinal)) text = "http://" + text;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>The user name and password a proxy URI carries, if any.</summary>
    internal static NetworkCredential? CredentialsOf(Uri proxy)
    {
        if (proxy.UserInfo.Length == 0) return null;
        var parts = proxy.UserInfo.Split(':', 2);
        return new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }

    /// <summary>The URI without its user info: what is connected to, and all that may be shown.</summary>
    internal static Uri? Strip(Uri? proxy) =>
        proxy is null || proxy.UserInfo.Length == 0 ? proxy : new UriBuilder(proxy) { UserName = "", Password = "" }.Uri;

    private static (string Host, int? Port) SplitPort(string entry)
    {
        var colon = entry.LastIndexOf(':');
        if (colon > 0 && entry.IndexOf(']') < colon && int.TryParse(entry[(colon + 1)..], out var port) && !entry[..colon].Contains(':'))
            return (entry[..colon], port);
        return (entry.Trim('[', ']'), null);
    }
}
