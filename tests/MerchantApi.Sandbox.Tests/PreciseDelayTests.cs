using System.Diagnostics;
using MerchantApi.Sandbox.Faults;

namespace MerchantApi.Sandbox.Tests;

/// <summary>The latency switch's delays: never shorter than asked, in deadline order, and cancellable.</summary>
public sealed class PreciseDelayTests
{
    [Fact]
    public async Task Concurrent_delays_each_last_at_least_what_was_asked()
    {
        var asked = new[] { 40, 5, 25, 1, 15, 30, 10, 20 };
        var elapsed = await Task.WhenAll(asked.Select(async ms =>
        {
            var started = Stopwatch.GetTimestamp();
            await PreciseDelay.WaitAsync(TimeSpan.FromMilliseconds(ms), CancellationToken.None);
            return Stopwatch.GetElapsedTime(started);
        }));
        for (var i = 0; i < asked.Length; i++)
        {
            Assert.True(elapsed[i] >= TimeSpan.FromMilliseconds(asked[i]), $"{asked[i]} ms delay ended after {elapsed[i].TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task A_later_short_delay_is_not_held_up_by_an_earlier_long_one()
    {
        var longDelay = PreciseDelay.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var shortDelay = PreciseDelay.WaitAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        Assert.Same(shortDelay, await Task.WhenAny(longDelay, shortDelay, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.False(longDelay.IsCompleted);
    }

    [Fact]
    public async Task Cancelling_ends_the_delay_at_once()
    {
        using var cancel = new CancellationTokenSource();
        var delay = PreciseDelay.WaitAsync(TimeSpan.FromMinutes(5), cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delay);
    }

    [Fact]
    public void A_zero_delay_is_already_over() =>
        Assert.True(PreciseDelay.WaitAsync(TimeSpan.Zero, CancellationToken.None).IsCompletedSuccessfully);
}
