using System.Diagnostics;

namespace MerchantApi.Http;

/// <summary>How one logical call behaves: who logs, how long each attempt and all retries may take.</summary>
internal sealed class CallOptions
{
    public static readonly CallOptions Default = new();

    public IMerchantLog Log { get; init; } = NullMerchantLog.Instance;

    /// <summary>Time allowed for one HTTP attempt, from sending to the last byte of the response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Attempts per logical call, the first included.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Time budget of a logical call across all its attempts and waits.</summary>
    public TimeSpan RetryTimeLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest response body we accept; a runaway body fails the call instead of the process.</summary>
    public int MaxResponseBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Say (verbose) when an attempt has had no answer for a while: for a caller who waits on one request (sign-in),
    /// not for bulk runs with many in flight.
    /// </summary>
    public bool AnnounceSlowAnswers { get; init; }

    /// <summary>When an attempt without an answer is announced: after 3 s, or half the attempt's time if that is less.</summary>
    internal TimeSpan SlowAnswerNoticeAfter => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(3).Ticks, RequestTimeout.Ticks / 2));

    internal RetryBudget NewBudget() => new(MaxAttempts, RetryTimeLimit);
}

/// <summary>Attempts and time left for one logical call; shared by handler retries and exactly-once re-sends.</summary>
internal sealed class RetryBudget
{
    private readonly int _maxAttempts;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _limit;
    private int _attempts;

    public RetryBudget(int maxAttempts, TimeSpan limit)
    {
        _maxAttempts = Math.Max(1, maxAttempts);
        _limit = limit;
    }

    public int Attempts => Volatile.Read(ref _attempts);

    public TimeSpan Remaining => _limit - Stopwatch.GetElapsedTime(_started);

    /// <summary>Counts an attempt; false when the budget is spent.</summary>
    public bool TryStartAttempt()
    {
        var attempt = Interlocked.Increment(ref _attempts);
        return attempt == 1 || (attempt <= _maxAttempts && Remaining > TimeSpan.Zero);
    }

    /// <summary>Whether waiting <paramref name="delay"/> and trying again still fits the budget.</summary>
    public bool CanRetryAfter(TimeSpan delay) => Attempts < _maxAttempts && delay < Remaining;

    /// <summary>Exponential back-off with jitter: 0.2 s, 0.4 s, 0.8 s … capped at 10 s, each scaled by 50–100 %.</summary>
    public TimeSpan NextBackoff()
    {
        var exponent = Math.Min(Attempts - 1, 6);
        var ceiling = Math.Min(10_000, 200 * (1 << Math.Max(0, exponent)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() / 2));
    }
}

/// <summary>What kind of request this is decides what may be retried blindly.</summary>
internal enum RequestKind
{
    /// <summary>Login and refresh: no auth header; the body carries the credential.</summary>
    Anonymous,

    /// <summary>Reads: safe to repeat after any failure.</summary>
    Read,

    /// <summary>Writes: repeated blindly only when the server certainly did not act on them.</summary>
    Write,
}

/// <summary>Travels with each HttpRequestMessage so the shared handlers know the session and caller.</summary>
internal sealed class MerchantCall
{
    public static readonly HttpRequestOptionsKey<MerchantCall> Key = new("MerchantApi.Call");

    public MerchantCall(MerchantSession? session, CallOptions options, RequestKind kind, RetryBudget budget)
    {
        Session = session;
        Options = options;
        Kind = kind;
        Budget = budget;
    }

    public MerchantSession? Session { get; }
    public CallOptions Options { get; }
    public RequestKind Kind { get; }
    public RetryBudget Budget { get; }

    public static MerchantCall Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var call) ? call : throw new InvalidOperationException("Request was not created by MerchantApi.");
}
