namespace MerchantApi.Http;

/// <summary>
/// When the server says "429, retry after N", every request of the session waits, not only the one that was
/// throttled: hammering a throttled server only prolongs the throttle.
/// </summary>
internal sealed class ThrottleGate
{
    private long _resumeAtUtcTicks;

    public void PauseUntil(DateTimeOffset resumeAt)
    {
        var ticks = resumeAt.UtcTicks;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _resumeAtUtcTicks);
            if (seen >= ticks) return;
        } while (Interlocked.CompareExchange(ref _resumeAtUtcTicks, ticks, seen) != seen);
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var wait = new DateTimeOffset(Interlocked.Read(ref _resumeAtUtcTicks), TimeSpan.Zero) - DateTimeOffset.UtcNow;
        return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
    }
}
