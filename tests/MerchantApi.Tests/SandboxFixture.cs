using System.Security;
using System.Text.Json;
using MerchantApi.Http;
using MerchantApi.Sandbox;

namespace MerchantApi.Tests;

/// <summary>A sandbox in this process on 127.0.0.1:0: the engine talks real HTTP to it.</summary>
public sealed class RunningSandbox : IAsyncDisposable
{
    private RunningSandbox(SandboxHost host) => Host = host;

    public SandboxHost Host { get; }
    public Uri Uri => new(Host.Url);
    public SandboxOptions Options => Host.Options;

    public static async Task<RunningSandbox> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { Urls = "http://127.0.0.1:0" };
        configure?.Invoke(options);
        return new RunningSandbox(await SandboxHost.StartAsync(options));
    }

    public Task<MerchantSession> ConnectWithApiKeyAsync(CallOptions? options = null) =>
        MerchantSession.ConnectWithApiKeyAsync(Uri, Secure(Options.ApiKey), Options.MerchantId, new SessionSettings(),
            options ?? CallOptions.Default, CancellationToken.None);

    public Task<MerchantSession> ConnectWithCredentialAsync(SessionSettings? settings = null, CallOptions? options = null) =>
        MerchantSession.ConnectWithCredentialAsync(Uri, Options.MerchantId, Options.Email, Secure(Options.Password),
            settings ?? new SessionSettings(), options ?? CallOptions.Default, CancellationToken.None);

    /// <summary>POST /__sandbox/{name}; returns the envelope's data.</summary>
    public async Task<JsonElement> ControlAsync(string name, object? body = null)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(Uri, "/__sandbox/" + name),
            new StringContent(JsonSerializer.Serialize(body ?? new { }), System.Text.Encoding.UTF8, "application/json"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("data").Clone();
    }

    public async Task<int> StoredCustomersAsync() => (await ControlAsync("stats")).GetProperty("customers").GetInt32();

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
