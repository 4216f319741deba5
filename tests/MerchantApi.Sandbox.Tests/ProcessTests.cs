using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>The built sandbox as a separate process: --help, exit codes, ready file, SANDBOX_LISTENING, SIGTERM.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sandbox-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var (exitCode, stdout, _) = await SandboxProcess.RunAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage: dotnet MerchantApi.Sandbox.dll [options]", stdout);
        Assert.Contains("--drop-after-commit-rate", stdout);
    }

    [Fact]
    public async Task An_unknown_option_exits_2_with_a_message()
    {
        var (exitCode, stdout, stderr) = await SandboxProcess.RunAsync("--urls", "http://127.0.0.1:0", "--frobnicate");

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown option '--frobnicate'", stderr);
        Assert.DoesNotContain("SANDBOX_LISTENING", stdout);
    }

    [Fact]
    public async Task Runs_writes_the_ready_file_serves_a_login_and_exits_0_on_sigterm()
    {
        var readyFile = Path.Combine(_folder, "sub", "ready.json");
        using var sandbox = SandboxProcess.Start(["--urls", "http://127.0.0.1:0", "--ready-file", readyFile, "--email", "proc@sandbox.test"]);

        var ready = JsonDocument.Parse(await SandboxProcess.WaitForFileAsync(readyFile, TimeSpan.FromSeconds(20), sandbox)).RootElement;

        Assert.Equal(["url", "processId", "merchantId", "email", "password", "apiKey"], ready.EnumerateObject().Select(p => p.Name));
        var url = ready.GetProperty("url").GetString()!;
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", url);
        Assert.NotEqual(0, new Uri(url).Port);
        Assert.Equal(sandbox.Process.Id, ready.GetProperty("processId").GetInt32());
        Assert.Equal(SandboxOptions.DefaultMerchantId, ready.GetProperty("merchantId").GetString());
        Assert.Equal("proc@sandbox.test", ready.GetProperty("email").GetString());
        Assert.Equal(SandboxOptions.DefaultPassword, ready.GetProperty("password").GetString());
        Assert.Equal(SandboxOptions.DefaultApiKey, ready.GetProperty("apiKey").GetString());
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(readyFile)!, "*.tmp"));

        // First the line tools parse, naming the same URL; then the banner: the credentials and the line to connect.
        var timer = Stopwatch.StartNew();
        while (!sandbox.StdoutLines.Any(l => l.Contains("Connect-MerchantApi ", StringComparison.Ordinal)) && timer.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        Assert.Equal($"SANDBOX_LISTENING {url}", sandbox.StdoutLines.First());
        var banner = string.Join('\n', sandbox.StdoutLines.Skip(1));
        Assert.Contains(url, banner);
        Assert.Contains(SandboxOptions.DefaultMerchantId, banner);
        Assert.Contains("proc@sandbox.test", banner);
        Assert.Contains(SandboxOptions.DefaultPassword, banner);
        Assert.Contains(SandboxOptions.DefaultApiKey, banner);
        Assert.Contains($"Connect-MerchantApi -BaseUri {url} -MerchantId {SandboxOptions.DefaultMerchantId} -Credential $cred", banner);
        Assert.DoesNotContain("CertificateAuthorityPath", banner);

        using var client = TestSandbox.CreateClient(url);
        var login = await TestSandbox.SendAsync(client, HttpMethod.Post, "/v2/auth/login",
            TestSandbox.Json(new { token = "proc@sandbox.test", password = ready.GetProperty("password").GetString() }),
            ("merchant_id", ready.GetProperty("merchantId").GetString()!));
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.StartsWith("eyJ", login.Data.GetProperty("accessToken").GetString());

        sandbox.SendSigterm();
        await sandbox.WaitForExitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, sandbox.Process.ExitCode);
    }

    [Fact]
    public async Task Quiet_prints_only_the_listening_line()
    {
        var readyFile = Path.Combine(_folder, "quiet-ready.json");
        using var sandbox = SandboxProcess.Start(["--urls", "http://127.0.0.1:0", "--ready-file", readyFile, "--quiet"]);
        var ready = JsonDocument.Parse(await SandboxProcess.WaitForFileAsync(readyFile, TimeSpan.FromSeconds(20), sandbox)).RootElement;
        var url = ready.GetProperty("url").GetString()!;
        using var client = TestSandbox.CreateClient(url);
        var response = await client.PostAsync("/__sandbox/shutdown", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await sandbox.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal([$"SANDBOX_LISTENING {url}"], sandbox.StdoutLines);
    }

    [Fact]
    public async Task The_ready_file_can_be_named_by_the_environment_and_shutdown_exits_0()
    {
        var readyFile = Path.Combine(_folder, "env-ready.json");
        using var sandbox = SandboxProcess.Start(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string> { ["SANDBOX_READY_FILE"] = readyFile });

        var ready = JsonDocument.Parse(await SandboxProcess.WaitForFileAsync(readyFile, TimeSpan.FromSeconds(20), sandbox)).RootElement;
        using var client = TestSandbox.CreateClient(ready.GetProperty("url").GetString()!);
        var response = await client.PostAsync("/__sandbox/shutdown", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await sandbox.WaitForExitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, sandbox.Process.ExitCode);
    }

    [Fact]
    public async Task A_port_in_use_exits_1_with_a_message()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (exitCode, stdout, stderr) = await SandboxProcess.RunAsync("--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot start", stderr);
        Assert.DoesNotContain("SANDBOX_LISTENING", stdout);
    }
}
