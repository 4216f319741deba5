using System.Runtime.CompilerServices;
using MerchantApi.Sandbox.Http;
using MerchantApi.Sandbox.Stats;

namespace MerchantApi.Sandbox.Faults;

/// <summary>
/// Runs in front of every request to a route that faults apply to (<see cref="SandboxRoute.FaultsApply"/>: the API's,
/// never test support): counts it in the stats, then latency, a hostile answer if one is queued for the path, a 429
/// (throttle burst), a 500 (failure) — each of the last three instead of the work — and otherwise the endpoint.
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
        var routePattern = SandboxRoute.Matched(ctx)!.Pattern;
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
            if (settings.LatencyMs > 0)
            {
                await PreciseDelay.WaitAsync(TimeSpan.FromMilliseconds(settings.LatencyMs), ctx.RequestAborted);
            }

            if (state.Clock.SkewSeconds != 0)
            {
                // The skewed server's own Date, so Retry-After dates can be read against it.
                ctx.Response.Headers.Date = state.Clock.UtcNow.ToString("r");
            }

            if (state.Hostile.TryTake(path, out var mode))
            {
                state.Stats.AddHostile();
                await HostileResponder.RespondAsync(ctx, mode, state.Stopping);
                return;
            }

            if (state.Faults.ShouldThrottle())
            {
                state.Stats.AddThrottled();
                ctx.Response.Headers.RetryAfter = RetryAfter(state, settings);
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

    /// <summary>Delta-seconds (rounded up), or an HTTP-date by the server's clock rounded up to the next whole second.</summary>
    private static string RetryAfter(SandboxState state, FaultSettings settings)
    {
        if (settings.RetryAfterFormat == RetryAfterFormat.Seconds)
        {
            return StatusKey((int)Math.Ceiling(settings.RetryAfterSeconds));
        }

        var at = state.Clock.UtcNow.AddSeconds(settings.RetryAfterSeconds);
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
