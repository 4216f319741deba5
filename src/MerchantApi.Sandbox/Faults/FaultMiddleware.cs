using System.Runtime.CompilerServices;
using MerchantApi.Sandbox.Auth;
using MerchantApi.Sandbox.Http;
using MerchantApi.Sandbox.Stats;

namespace MerchantApi.Sandbox.Faults;

/// <summary>
/// Runs in front of every request to a route that faults apply to (<see cref="SandboxRoute.FaultsApply"/>: the API's,
/// never test support): counts it in the stats, then the rate limit (a 429 when the merchant's bucket is empty), then
/// latency, a hostile answer if one is queued for the path, a 429 (throttle burst), a 500 (failure) — each of the 429s,
/// the 500 and the hostile answer instead of the work — and otherwise the endpoint.
/// Drop-after-commit is decided by the write endpoints once the write is committed.
/// </summary>
internal static class FaultMiddleware
{
    private static readonly byte[] FailureBody = ApiJson.ErrorBytes(ErrorCodes.InternalError, "Injected failure");
    private static readonly byte[] ThrottledBody = ApiJson.ErrorBytes(ErrorCodes.TooManyRequests, "Too many requests");

    public static bool AppliesTo(HttpContext ctx) => SandboxRoute.Matched(ctx) is { FaultsApply: true };

    public static async Task InvokeAsync(HttpContext ctx, RequestDelegate next, SandboxState state)
    {
        var path = ctx.Request.Path.Value ?? "/";
        // A route's requests are counted under its pattern whatever the letter case they were sent in; any other path
        // (a trailing slash, an unknown /v2 path) under the path as sent.
        var route = SandboxRoute.Matched(ctx)!;
        var routePattern = route.Pattern;
        var statsPath = string.Equals(path, routePattern, StringComparison.OrdinalIgnoreCase) ? routePattern : path;
        // Counted as the answer starts, before the client can have it: a client that reads the stats right after
        // its answer must find its request there. Whatever records first (this or the finally below) counts it.
        var recorded = new StrongBox<string?>();
        ctx.Response.OnStarting(static state =>
        {
            var (ctx, stats, statsPath, recorded) = ((HttpContext, SandboxStats, string, StrongBox<string?>))state;
            var key = StatusKey(ctx.Response.StatusCode);
            if (Interlocked.CompareExchange(ref recorded.Value, key, null) is null)
            {
                stats.RecordRequest(statsPath, key);
            }

            return Task.CompletedTask;
        }, (ctx, state.Stats, statsPath, recorded));
        try
        {
            var settings = state.Faults.Settings;
            // Before the latency: a provider's limiter stands in front of its servers and refuses at once, without
            // the time the work takes, and a client that waits out Retry-After must not also wait out the latency to
            // learn it. So the bucket counts requests as they arrive, not as they would be served.
            if (settings.RateLimitPerSecond > 0 &&
                RequestAuthenticator.MerchantOf(ctx, state, route.Access) is { } merchantId &&
                state.RateLimiter.TryTake(merchantId, settings) is { } untilToken)
            {
                state.Stats.AddRateLimited();
                StampServerDate(ctx, state);
                // Whole seconds, rounded up, so a client that waits exactly that long finds a token.
                var seconds = Math.Max(1, Math.Ceiling(untilToken.TotalSeconds));
                ctx.Response.Headers.RetryAfter = RetryAfter(state, settings.RetryAfterFormat, seconds);
                await ApiJson.WriteBytesAsync(ctx, StatusCodes.Status429TooManyRequests, ThrottledBody);
                return;
            }

            if (settings.LatencyMs > 0)
            {
                await PreciseDelay.WaitAsync(TimeSpan.FromMilliseconds(settings.LatencyMs), ctx.RequestAborted);
            }

            StampServerDate(ctx, state);

            if (state.Hostile.TryTake(path, out var mode))
            {
                state.Stats.AddHostile();
                await HostileResponder.RespondAsync(ctx, mode, state.Stopping);
                return;
            }

            if (state.Faults.ShouldThrottle())
            {
                state.Stats.AddThrottled();
                ctx.Response.Headers.RetryAfter = RetryAfter(state, settings.RetryAfterFormat, settings.RetryAfterSeconds);
                await ApiJson.WriteBytesAsync(ctx, StatusCodes.Status429TooManyRequests, ThrottledBody);
                return;
            }

            if (state.Faults.RollFailure())
            {
                state.Stats.AddFailure();
                await ApiJson.WriteBytesAsync(ctx, StatusCodes.Status500InternalServerError, FailureBody);
                return;
            }

            await ErrorBoundary.InvokeAsync(ctx, next, state);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away (e.g. during the latency delay).
        }
        finally
        {
            var key = ctx.WasAborted() ? SandboxStats.AbortedKey : StatusKey(ctx.Response.StatusCode);
            if (Interlocked.CompareExchange(ref recorded.Value, key, null) is not { } startedAs)
            {
                state.Stats.RecordRequest(statsPath, key);
            }
            else if (key == SandboxStats.AbortedKey && startedAs != key)
            {
                state.Stats.MoveRequest(statsPath, startedAs, key);
            }
        }
    }

    private static void StampServerDate(HttpContext ctx, SandboxState state)
    {
        if (state.Clock.SkewSeconds != 0)
        {
            // The skewed server's own Date, so Retry-After dates can be read against it.
            ctx.Response.Headers.Date = state.Clock.UtcNow.ToString("r");
        }
    }

    /// <summary>
    /// The Retry-After of every 429: delta-seconds (rounded up), or an HTTP-date by the server's clock rounded up to the
    /// next whole second.
    /// </summary>
    private static string RetryAfter(SandboxState state, RetryAfterFormat format, double seconds)
    {
        if (format == RetryAfterFormat.Seconds)
        {
            return StatusKey((int)Math.Ceiling(seconds));
        }

        var at = state.Clock.UtcNow.AddSeconds(seconds);
        var ticks = at.UtcTicks % TimeSpan.TicksPerSecond;
        if (ticks != 0)
        {
            at = at.AddTicks(TimeSpan.TicksPerSecond - ticks);
        }

        return at.ToString("r");
    }

    private static readonly string[] SmallNumbers = Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string StatusKey(int status) =>
        (uint)status < SmallNumbers.Length ? SmallNumbers[status] : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
