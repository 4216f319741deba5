using System.Net;

namespace MerchantApi.Http;

/// <summary>
/// Outermost handler: per-attempt timeout, bounded body, and retries. A 429 over a rate limit slows the session's pace
/// (<see cref="AdaptiveRate"/>); any other 429 honours Retry-After and pauses the whole session; 5xx and connection
/// failures back off exponentially with jitter. Writes are re-sent here only
/// when the server certainly did not act (429, refused connection); otherwise the outcome is unknown and the
/// caller decides (see <see cref="CustomerApi"/>'s exactly-once create).
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = MerchantCall.Of(request);
        var log = call.Options.Log;
        var attemptRequest = request;
        while (true)
        {
            if (!call.Budget.TryStartAttempt())
            {
                throw new MerchantApiException("RetryBudgetExhausted", MerchantErrorKind.Timeout,
                    $"{Describe(request)} gave up: no attempts or time left in the retry budget.");
            }
            if (call.Session is not null)
            {
                await call.Session.Throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
                await call.Session.Rate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            TimeSpan? retryDelay;
            MerchantApiException failure;
            try
            {
                HttpResponseMessage response;
                var sentAt = call.Session?.Rate.OnSending() ?? 0;
                try
                {
                    response = await SendAttemptAsync(attemptRequest, call, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    call.Session?.Rate.OnAnswered();
                }
                var status = (int)response.StatusCode;
                if (status == 429)
                {
                    failure = new MerchantApiException("Throttled", MerchantErrorKind.Throttled,
                        $"{Describe(request)} was throttled (HTTP 429) and the retry budget is spent.", HttpStatusCode.TooManyRequests);
                    if (call.Session?.Rate.OnThrottled(out var cutTo) == true)
                    {
                        // Over the server's rate limit: the session's pace now keeps under it, so this request only backs
                        // off briefly; a whole-second Retry-After (its usual rounding) would idle every worker for nothing.
                        if (cutTo is { } pace)
                            log.Verbose($"{Describe(request)}: throttled (HTTP 429); backing off to {pace:0.#} requests/s.");
                        retryDelay = call.Budget.NextBackoff();
                    }
                    else
                    {
                        retryDelay = RetryAfter(response) ?? call.Budget.NextBackoff();
                        call.Session?.Throttle.PauseUntil(DateTimeOffset.UtcNow + retryDelay.Value);
                    }
                }
                else
                {
                    call.Session?.Rate.OnAccepted(sentAt);
                    if (!IsTransientServerError(status) || call.Kind == RequestKind.Write)
                        return response;
                    retryDelay = RetryAfter(response) ?? call.Budget.NextBackoff();
                    failure = null!;
                }

                if (!call.Budget.CanRetryAfter(retryDelay.Value))
                {
                    if (status == 429)
                    {
                        response.Dispose();
                        throw failure;
                    }
                    return response;
                }
                log.Verbose($"{Describe(request)}: HTTP {status}; retrying in {retryDelay.Value.TotalMilliseconds:0} ms.");
                response.Dispose();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException ex)
            {
                failure = new MerchantApiException("RequestTimedOut", MerchantErrorKind.Timeout,
                    $"{Describe(request)} got no complete answer from {Host(request)} within {call.Options.RequestTimeout.TotalSeconds:0.#} s.", inner: ex)
                { OutcomeUnknown = true };
                retryDelay = null;
                if (call.Kind == RequestKind.Write || !call.Budget.CanRetryAfter(call.Budget.NextBackoff())) throw failure;
                log.Verbose($"{failure.Message} Retrying.");
            }
            catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.ProxyAuthenticationRequired
                || (ex.HttpRequestError == HttpRequestError.ProxyTunnelError && ex.StatusCode == HttpStatusCode.Unauthorized))
            {
                // The proxy refused the tunnel (CONNECT) for want of credentials, or wrong ones (some proxies, tinyproxy
                // among them, answer a wrong one with 401; only the proxy answers a CONNECT): the same on every attempt.
                // Nothing was sent.
                throw ProxyAuthenticationRequired(request, call, ex);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
            {
                // Not a passing failure: the same certificate comes back on every attempt. Nothing was sent.
                throw SecureConnectionFailed(request, call, ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // An IOException (HttpIOException) comes from reading the body: the connection ended before the
                // declared length, so the server got the request and may have acted on it.
                var error = ex switch { HttpRequestException h => h.HttpRequestError, HttpIOException h => h.HttpRequestError, _ => HttpRequestError.Unknown };
                var notSent = ex is HttpRequestException && (error == HttpRequestError.ConnectionError || error == HttpRequestError.NameResolutionError);
                // .NET names the host in most of these messages, not in all ("An error occurred while sending the request.").
                var host = Host(request);
                // Through a proxy, the failure may be the proxy's (one that wants credentials may just drop the connection).
                var proxy = request.RequestUri is { } destination && call.Session is { } session ? session.Settings.Transport.ProxyOf(destination).Proxy : null;
                failure = new MerchantApiException("ConnectionFailed", MerchantErrorKind.Transport,
                    $"{Describe(request)} failed{(proxy is null ? "" : $" through the proxy {proxy}")}: {ex.Message}{(ex.Message.Contains(host, StringComparison.OrdinalIgnoreCase) ? "" : $" ({host})")}", inner: ex)
                {
                    OutcomeUnknown = !notSent,
                };
                retryDelay = call.Budget.NextBackoff();
                if ((call.Kind == RequestKind.Write && !notSent) || !call.Budget.CanRetryAfter(retryDelay.Value)) throw failure;
                log.Verbose($"{failure.Message} Retrying in {retryDelay.Value.TotalMilliseconds:0} ms.");
            }

            if (retryDelay is { } delay && delay > TimeSpan.Zero)
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            attemptRequest = RequestCloner.Clone(request);
        }
    }

    /// <summary>One attempt, including reading the (bounded) body, under the per-attempt timeout.</summary>
    private async Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, MerchantCall call, CancellationToken cancellationToken)
    {
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(call.Options.RequestTimeout);
        using var notice = StartSlowAnswerNotice(request, call.Options);
        var response = await base.SendAsync(request, attemptTimeout.Token).ConfigureAwait(false);
        try
        {
            await BoundedBody.BufferAsync(response, call.Options.MaxResponseBytes, attemptTimeout.Token).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>A verbose line when the attempt has had no answer for a while, so a waiting user knows what is going on.</summary>
    private static Timer? StartSlowAnswerNotice(HttpRequestMessage request, CallOptions options)
    {
        if (!options.AnnounceSlowAnswers || !options.Log.IsVerboseEnabled)
            return null;
        var after = options.SlowAnswerNoticeAfter;
        var message = $"No answer yet from {Host(request)} after {after.TotalSeconds:0.#} s ({Describe(request)}); " +
                      $"waiting up to {options.RequestTimeout.TotalSeconds:0.#} s.";
        return new Timer(static state => ((Action)state!)(), () => options.Log.Verbose(message), after, Timeout.InfiniteTimeSpan);
    }

    private static MerchantApiException SecureConnectionFailed(HttpRequestMessage request, MerchantCall call, HttpRequestException ex)
    {
        var host = request.RequestUri?.Host ?? "the server";
        var refusal = call.Session?.Settings.Transport.RefusalOf(host);
        return refusal is not null
            ? new MerchantApiException("CertificateNotTrusted", MerchantErrorKind.Transport,
                $"{Describe(request)}: the TLS connection to {Host(request)} was refused because {refusal}. Nothing was sent.", inner: ex)
            : new MerchantApiException("SecureConnectionFailed", MerchantErrorKind.Transport,
                $"{Describe(request)}: no TLS connection could be made with {Host(request)} ({ex.InnerException?.Message ?? ex.Message}). Nothing was sent.", inner: ex);
    }

    private static MerchantApiException ProxyAuthenticationRequired(HttpRequestMessage request, MerchantCall call, HttpRequestException ex)
    {
        var (proxy, withCredential) = request.RequestUri is { } destination && call.Session is { } session
            ? session.Settings.Transport.ProxyOf(destination)
            : (null, false);
        return new MerchantApiException("ProxyAuthenticationRequired", MerchantErrorKind.Transport,
            $"{Describe(request)}: the proxy{(proxy is null ? "" : $" {proxy}")} " +
            (withCredential ? "refused the proxy credential given" : "asks for a user name and password, and none was given") +
            $" (HTTP {(int)ex.StatusCode!.Value} {(ex.StatusCode == HttpStatusCode.Unauthorized ? "Unauthorized" : "Proxy Authentication Required")}). " +
            $"Nothing was sent to {Host(request)}.", ex.StatusCode, inner: ex);
    }

    internal static bool IsTransientServerError(int status) => status is 500 or 502 or 503 or 504;

    /// <summary>Retry-After as seconds or an HTTP date; a date is read against the server's own Date header.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var serverNow = response.Headers.Date ?? DateTimeOffset.UtcNow;
            var wait = date - serverNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static string Describe(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";

    private static string Host(HttpRequestMessage request) => request.RequestUri?.Authority ?? "the server";
}
