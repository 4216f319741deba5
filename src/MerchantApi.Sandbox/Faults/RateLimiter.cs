using System.Collections.Concurrent;
using System.Diagnostics;

namespace MerchantApi.Sandbox.Faults;

/// <summary>
/// The enforced rate limit (<c>--rate-limit</c>, <c>--rate-burst</c>): a token bucket per merchant, refilled
/// continuously at the rate up to the burst. Time is the monotonic clock, so a clock skew never refills a bucket.
/// The buckets belong to the limit they were made for: a changed rate or burst (POST /__sandbox/faults) or a reset
/// starts every merchant with a full bucket of the new size.
/// </summary>
internal sealed class RateLimiter
{
    private volatile Generation _generation = new(0, 1);

    /// <summary>
    /// Takes a token from the merchant's bucket. Returns null when one was taken (the request may go on), otherwise
    /// how long until the bucket holds a token again.
    /// </summary>
    public TimeSpan? TryTake(string merchantId, FaultSettings settings)
    {
        var rate = settings.RateLimitPerSecond;
        if (rate <= 0)
        {
            return null;
        }

        var burst = settings.EffectiveRateBurst;
        var generation = _generation;
        if (generation.RatePerSecond != rate || generation.Burst != burst)
        {
            // The first request under new settings makes the buckets for them; racing ones agree on one generation.
            var fresh = new Generation(rate, burst);
            generation = Interlocked.CompareExchange(ref _generation, fresh, generation) == generation ? fresh : _generation;
        }

        var now = Stopwatch.GetTimestamp();
        var bucket = generation.Buckets.GetOrAdd(merchantId, static (_, g) => new TokenBucket(g.Burst, now: g.Created), generation);
        return bucket.TryTake(now, generation.TokensPerTick);
    }

    /// <summary>Every merchant starts again with a full bucket.</summary>
    public void Reset()
    {
        var current = _generation;
        _generation = new Generation(current.RatePerSecond, current.Burst);
    }

    private sealed class Generation(double ratePerSecond, int burst)
    {
        public double RatePerSecond { get; } = ratePerSecond;

        public int Burst { get; } = burst;

        public double TokensPerTick { get; } = ratePerSecond / Stopwatch.Frequency;

        public long Created { get; } = Stopwatch.GetTimestamp();

        /// <summary>Keyed by authenticated merchants only, so a caller cannot grow it with made-up ids.</summary>
        public ConcurrentDictionary<string, TokenBucket> Buckets { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>One merchant's bucket. Its own lock: held for a few arithmetic operations, contended only by that merchant.</summary>
    private sealed class TokenBucket(int capacity, long now)
    {
        private readonly Lock _gate = new();
        private double _tokens = capacity;
        private long _refilledAt = now;

        public TimeSpan? TryTake(long now, double tokensPerTick)
        {
            lock (_gate)
            {
                // Timestamps are read before the lock, so a later caller may hold an earlier one: never refill backwards.
                if (now > _refilledAt)
                {
                    _tokens = Math.Min(capacity, _tokens + (now - _refilledAt) * tokensPerTick);
                    _refilledAt = now;
                }

                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return null;
                }

                return TimeSpan.FromSeconds((1 - _tokens) / tokensPerTick / Stopwatch.Frequency);
            }
        }
    }
}
