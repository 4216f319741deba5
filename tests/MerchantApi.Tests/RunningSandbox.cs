using System.Net.Http.Json;
using System.Security;
using System.Text.Json;
using MerchantApi.Http;
using MerchantApi.Sandbox;

namespace MerchantApi.Tests;

/// <summary>
/// A sandbox in this process on 127.0.0.1:0: the engine talks real HTTP to it. Besides connecting, it drives the
/// sandbox's test-support endpoints (<c>/__sandbox/…</c>) and reads its counters.
/// </summary>
public sealed class RunningSandbox : IAsyncDisposable
{
    private readonly HttpClient _admin;

    private RunningSandbox(SandboxHost host)
    {
        Host = host;
        _admin = new HttpClient { BaseAddress = new Uri(host.Url) };
    }

    public SandboxHost Host { get; }
    public Uri Uri => new(Host.Url);
    public SandboxOptions Options => Host.Options;

    public static async Task<RunningSandbox> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { Urls = "http://127.0.0.1:0" };
        configure?.Invoke(options);
        return new RunningSandbox(await SandboxHost.StartAsync(options));
    }

    /// <summary>
    /// <see cref="StartAsync"/>, then one login, refresh and read through the engine, then the counters are cleared
    /// (<c>/__sandbox/reset</c>). For tests about <em>when</em> a short token is renewed: the first exchanges of a test
    /// process, and the first with a new sandbox, pay one-off costs (JIT on both sides, building the HTTP pipeline, a
    /// new connection) that took up to 2.8 s on a loaded machine, and the engine rightly counts all of a login's time
    /// into the age of the token it gets (the server may have issued it the moment the login arrived). A 4 s token is
    /// renewed at 2.25 s of age, so a cold first login could use up the time such a test means to spend on its reads.
    /// </summary>
    public static async Task<RunningSandbox> StartWarmAsync(Action<SandboxOptions>? configure = null)
    {
        var sandbox = await StartAsync(configure);
        try
        {
            var warmUp = await sandbox.ConnectAsync();
            await warmUp.RefreshNowAsync(CallOptions.Default, CancellationToken.None);
            await ReadAsync(warmUp);
            await sandbox.ControlAsync("reset");
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    internal Task<MerchantSession> ConnectWithApiKeyAsync(CallOptions? options = null) =>
        MerchantSession.ConnectWithApiKeyAsync(Uri, Secure(Options.ApiKey), Options.MerchantId, new SessionSettings(),
            options ?? CallOptions.Default, CancellationToken.None);

    internal Task<MerchantSession> ConnectWithCredentialAsync(SessionSettings? settings = null, CallOptions? options = null) =>
        MerchantSession.ConnectWithCredentialAsync(Uri, Options.MerchantId, Options.Email, Secure(Options.Password),
            settings ?? new SessionSettings(), options ?? CallOptions.Default, CancellationToken.None);

    /// <summary>Connects with the credential; <paramref name="relogin"/> = false forbids logging in again when the refresh token dies.</summary>
    internal Task<MerchantSession> ConnectAsync(bool relogin = true) =>
        ConnectWithCredentialAsync(new SessionSettings { ReloginWithCredential = relogin });

    /// <summary>One authenticated read (find, take 1).</summary>
    internal static Task ReadAsync(MerchantSession session) =>
        CustomerApi.ProbeAsync(session, new CallOptions { MaxAttempts = 1 }, CancellationToken.None);

    /// <summary>Reads from <paramref name="callers"/> tasks released at the same moment, so they race for one token.</summary>
    internal static async Task ReadConcurrentlyAsync(MerchantSession session, int callers)
    {
        var gate = new TaskCompletionSource();
        var reads = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            await ReadAsync(session);
        })).ToArray();
        gate.SetResult();
        await Task.WhenAll(reads);
    }

    /// <summary>POST /__sandbox/{name}; returns the envelope's data.</summary>
    public async Task<JsonElement> ControlAsync(string name, object? body = null)
    {
        using var response = await PostControlAsync(name, body);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("data").Clone();
    }

    public async Task<Stats> StatsAsync() => new(await ControlAsync("stats"));

    public async Task<int> StoredCustomersAsync() => (await StatsAsync()).Customers;

    /// <summary>A new signing key: every token issued so far is invalid, as after a restart.</summary>
    public async Task RotateKeyAsync()
    {
        using var _ = await PostControlAsync("rotate-key", null);
    }

    private async Task<HttpResponseMessage> PostControlAsync(string name, object? body)
    {
        var response = await _admin.PostAsJsonAsync("/__sandbox/" + name, body ?? new { });
        try
        {
            response.EnsureSuccessStatusCode();
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>The sandbox's counters (<c>/__sandbox/stats</c>).</summary>
    public sealed record Stats(JsonElement Data)
    {
        public long Logins => Data.GetProperty("logins").GetInt64();
        public long Refreshes => Data.GetProperty("refreshes").GetInt64();
        public int Customers => Data.GetProperty("customers").GetInt32();

        /// <summary>Requests the sandbox answered on <paramref name="path"/> with <paramref name="status"/>.</summary>
        public long Requests(string path, int status) =>
            Data.GetProperty("requests").TryGetProperty(path, out var byStatus) &&
            byStatus.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var n) ? n.GetInt64() : 0;

        /// <summary>Requests the sandbox answered on <paramref name="path"/>, whatever the status.</summary>
        public long Requests(string path) =>
            Data.GetProperty("requests").TryGetProperty(path, out var byStatus) ? byStatus.EnumerateObject().Sum(p => p.Value.GetInt64()) : 0;
    }
}
