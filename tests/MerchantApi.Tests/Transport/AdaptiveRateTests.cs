using MerchantApi.Http;

namespace MerchantApi.Tests.Transport;

public sealed class AdaptiveRateTests
{
    [Fact]
    public void It_is_unlimited_until_a_429_and_a_429_cuts_it_to_a_little_under_the_rate_the_server_accepted()
    {
        var rate = new AdaptiveRate(enabled: true);
        Assert.True(double.IsPositiveInfinity(rate.Rate));
        for (var i = 0; i < 60; i++)
            rate.OnAccepted();
        Thread.Sleep(350);
        for (var i = 0; i < 20; i++)
            rate.OnAccepted(); // what the last 300 ms accepted: 20 requests, about 67 a second
        Assert.True(rate.OnThrottled(out var cutTo));
        Assert.NotNull(cutTo);
        Assert.InRange(cutTo!.Value, 40, 70);
        Assert.Equal(cutTo.Value, rate.Rate);
    }

    [Fact]
    public void A_volley_of_429s_cuts_once_and_the_pace_grows_again_while_requests_succeed()
    {
        var rate = new AdaptiveRate(enabled: true);
        for (var i = 0; i < 30; i++)
            rate.OnAccepted();
        Assert.True(rate.OnThrottled(out var first));
        Assert.True(rate.OnThrottled(out var second));
        Assert.NotNull(first);
        Assert.Null(second); // the 429s of requests already in flight say the same thing once
        var cut = rate.Rate;
        Thread.Sleep(200);
        rate.OnAccepted();
        Assert.True(rate.Rate > cut);
        Assert.True(rate.Rate < cut * 1.01);
    }

    [Fact]
    public void A_server_that_accepts_nothing_gets_the_retry_after_pause_instead()
    {
        var rate = new AdaptiveRate(enabled: true);
        Assert.False(rate.OnThrottled(out var cutTo));
        Assert.Null(cutTo);
        Assert.True(double.IsPositiveInfinity(rate.Rate));
        var off = new AdaptiveRate(enabled: false);
        off.OnAccepted();
        Assert.False(off.OnThrottled(out _));
    }

    [Fact]
    public async Task Requests_start_at_the_pace()
    {
        var rate = new AdaptiveRate(enabled: true);
        for (var i = 0; i < 6; i++)
            rate.OnAccepted();
        Thread.Sleep(350);
        rate.OnAccepted();
        rate.OnAccepted();
        rate.OnAccepted(); // 3 in the last 300 ms: a pace of about 10 a second
        Assert.True(rate.OnThrottled(out _));
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => rate.WaitAsync(CancellationToken.None)));
        Assert.InRange(started.Elapsed.TotalMilliseconds, 400, 5000); // six slots 0.1 s apart: the last one half a second on
    }
}
