using System.Diagnostics;

namespace MerchantApi.Sandbox.Faults;

/// <summary>The fault settings in force; replaced as a whole by <c>POST /__sandbox/faults</c>.</summary>
internal sealed record FaultSettings(
    double FailureRate,
    double ThrottleRate,
    double ThrottleBurstMs,
    double DropAfterCommitRate,
    double LatencyMs,
    double RetryAfterSeconds,
    RetryAfterFormat RetryAfterFormat,
    double RateLimitPerSecond,
    int? RateBurst)
{
    public static FaultSettings From(SandboxOptions o) => new(o.FailureRate, o.ThrottleRate, o.ThrottleBurstMs,
        o.DropAfterCommitRate, o.LatencyMs, o.RetryAfterSeconds, o.RetryAfterFormat, o.RateLimitPerSecond, o.RateBurst);

    /// <summary>The capacity of a merchant's bucket: the burst set, or one second's worth of the rate.</summary>
    public int EffectiveRateBurst => RateBurst ?? SandboxOptions.DefaultRateBurst(RateLimitPerSecond);
}

/// <summary>
/// Decides which requests fail. One RNG (seeded by <c>--seed</c>) behind a lock; it is consulted only for rates
/// strictly between 0 and 1, so the default (no faults) path takes no lock. A throttle burst is measured on the
/// monotonic clock (not the skewable server clock).
/// </summary>
internal sealed class FaultInjector(SandboxOptions options)
{
    private readonly Random _random = options.Seed is { } seed ? new Random(seed) : new Random();
    private readonly Lock _randomGate = new();
    private volatile FaultSettings _settings = FaultSettings.From(options);
    private long _burstUntil;

    public FaultSettings Settings
    {
        get => _settings;
        set => _settings = value;
    }

    public bool RollFailure() => Roll(_settings.FailureRate);

    public bool RollDropAfterCommit() => Roll(_settings.DropAfterCommitRate);

    /// <summary>True when this request is inside a burst, or starts one (throttle rate).</summary>
    public bool ShouldThrottle()
    {
        var now = Stopwatch.GetTimestamp();
        if (now < Interlocked.Read(ref _burstUntil))
        {
            return true;
        }

        var settings = _settings;
        if (!Roll(settings.ThrottleRate))
        {
            return false;
        }

        if (settings.ThrottleBurstMs > 0)
        {
            var until = now + (long)(settings.ThrottleBurstMs * Stopwatch.Frequency / 1000.0);
            long seen;
            while ((seen = Interlocked.Read(ref _burstUntil)) < until &&
                   Interlocked.CompareExchange(ref _burstUntil, until, seen) != seen)
            {
            }
        }

        return true;
    }

    public void EndBurst() => Interlocked.Exchange(ref _burstUntil, 0);

    private bool Roll(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        if (rate >= 1)
        {
            return true;
        }

        lock (_randomGate)
        {
            return _random.NextDouble() < rate;
        }
    }
}
