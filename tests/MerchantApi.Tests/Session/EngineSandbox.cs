using System.Net.Http.Json;
using System.Security;
using System.Text.Json;
using MerchantApi.Http;
using MerchantApi.Sandbox;

namespace MerchantApi.Tests.Session;

/// <summary>A sandbox in this process over real HTTP, plus the engine calls and sandbox counters the tests need.</summary>
internal sealed class EngineSandbox : IAsyncDisposable
{
    private readonly HttpClient _admin;

    private EngineSandbox(SandboxHost host)
    {
        Host = host;
        _admin = new HttpClient { BaseAddress = new Uri(host.Url) };
    }

    public SandboxHost Host { get; }

    public Uri BaseUri => new(Host.Url);

    public static async Task<EngineSandbox> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { Urls = "http://127.0.0.1:0" };
        configure?.Invoke(options);
        return new EngineSandbox(await SandboxHost.StartAsync(options));
    }

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    public Task<MerchantSession> ConnectAsync(bool relogin = true) =>
        MerchantSession.ConnectWithCredentialAsync(BaseUri, Host.Options.MerchantId, Host.Options.Email,
            Secure(Host.Options.Password), new SessionSettings { ReloginWithCredential = relogin }, CallOptions.Default,
            CancellationToken.None);

    /// <summary>One authenticated read (find, take 1).</summary>
    public static Task ReadAsync(MerchantSession session) =>
        CustomerApi.ProbeAsync(session, new CallOptions { MaxAttempts = 1 }, CancellationToken.None);

    public async Task<Stats> StatsAsync()
    {
        using var response = await _admin.PostAsJsonAsync("/__sandbox/stats", new { });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new Stats(doc.RootElement.GetProperty("data").Clone());
    }

    /// <summary>A new signing key: every token issued so far is invalid, as after a restart.</summary>
    public async Task RotateKeyAsync()
    {
        using var response = await _admin.PostAsJsonAsync("/__sandbox/rotate-key", new { });
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await Host.DisposeAsync();
    }

    internal sealed record Stats(JsonElement Data)
    {
        public long Logins => Data.GetProperty("logins").GetInt64();
        public long Refreshes => Data.GetProperty("refreshes").GetInt64();

        /// <summary>Requests the sandbox answered on <paramref name="path"/> with <paramref name="status"/>.</summary>
        public long Requests(string path, int status) =>
            Data.GetProperty("requests").TryGetProperty(path, out var byStatus) &&
            byStatus.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var n) ? n.GetInt64() : 0;
    }
}
