using System.Diagnostics;
using System.Text;

namespace MerchantApi.Http;

/// <summary>
/// Innermost handler: one Debug line per attempt with method, path, status, elapsed time and headers. Secret
/// headers are redacted here, in the one place that writes headers; bodies are never logged.
/// </summary>
internal sealed class DiagnosticsHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var log = MerchantCall.Of(request).Options.Log;
        if (!log.IsDebugEnabled)
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            log.Debug($"HTTP {request.Method} {request.RequestUri?.AbsolutePath} -> {(int)response.StatusCode} {response.ReasonPhrase} in {elapsed:0} ms; " +
                      $"request headers: {Headers(request.Headers, request.Content?.Headers)}; response headers: {Headers(response.Headers, response.Content.Headers)}");
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            log.Debug($"HTTP {request.Method} {request.RequestUri?.AbsolutePath} -> failed after {elapsed:0} ms ({ex.GetType().Name}); request headers: {Headers(request.Headers, request.Content?.Headers)}");
            throw;
        }
    }

    internal static string Headers(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers,
        IEnumerable<KeyValuePair<string, IEnumerable<string>>>? contentHeaders)
    {
        var text = new StringBuilder();
        foreach (var (name, values) in contentHeaders is null ? headers : headers.Concat(contentHeaders))
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(name).Append(": ");
            text.Append(SecretHeaders.Show(name, values));
        }
        return text.ToString();
    }
}
