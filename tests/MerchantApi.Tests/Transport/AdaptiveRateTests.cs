using MerchantApi.Http;

namespace MerchantApi.Tests.Transport;

public sealed class AdaptiveRateTests
{
    /// <summary>What a rate limit looks like: 429s with accepted requests between them.</summary>
    private static double? OverTheLimit(AdaptiveRate rate)
    {
        double? cut = null;
        for (var i = 0; i < 3; i++)
        {
            rate.OnAccepted();
            Assert.True(rate.OnThrottled(out var cutTo));
            cut ??= cutTo;
        }
        return cut;
    }

    [Fact]
    public void It_is_unlimited_until_a_limit_shows_and_then_a_little_under_the_rate_the_server_accepted()
    {
        var rate = new AdaptiveRate(enabled: true);
        Assert.True(double.IsPositiveInfinity(rate.Rate));
        for (var i = 0; i < 60; i++)
            rate.OnAccepted();
        Thread.Sleep(350);
        for (var i = 0; i < 17; i++)
            rate.OnAccepted(); // with the three below, what the last 300 ms accepted: 20 requests, about 67 a second
        var cut = OverTheLimit(rate);
        Assert.NotNull(cut);
        Assert.InRange(cut!.Value, 40, 70);
        Assert.Equal(cut.Value, rate.Rate);
    }

    [Fact]
    public void A_lone_429_is_only_backed_off_and_refusals_with_nothing_accepted_or_on_its_way_pause_the_session()
    {
        var rate = new AdaptiveRate(enabled: true);
        for (var i = 0; i < 30; i++)
            rate.OnAccepted();
        Assert.True(rate.OnThrottled(out var cutTo));
        Assert.Null(cutTo);
        Assert.True(double.IsPositiveInfinity(rate.Rate));
        Thread.Sleep(350); // nothing accepted for a window
        rate.OnSending(); // another request on its way: it may yet be accepted
        Assert.True(rate.OnThrottled(out _));
        Assert.True(rate.OnThrottled(out _));
        rate.OnAnswered();
        Assert.False(rate.OnThrottled(out _)); // refusals in a row, nothing accepted, nothing on its way: an outage
        Assert.True(double.IsPositiveInfinity(rate.Rate));
    }

    [Fact]
    public void Too_few_answers_to_measure_by_make_no_cut()
    {
        var rate = new AdaptiveRate(enabled: true);
        Assert.Null(OverTheLimit(rate)); // 3 answers: a fast limiter's refusals can come back before the accepted ones
        Assert.True(double.IsPositiveInfinity(rate.Rate));
    }

    [Fact]
    public void A_volley_of_429s_cuts_once_and_the_pace_grows_again_while_requests_succeed()
    {
        var rate = new AdaptiveRate(enabled: true);
        for (var i = 0; i < 30; i++)
            rate.OnAccepted();
        Assert.NotNull(OverTheLimit(rate));
        rate.OnAccepted();
        Assert.True(rate.OnThrottled(out var again));
        Assert.Null(again); // the 429s of requests already in flight say the same thing once
        var cut = rate.Rate;
        Thread.Sleep(200);
        rate.OnAccepted();
        Assert.True(rate.Rate > cut);
        Assert.True(rate.Rate < cut * 1.01);
    }

    [Fact]
    public void A_server_that_accepts_nothing_gets_the_retry_after_pause_and_off_means_off()
    {
        var rate = new AdaptiveRate(enabled: true);
        Assert.True(rate.OnThrottled(out _));
        Assert.True(rate.OnThrottled(out _));
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
        Thread.Sleep(50);
        for (var i = 0; i < 8; i++)
            rate.OnAccepted();
        var cut = OverTheLimit(rate); // 11 accepted in the first 50 ms or so of a session: a pace of a couple of hundred a second
        Assert.NotNull(cut);
        var slots = 6;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, slots).Select(_ => rate.WaitAsync(CancellationToken.None)));
        // Six slots 1/pace apart: the last one (slots - 1) / pace on (never sooner; later only on a loaded machine).
        Assert.True(started.Elapsed.TotalSeconds >= (slots - 1) / cut!.Value * 0.9, $"{started.Elapsed.TotalSeconds} s at {cut} /s");
    }
}
