namespace MerchantApi.Sandbox;

/// <summary>
/// The server's clock: real UTC time shifted by a skew (<c>--clock-skew</c>, or <c>clockSkewSeconds</c> of
/// <c>POST /__sandbox/faults</c>). Everything time-related that a client can see goes through it: iat/exp/expiresIn,
/// expiry checks, createdAt/updatedAt, the Date header and HTTP-date Retry-After values.
/// </summary>
internal sealed class SandboxClock(double skewSeconds)
{
    private long _skewTicks = ToTicks(skewSeconds);

    public double SkewSeconds
    {
        get => Interlocked.Read(ref _skewTicks) / (double)TimeSpan.TicksPerSecond;
        set => Interlocked.Exchange(ref _skewTicks, ToTicks(value));
    }

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _skewTicks));

    private static long ToTicks(double seconds) => (long)Math.Round(seconds * TimeSpan.TicksPerSecond);
}
