using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace MerchantApi.Sandbox.Stats;

/// <summary>
/// Counters behind <c>POST /__sandbox/stats</c>. Lock-free (Interlocked); <see cref="Reset"/> swaps in fresh maps.
/// Per-path request counts are keyed by the status code sent ("200", "409", ...) or "aborted" when no response
/// reached the client (drop-after-commit, a client that gave up on a hanging request).
/// </summary>
internal sealed class SandboxStats
{
    public const string AbortedKey = "aborted";

    private ConcurrentDictionary<string, ConcurrentDictionary<string, StrongBox<long>>> _requests = NewRequestMap();
    private long _logins;
    private long _refreshes;
    private long _tokensIssued;
    private long _failures;
    private long _throttled;
    private long _rateLimited;
    private long _dropsAfterCommit;
    private long _hostile;
    private long _elsewhereRequests;
    private long _leakedAuthHeaders;

    public void RecordRequest(string path, string statusKey) => Interlocked.Increment(ref Counter(path, statusKey).Value);

    /// <summary>A request counted under its status when its answer started, then cut off: counted as aborted instead.</summary>
    public void MoveRequest(string path, string fromKey, string toKey)
    {
        Interlocked.Decrement(ref Counter(path, fromKey).Value);
        RecordRequest(path, toKey);
    }

    private StrongBox<long> Counter(string path, string statusKey)
    {
        var byStatus = _requests.GetOrAdd(path, static _ => new ConcurrentDictionary<string, StrongBox<long>>(StringComparer.Ordinal));
        return byStatus.GetOrAdd(statusKey, static _ => new StrongBox<long>());
    }

    public void AddLogin() => Interlocked.Increment(ref _logins);

    public void AddRefresh() => Interlocked.Increment(ref _refreshes);

    public void AddTokensIssued(int count) => Interlocked.Add(ref _tokensIssued, count);

    public void AddFailure() => Interlocked.Increment(ref _failures);

    public void AddThrottled() => Interlocked.Increment(ref _throttled);

    /// <summary>A 429 of the enforced rate limit (an empty bucket), as opposed to a random one (<see cref="AddThrottled"/>).</summary>
    public void AddRateLimited() => Interlocked.Increment(ref _rateLimited);

    public void AddDropAfterCommit() => Interlocked.Increment(ref _dropsAfterCommit);

    public void AddHostile() => Interlocked.Increment(ref _hostile);

    public void AddElsewhereRequest(bool carriedAuth)
    {
        Interlocked.Increment(ref _elsewhereRequests);
        if (carriedAuth)
        {
            Interlocked.Increment(ref _leakedAuthHeaders);
        }
    }

    public void Reset()
    {
        _requests = NewRequestMap();
        Interlocked.Exchange(ref _logins, 0);
        Interlocked.Exchange(ref _refreshes, 0);
        Interlocked.Exchange(ref _tokensIssued, 0);
        Interlocked.Exchange(ref _failures, 0);
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
        Interlocked.Exchange(ref _dropsAfterCommit, 0);
        Interlocked.Exchange(ref _hostile, 0);
        Interlocked.Exchange(ref _elsewhereRequests, 0);
        Interlocked.Exchange(ref _leakedAuthHeaders, 0);
    }

    /// <summary>
    /// Writes <c>{"customers":N,"logins":N,"refreshes":N,"requests":{path:{status:n}},"faults":{"failures":n,
    /// "throttled":n,"rateLimited":n,"dropsAfterCommit":n,"hostile":n},"tokensIssued":N,"elsewhereRequests":N,"leakedAuthHeaders":N}</c>
    /// (paths and statuses sorted).
    /// </summary>
    public void Write(Utf8JsonWriter w, int customers)
    {
        w.WriteStartObject();
        w.WriteNumber("customers", customers);
        w.WriteNumber("logins", Interlocked.Read(ref _logins));
        w.WriteNumber("refreshes", Interlocked.Read(ref _refreshes));
        w.WriteStartObject("requests");
        foreach (var (path, byStatus) in _requests.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject(path);
            foreach (var (status, count) in byStatus.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(status, Interlocked.Read(ref count.Value));
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("faults");
        w.WriteNumber("failures", Interlocked.Read(ref _failures));
        w.WriteNumber("throttled", Interlocked.Read(ref _throttled));
        w.WriteNumber("rateLimited", Interlocked.Read(ref _rateLimited));
        w.WriteNumber("dropsAfterCommit", Interlocked.Read(ref _dropsAfterCommit));
        w.WriteNumber("hostile", Interlocked.Read(ref _hostile));
        w.WriteEndObject();
        w.WriteNumber("tokensIssued", Interlocked.Read(ref _tokensIssued));
        w.WriteNumber("elsewhereRequests", Interlocked.Read(ref _elsewhereRequests));
        w.WriteNumber("leakedAuthHeaders", Interlocked.Read(ref _leakedAuthHeaders));
        w.WriteEndObject();
    }

    private static ConcurrentDictionary<string, ConcurrentDictionary<string, StrongBox<long>>> NewRequestMap() =>
        new(StringComparer.Ordinal);
}
