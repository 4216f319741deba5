using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace MerchantApi.Http;

/// <summary>
/// The one HTTP path of the module. Every call goes through the same IHttpClientFactory pipeline:
/// RetryHandler → AuthHandler → DiagnosticsHandler → SocketsHttpHandler (redirects off, so credentials never
/// follow a redirect to another host; the session's trust and proxy, <see cref="TransportSettings"/>). Sessions with the
/// default transport share one client; a session with its own trust or proxy gets a client name of its own, whose
/// pipeline the factory builds the same way.
/// </summary>
internal static class MerchantHttp
{
    internal const string DefaultClientName = "MerchantApi";
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private static readonly ProductInfoHeaderValue UserAgent = new("MerchantApi.PowerShell",
        typeof(MerchantHttp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    private static readonly ConcurrentDictionary<string, TransportSettings> Transports = new(StringComparer.Ordinal);
    private static int _clients;

    private static readonly Lazy<IHttpClientFactory> Factory = new(() =>
    {
        var services = new ServiceCollection();
        services.AddHttpClient();
        // Our own DiagnosticsHandler logs (redacted) where users look; the factory's loggers would only cost time.
        services.ConfigureHttpClientDefaults(client => client.RemoveAllLoggers());
        services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>, PipelineSetup>();
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
    });

    /// <summary>A client name for a session's own transport.</summary>
    internal static string RegisterClient(TransportSettings transport)
    {
        var name = $"{DefaultClientName}#{Interlocked.Increment(ref _clients)}";
        Transports[name] = transport;
        return name;
    }

    /// <summary>Builds every client of the module the same way; only the primary handler's trust and proxy differ.</summary>
    private sealed class PipelineSetup : IConfigureNamedOptions<HttpClientFactoryOptions>
    {
        public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);

        public void Configure(string? name, HttpClientFactoryOptions options)
        {
            var transport = name == DefaultClientName ? TransportSettings.Default : name is not null && Transports.TryGetValue(name, out var own) ? own : null;
            if (transport is null)
                return;
            options.HttpClientActions.Add(client =>
            {
                // Per-attempt timeouts live in RetryHandler; the client itself never times out a whole retry sequence.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.Accept.Add(Json);
                client.DefaultRequestHeaders.UserAgent.Add(UserAgent);
            });
            options.HttpMessageHandlerBuilderActions.Add(builder =>
            {
                builder.PrimaryHandler = transport.CreatePrimaryHandler();
                builder.AdditionalHandlers.Add(new RetryHandler());
                builder.AdditionalHandlers.Add(new AuthHandler());
                builder.AdditionalHandlers.Add(new DiagnosticsHandler());
            });
        }
    }

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

        var client = Factory.Value.CreateClient(session.Settings.Transport.ClientName);
        return await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
