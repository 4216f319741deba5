using System.Diagnostics;

namespace MerchantApi.Http;

/// <summary>
/// A session's own pace, learnt from the server's 429s, so a bulk run settles just under a server's rate limit instead
/// of hammering it. Unlimited until 429s show a limit: a limit refuses some requests and accepts others in between, so
/// three 429s, each within 300 ms of the one before with requests accepted between them, mean "over the limit" (two
/// could be a burst of refusals that requests already in flight outlived). The pace then
/// becomes a little under the rate the server accepted over the last 300 ms (at most one cut per 250 ms, so a volley of
/// 429s from requests already in flight counts once), and grows by 2 % a second while requests succeed, until the next
/// 429s show the limit again. A lone 429 is only backed off. 429s with nothing accepted between them (an outage, a burst
/// of refusals) say nothing about a rate: after a few, the session pauses for the Retry-After instead
/// (<see cref="ThrottleGate"/>). Requests start at the pace (a slot each, handed out in order); how many run at once stays
/// bounded by the caller (-ThrottleLimit).
/// </summary>
internal sealed class AdaptiveRate
{
    /// <summary>The slowest pace a cut goes to, in requests a second: below it a rate limit is better met by Retry-After.</summary>
    internal const double SlowestRate = 2;

    private const double ShareOfAccepted = 0.98;

    /// <summary>429s in a row, nothing accepted between them, after which the session pauses for the Retry-After.</summary>
    private const int RefusalsBeforePause = 3;
    private const double GrowthPerSecond = 0.02;
    private static readonly long Window = Stopwatch.Frequency * 3 / 10;
    private static readonly long CutInterval = Stopwatch.Frequency / 4;

    private readonly object _gate = new();
    private readonly Queue<long> _accepted = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private double _rate = double.PositiveInfinity;
    private long _nextSlot;
    private long _lastCut;
    private long _lastGrowth;
    private long _lastThrottle;
    private int _acceptedSinceThrottle;
    private int _refusalsInARow;
    private int _interleaved;

    public AdaptiveRate(bool enabled) => Enabled = enabled;

    public bool Enabled { get; }

    /// <summary>Requests a second the session starts at most; infinity while no 429 has asked for less.</summary>
    public double Rate
    {
        get
        {
            lock (_gate) return _rate;
        }
    }

    /// <summary>Waits for this request's slot at the current pace.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        long wait;
        lock (_gate)
        {
            if (double.IsPositiveInfinity(_rate))
                return Task.CompletedTask;
            var now = Stopwatch.GetTimestamp();
            var slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + (long)(Stopwatch.Frequency / _rate);
            wait = slot - now;
        }
        return wait <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
    }

    /// <summary>The server took a request (any answer but 429): counted for the accepted rate; the pace grows.</summary>
    public void OnAccepted()
    {
        if (!Enabled) return;
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            _accepted.Enqueue(now);
            _acceptedSinceThrottle++;
            _refusalsInARow = 0;
            Trim(now);
            if (!double.IsPositiveInfinity(_rate))
            {
                _rate += _rate * GrowthPerSecond * (now - _lastGrowth) / Stopwatch.Frequency;
                _lastGrowth = now;
            }
        }
    }

    /// <summary>
    /// The server answered 429. True: the request is retried after a short back-off, at the pace;
    /// <paramref name="cutTo"/> is the new pace when this 429 cut it. False: the server refuses everything, so the session
    /// should pause for the Retry-After (as without adaptation).
    /// </summary>
    public bool OnThrottled(out double? cutTo)
    {
        cutTo = null;
        if (!Enabled) return false;
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            Trim(now);
            _interleaved = _lastThrottle != 0 && now - _lastThrottle <= Window && _acceptedSinceThrottle > 0 ? _interleaved + 1 : 0;
            var overLimit = _interleaved >= 2;
            _lastThrottle = now;
            _acceptedSinceThrottle = 0;
            if (_accepted.Count == 0 || ++_refusalsInARow >= RefusalsBeforePause)
                return false;
            if (!overLimit || (_lastCut != 0 && now - _lastCut < CutInterval))
                return true;
            var span = Math.Max(Stopwatch.Frequency / 100, Math.Min(Window, now - _started));
            var acceptedRate = _accepted.Count * (double)Stopwatch.Frequency / span;
            var target = Math.Max(SlowestRate, acceptedRate * ShareOfAccepted);
            if (target < _rate)
            {
                _rate = target;
                cutTo = target;
            }
            _lastCut = now;
            _lastGrowth = now;
            return true;
        }
    }

    private void Trim(long now)
    {
        while (_accepted.Count > 0 && now - _accepted.Peek() > Window)
            _accepted.Dequeue();
    }
}
