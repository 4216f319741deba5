using System.Diagnostics;

namespace MerchantApi.Http;

/// <summary>
/// A session's own pace, learnt from the server's 429s, so a bulk run settles just under a server's rate limit instead
/// of hammering it. Unlimited until 429s show a limit: a limit refuses some requests and accepts others in between, so
/// 429s (each less than 300 ms after the one before) while 3 requests sent since the first of them have been accepted
/// mean "over the limit" (requests sent before it may have been taken before a burst of refusals began). The pace then becomes a little under the
/// rate the server accepted over the last 300 ms (at most one cut per 250 ms, so a volley of 429s from requests already
/// in flight counts once, and only with at least 8 answers in that window to measure by). It grows by 2 % a second
/// while requests succeed, until the next 429s show the limit again, and by its own size a second once 2 s pass
/// without a 429 while it is well under the pace the last cut came down from, so a cut that went too deep (answers
/// trail a fast limiter's refusals) is undone in seconds, yet a pace near the limit is not pushed over it. Any other
/// 429 is only backed off; 429s with nothing accepted lately and nothing else on its way (an outage) say nothing about a
/// rate: after a few, the session pauses for the Retry-After instead (<see cref="ThrottleGate"/>). Requests start at the
/// pace (a slot each, handed out in order); how many run at once stays bounded by the caller (-ThrottleLimit).
/// </summary>
internal sealed class AdaptiveRate
{
    /// <summary>The slowest pace a cut goes to, in requests a second: below it a rate limit is better met by Retry-After.</summary>
    internal const double SlowestRate = 2;

    private const double ShareOfAccepted = 0.98;

    /// <summary>429s in a row, nothing accepted in the window and no other request on its way, after which the session
    /// pauses for the Retry-After.</summary>
    private const int RefusalsBeforePause = 3;
    private const double GrowthPerSecond = 0.02;

    /// <summary>Growth once no 429 has come for <see cref="QuietBeforeProbing"/>: a cut that went too deep (the accepted
    /// rate is measured by answers, which trail a fast limiter's refusals) is undone in seconds, not minutes.</summary>
    private const double ProbingGrowthPerSecond = 1.0;

    /// <summary>Accepted answers the window needs before a 429 may cut the pace: fewer say too little about a rate.</summary>
    private const int EvidenceForCut = 8;
    private static readonly long Window = Stopwatch.Frequency * 3 / 10;
    private static readonly long CutInterval = Stopwatch.Frequency / 4;
    private static readonly long QuietBeforeProbing = Stopwatch.Frequency * 2;

    private readonly object _gate = new();
    private readonly Queue<long> _accepted = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private double _rate = double.PositiveInfinity;
    private long _nextSlot;
    private long _lastCut;
    private long _lastGrowth;
    private long _lastThrottle;

    /// <summary>The pace the last cut came down from: known to be too fast, so probing stops short of it.</summary>
    private double _tooFast = double.PositiveInfinity;
    private long _episodeStart;
    private int _acceptedInEpisode;
    private int _refusalsInARow;
    private int _inFlight;

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

    /// <summary>A request goes out: while others are on their way, 429s in a row do not yet mean that nothing is accepted
    /// (a limiter refuses at once, the requests it accepts answer later).</summary>
    /// <returns>When it went out, for <see cref="OnAccepted"/>.</returns>
    public long OnSending()
    {
        Interlocked.Increment(ref _inFlight);
        return Stopwatch.GetTimestamp();
    }

    public void OnAnswered() => Interlocked.Decrement(ref _inFlight);

    /// <summary>The server took a request (any answer but 429): counted for the accepted rate; the pace grows. Only a
    /// request sent after an episode of 429s began shows that the server accepts during it.</summary>
    /// <param name="sentAt">When the request went out (<see cref="OnSending"/>).</param>
    public void OnAccepted(long sentAt)
    {
        if (!Enabled) return;
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            _accepted.Enqueue(now);
            if (_episodeStart != 0 && sentAt > _episodeStart)
                _acceptedInEpisode++;
            _refusalsInARow = 0;
            Trim(now);
            if (!double.IsPositiveInfinity(_rate))
            {
                var growth = now - _lastThrottle > QuietBeforeProbing && _rate < _tooFast * 0.9 ? ProbingGrowthPerSecond : GrowthPerSecond;
                _rate += _rate * growth * (now - _lastGrowth) / Stopwatch.Frequency;
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
            if (_lastThrottle == 0 || now - _lastThrottle > Window)
            {
                // 429s less than 300 ms apart are one episode; it shows a limit once requests sent during it are accepted.
                _episodeStart = now;
                _acceptedInEpisode = 0;
            }
            _lastThrottle = now;
            var overLimit = _acceptedInEpisode >= 3;
            // This 429's own request has been answered already (OnAnswered comes first): others in flight may yet be accepted.
            if (++_refusalsInARow >= RefusalsBeforePause && _accepted.Count == 0 && Volatile.Read(ref _inFlight) == 0)
                return false;
            if (!overLimit || _accepted.Count < EvidenceForCut || (_lastCut != 0 && now - _lastCut < CutInterval))
                return true;
            var span = Math.Max(Stopwatch.Frequency / 100, Math.Min(Window, now - _started));
            var acceptedRate = _accepted.Count * (double)Stopwatch.Frequency / span;
            var target = Math.Max(SlowestRate, acceptedRate * ShareOfAccepted);
            if (target < _rate)
            {
                _tooFast = _rate;
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
