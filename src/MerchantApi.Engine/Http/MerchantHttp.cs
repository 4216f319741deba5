using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantApi.Http;

/// <summary>
/// The one HTTP path of the module. Every call goes through the same IHttpClientFactory pipeline:
/// RetryHandler → AuthHandler → DiagnosticsHandler → SocketsHttpHandler (redirects off, so credentials never
/// follow a redirect to another host).
/// </summary>
internal static class MerchantHttp
{
    private const string ClientName = "MerchantApi";
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private static readonly ProductInfoHeaderValue UserAgent = new("MerchantApi.PowerShell",
        typeof(MerchantHttp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    private static readonly Lazy<IHttpClientFactory> Factory = new(() =>
    {
        var services = new ServiceCollection();
        services.AddHttpClient(ClientName, client =>
            {
                // Per-attempt timeouts live in RetryHandler; the client itself never times out a whole retry sequence.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.Accept.Add(Json);
                client.DefaultRequestHeaders.UserAgent.Add(UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = TimeSpan.FromSeconds(15),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            // Our own DiagnosticsHandler logs (redacted) where users look; the factory's loggers would only cost time.
            .RemoveAllLoggers()
            .AddHttpMessageHandler(() => new RetryHandler())
            .AddHttpMessageHandler(() => new AuthHandler())
            .AddHttpMessageHandler(() => new DiagnosticsHandler());
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
    });

    public static async Task<T> PostAsync<TBody, T>(MerchantSession session, string path, TBody body,
        JsonTypeInfo<TBody> bodyType, JsonTypeInfo<DataEnvelope<T>> resultType, RequestKind kind,
        CallOptions options, CancellationToken cancellationToken, RetryBudget? budget = null,
        string? merchantIdHeader = null)
    {
        using var response = await SendAsync(session, HttpMethod.Post, path, JsonSerializer.SerializeToUtf8Bytes(body, bodyType), kind,
            options, cancellationToken, budget, merchantIdHeader).ConfigureAwait(false);
        return ResponseReader.Read(response, resultType, kind);
    }

    /// <summary>
    /// Sends one logical call through the pipeline and returns the answer with its body buffered (the caller disposes
    /// it). <paramref name="pathAndQuery"/> is relative to the base URI, whose own path it keeps (a leading slash too).
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(MerchantSession session, HttpMethod method, string pathAndQuery,
        byte[]? jsonBody, RequestKind kind, CallOptions options, CancellationToken cancellationToken, RetryBudget? budget = null,
        string? merchantIdHeader = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(session.BaseUri, pathAndQuery.TrimStart('/')));
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = Json;
        }
        if (merchantIdHeader is not null)
            request.Headers.TryAddWithoutValidation("merchant_id", merchantIdHeader); // underscore: not merchant-id
        request.Options.Set(MerchantCall.Key, new MerchantCall(session, options, kind, budget ?? options.NewBudget()));

        var client = Factory.Value.CreateClient(ClientName);
        return await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
