using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>--https: TLS with a certificate made at start, trusted through the CA PEM the sandbox writes.</summary>
public sealed class HttpsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sandbox-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<TestSandbox> StartHttpsAsync() => TestSandbox.StartAsync(o => o.Https = true);

    [Fact]
    public async Task A_client_that_trusts_the_ca_pem_logs_in_over_tls()
    {
        await using var sandbox = await StartHttpsAsync();
        using var authority = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(sandbox.Host.CertificatePath!));
        using var client = TestSandbox.CreateClient(sandbox.Url, trust: authority);

        var login = await TestSandbox.SendAsync(client, HttpMethod.Post, "/v2/auth/login",
            TestSandbox.Json(new { token = sandbox.Options.Email, password = sandbox.Options.Password }), sandbox.MerchantHeader);

        Assert.Matches(@"^https://127\.0\.0\.1:\d+$", sandbox.Url);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.False(string.IsNullOrEmpty(Tokens.From(login).AccessToken));
        Assert.Equal(authority.RawData, sandbox.Host.CertificateAuthority!.RawData);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_ca_fails_to_authenticate_the_server()
    {
        await using var sandbox = await StartHttpsAsync();
        await using var other = await StartHttpsAsync();
        using var systemTrust = TestSandbox.CreateClient(sandbox.Url);
        using var otherTrust = TestSandbox.CreateClient(sandbox.Url, trust: other.Host.CertificateAuthority);

        foreach (var client in new[] { systemTrust, otherTrust })
        {
            var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("/v2/auth/login", null));
            Assert.IsType<AuthenticationException>(failure.InnerException);
        }

        Assert.Equal(0, (await sandbox.StatsAsync()).GetProperty("logins").GetInt32());
    }

    [Fact]
    public async Task The_server_certificate_names_the_loopback_addresses_and_localhost_for_server_auth_for_a_week()
    {
        await using var sandbox = await StartHttpsAsync();
        var port = new Uri(sandbox.Url).Port;
        var authority = sandbox.Host.CertificateAuthority!;

        // TLS to 127.0.0.1 asking for "localhost": the name a client that dials localhost checks.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        var options = TestSandbox.TrustOnly(authority);
        options.TargetHost = "localhost";
        await tls.AuthenticateAsClientAsync(options);
        using var server = X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());

        var names = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        var usages = server.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], usages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.False(server.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(authority.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(authority.SubjectName.RawData, server.IssuerName.RawData);
        Assert.NotEqual(authority.SubjectName.RawData, server.SubjectName.RawData);
        var now = DateTime.UtcNow;
        Assert.InRange(server.NotBefore.ToUniversalTime(), now.AddMinutes(-61), now.AddMinutes(-59));
        Assert.InRange(server.NotAfter.ToUniversalTime(), now.AddDays(7).AddMinutes(-1), now.AddDays(7).AddMinutes(1));
        Assert.False(authority.HasPrivateKey);
    }

    [Fact]
    public async Task Faults_and_the_rate_limit_work_over_tls()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.Https = true;
            o.DropAfterCommitRate = 1;
            o.RateLimitPerSecond = 0.001;
            o.RateBurst = 1;
        });

        // A dropped connection, not a handshake failure: the TLS session was fine, the answer never came.
        var dropped = await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.CreateAsync(CustomerBodies.Valid()));
        Assert.IsNotType<AuthenticationException>(dropped.InnerException);
        var limited = await sandbox.CreateAsync(CustomerBodies.Valid());

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        // 1000 s a token, less the little refilled since the first request.
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(990), TimeSpan.FromSeconds(1000));
        var faults = (await sandbox.StatsAsync()).GetProperty("faults");
        Assert.Equal((1, 1), (faults.GetProperty("dropsAfterCommit").GetInt32(), faults.GetProperty("rateLimited").GetInt32()));
    }

    [Fact]
    public async Task An_https_url_alone_turns_tls_on()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Urls = "https://127.0.0.1:0");

        Assert.StartsWith("https://", sandbox.Url, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.LoginAsync()).Status);
    }

    [Fact]
    public async Task Without_https_there_is_no_certificate()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        Assert.StartsWith("http://", sandbox.Url, StringComparison.Ordinal);
        Assert.Null(sandbox.Host.CertificatePath);
        Assert.Null(sandbox.Host.CertificateAuthority);
    }

    [Fact]
    public async Task An_in_process_sandbox_removes_its_ca_pem_when_disposed()
    {
        var sandbox = await StartHttpsAsync();
        var path = sandbox.Host.CertificatePath!;
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(path), StringComparison.Ordinal);

        await sandbox.DisposeAsync();

        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public async Task The_process_reports_an_https_url_and_the_ca_pem_in_the_ready_file()
    {
        var readyFile = Path.Combine(_folder, "ready.json");
        using var process = SandboxProcess.Start(["--https", "--urls", "http://127.0.0.1:0", "--ready-file", readyFile]);

        var ready = JsonDocument.Parse(await SandboxProcess.WaitForFileAsync(readyFile, TimeSpan.FromSeconds(20), process)).RootElement;

        Assert.Equal(["url", "processId", "merchantId", "email", "password", "apiKey", "certificatePath"], ready.EnumerateObject().Select(p => p.Name));
        var url = ready.GetProperty("url").GetString()!;
        Assert.Matches(@"^https://127\.0\.0\.1:\d+$", url);
        var certificatePath = ready.GetProperty("certificatePath").GetString()!;
        Assert.Equal(Path.Combine(_folder, "ready.ca.pem"), certificatePath);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
        var pem = await File.ReadAllTextAsync(certificatePath);
        Assert.DoesNotContain("PRIVATE KEY", pem);

        var timer = Stopwatch.StartNew();
        while (!process.StdoutLines.Any(l => l.Contains("Connect-MerchantApi ", StringComparison.Ordinal)) && timer.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        Assert.Equal($"SANDBOX_LISTENING {url}", process.StdoutLines.First());
        Assert.Contains(process.StdoutLines, l => l.EndsWith($"-Credential $cred -CertificateAuthorityPath '{certificatePath}'", StringComparison.Ordinal));
        using var authority = X509Certificate2.CreateFromPem(pem);
        using var client = TestSandbox.CreateClient(url, trust: authority);
        var login = await TestSandbox.SendAsync(client, HttpMethod.Post, "/v2/auth/login",
            TestSandbox.Json(new { token = SandboxOptions.DefaultEmail, password = SandboxOptions.DefaultPassword }),
            ("merchant_id", SandboxOptions.DefaultMerchantId));
        Assert.Equal(HttpStatusCode.OK, login.Status);
    }
}
