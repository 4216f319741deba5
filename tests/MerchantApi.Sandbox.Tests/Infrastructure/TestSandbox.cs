using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace MerchantApi.Sandbox.Tests.Infrastructure;

/// <summary>A sandbox started in this process on 127.0.0.1:0, with an HttpClient that talks real HTTP to it.</summary>
public sealed class TestSandbox : IAsyncDisposable
{
    private TestSandbox(SandboxHost host)
    {
        Host = host;
        Http = CreateClient(host.Url, trust: host.CertificateAuthority);
    }

    public SandboxHost Host { get; }

    public HttpClient Http { get; }

    public string Url => Host.Url;

    public SandboxOptions Options => Host.Options;

    public (string Name, string Value) MerchantHeader => ("merchant_id", Options.MerchantId);

    public (string Name, string Value) ApiKeyHeader => ("Api-key", Options.ApiKey);

    public static async Task<TestSandbox> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { Urls = "http://127.0.0.1:0" };
        configure?.Invoke(options);
        return new TestSandbox(await SandboxHost.StartAsync(options));
    }

    /// <summary>A client of <paramref name="baseUrl"/>; over HTTPS it trusts <paramref name="trust"/> (a CA) and nothing else.</summary>
    public static HttpClient CreateClient(string baseUrl, bool followRedirects = false, TimeSpan? timeout = null, X509Certificate2? trust = null) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = followRedirects,
            UseCookies = false,
            MaxConnectionsPerServer = 512,
            SslOptions = trust is null ? new SslClientAuthenticationOptions() : TrustOnly(trust),
        })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

    /// <summary>
    /// TLS options that accept a server certificate only if it chains to <paramref name="authority"/> and names the host
    /// (the system's roots are not consulted), the way a client is meant to trust the sandbox's CA PEM.
    /// </summary>
    public static SslClientAuthenticationOptions TrustOnly(X509Certificate2 authority) => new()
    {
        RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false; // no certificate, or one for another name
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(server);
        },
    };

    public static (string Name, string Value) Bearer(string token) => ("Authorization", "Bearer " + token);

    public static string Json(object body) => JsonSerializer.Serialize(body);

    public Task<ApiResponse> PostAsync(string path, object body, params (string Name, string Value)[] headers) =>
        PostRawAsync(path, body as string ?? Json(body), headers);

    public Task<ApiResponse> PostRawAsync(string path, string? body, params (string Name, string Value)[] headers) =>
        SendAsync(Http, HttpMethod.Post, path, body, headers);

    public static async Task<ApiResponse> SendAsync(HttpClient client, HttpMethod method, string path, string? body,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new ApiResponse(response, bytes);
    }

    /// <summary>POST /v2/auth/login with the seeded credentials (or the given ones).</summary>
    public Task<ApiResponse> LoginAsync(string? email = null, string? password = null, params (string Name, string Value)[] headers) =>
        PostAsync("/v2/auth/login", new { token = email ?? Options.Email, password = password ?? Options.Password },
            headers.Length == 0 ? [MerchantHeader] : headers);

    public async Task<Tokens> LoginOkAsync()
    {
        var response = await LoginAsync();
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return Tokens.From(response);
    }

    public Task<ApiResponse> RefreshAsync(string refreshToken) =>
        PostAsync("/v2/auth/refresh", new { refreshToken }, MerchantHeader);

    /// <summary>POST /__sandbox/{name}.</summary>
    public Task<ApiResponse> AdminAsync(string name, object? body = null) => PostAsync("/__sandbox/" + name, body ?? new { });

    public async Task<JsonElement> StatsAsync()
    {
        var response = await AdminAsync("stats");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Data;
    }

    public async Task SetFaultsAsync(object faults)
    {
        var response = await AdminAsync("faults", faults);
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    public Task<ApiResponse> CreateAsync(object body) => PostAsync("/v2/customer/create", body, ApiKeyHeader);

    /// <summary>Creates a valid customer (fields can be overridden or removed with null) and returns its JSON.</summary>
    public async Task<JsonElement> CreateOkAsync(Action<Dictionary<string, object?>>? change = null)
    {
        var body = CustomerBodies.Valid();
        change?.Invoke(body);
        var response = await CreateAsync(body);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Data;
    }

    public Task<ApiResponse> GetAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(Http, HttpMethod.Get, path, null, headers);

    /// <summary>Creates a customer and returns its wallet's id.</summary>
    public async Task<string> CreateWalletAsync() => (await CreateOkAsync()).GetProperty("walletId").GetString()!;

    /// <summary>POST /v2/operation/find with the filters in the body and <paramref name="query"/> (e.g. <c>"?skip=1&amp;take=2"</c>).</summary>
    public Task<ApiResponse> FindOperationsAsync(object filter, string query = "") =>
        PostAsync("/v2/operation/find" + query, filter, ApiKeyHeader);

    public async Task<JsonElement[]> FindOperationsOkAsync(object filter, string query = "")
    {
        var response = await FindOperationsAsync(filter, query);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Data.EnumerateArray().ToArray();
    }

    /// <summary>Every operation the filter matches, page by page of 100, in find order.</summary>
    public async Task<List<JsonElement>> FindAllOperationsAsync(object? filter = null)
    {
        var all = new List<JsonElement>();
        while (true)
        {
            var page = await FindOperationsOkAsync(filter ?? new { }, $"?skip={all.Count}&take=100");
            all.AddRange(page);
            if (page.Length < 100)
            {
                return all;
            }
        }
    }

    /// <summary>POST /__sandbox/operations; returns the operations as the sandbox answers them.</summary>
    public async Task<JsonElement[]> AddOperationsOkAsync(params object[] operations)
    {
        var response = await AdminAsync("operations", new { operations });
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Data.EnumerateArray().ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>An answer: status, headers and the exact body bytes.</summary>
public sealed class ApiResponse
{
    private JsonElement? _json;

    public ApiResponse(HttpResponseMessage response, byte[] bytes)
    {
        Status = response.StatusCode;
        Headers = response.Headers;
        ContentHeaders = response.Content.Headers;
        Bytes = bytes;
        Body = Encoding.UTF8.GetString(bytes);
    }

    public HttpStatusCode Status { get; }

    public HttpResponseHeaders Headers { get; }

    public HttpContentHeaders ContentHeaders { get; }

    public byte[] Bytes { get; }

    public string Body { get; }

    public JsonElement Json => _json ??= JsonDocument.Parse(Body).RootElement.Clone();

    public JsonElement Data => Json.GetProperty("data");

    public JsonElement FirstError => Json.GetProperty("errors")[0];

    public string? ErrorCode => FirstError.GetProperty("code").GetString();

    public string? ErrorMessage => FirstError.GetProperty("message").GetString();

    public IEnumerable<string> ErrorMessages => Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()!);

    public override string ToString() => $"{(int)Status} {Body}";
}

public sealed record Tokens(string AccessToken, long ExpiresIn, string RefreshToken)
{
    public static Tokens From(ApiResponse response)
    {
        var data = response.Data;
        return new Tokens(data.GetProperty("accessToken").GetString()!, data.GetProperty("expiresIn").GetInt64(),
            data.GetProperty("refreshToken").GetString()!);
    }
}

public static class CustomerBodies
{
    public static string UniqueEmail(string prefix = "c") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>Every required field, no optional one.</summary>
    public static Dictionary<string, object?> Valid(string? email = null) => new()
    {
        ["email"] = email ?? UniqueEmail(),
        ["firstName"] = "Alex",
        ["lastName"] = "Smith",
        ["country"] = "FR",
        ["verificationDocumentId"] = "FV633452",
        ["residenceAddress"] = "Champ de Mars, 5 Av. Anatole France, 75007 Paris, France",
    };

    /// <summary>The provider's own example, with every field (and a unique email).</summary>
    public static Dictionary<string, object?> Full(string? email = null) => new()
    {
        ["email"] = email ?? UniqueEmail(),
        ["phoneNumber"] = "+380991234567",
        ["firstName"] = "Alex",
        ["lastName"] = "Smith",
        ["comment"] = "Alex is a special client. Hi is a refferal of Denis.",
        ["externalId"] = "12124d80-dd80-4c70-aa9c-c2aa014cc29e",
        ["referralId"] = "1f44b1c7-9fd4-4d20-b9a4-7aca3646d0d5",
        ["country"] = "FR",
        ["verificationDocumentId"] = "FV633452",
        ["residenceAddress"] = "Champ de Mars, 5 Av. Anatole France, 75007 Paris, France",
        ["itn"] = "633-123-92-12",
    };
}

/// <summary>A sandbox shared by the tests of one class (they use unique emails, so no reset is needed).</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public TestSandbox Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await TestSandbox.StartAsync();

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}
