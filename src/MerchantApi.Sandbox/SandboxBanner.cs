using System.Reflection;

namespace MerchantApi.Sandbox;

/// <summary>
/// What the sandbox prints on stdout once it listens, after the <c>SANDBOX_LISTENING &lt;url&gt;</c> line that tools
/// parse: the URL, the seeded merchants' test credentials and the lines that connect a pwsh to it. A local test
/// server with test credentials: printing them is its purpose. <c>--quiet</c> leaves the banner out.
/// </summary>
internal static class SandboxBanner
{
    /// <summary>The product version the sandbox was built with (the module's: both come from Directory.Build.props).</summary>
    public static string Version { get; } =
        typeof(SandboxBanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEnumerable<string> Lines(string url, SandboxOptions options, string? certificatePath)
    {
        yield return $"MerchantApi sandbox {Version} at {url} (data in memory; Ctrl+C stops it; --help lists the options)";
        yield return $"  merchant id : {options.MerchantId}";
        yield return $"  email       : {options.Email}";
        yield return $"  password    : {options.Password}";
        yield return $"  API key     : {options.ApiKey}";
        if (certificatePath is not null)
        {
            yield return $"  CA (PEM)    : {certificatePath}";
        }

        var trust = certificatePath is null ? "" : $" -CertificateAuthorityPath {Quote(certificatePath)}";
        yield return "Connect from pwsh with the MerchantApi module imported (over HTTPS, -SkipCertificateCheck instead of the CA also works):";
        yield return $"  $cred = [pscredential]::new({Quote(options.Email)}, (ConvertTo-SecureString {Quote(options.Password)} -AsPlainText -Force))";
        yield return $"  Connect-MerchantApi -BaseUri {url} -MerchantId {options.MerchantId} -Credential $cred{trust}";
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
