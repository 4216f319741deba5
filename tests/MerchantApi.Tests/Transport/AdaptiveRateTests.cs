using MerchantApi.Http;

namespace MerchantApi.Tests.Transport;

public sealed class AdaptiveRateTests
{
    /// <summary>One request sent, answered and accepted.</summary>
    private static void Accept(AdaptiveRate rate)
    {
        var sentAt = rate.OnSending();
        rate.OnAnswered();
        rate.OnAccepted(sentAt);
    }

    /// <summary>What a rate limit looks like: 429s with requests sent after the first of them accepted between them.</summary>
    private static double? OverTheLimit(AdaptiveRate rate)
    {
        double? cut = null;
        for (var i = 0; i < 4; i++)
        {
            Accept(rate);
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
            Accept(rate);
        Thread.Sleep(350);
        for (var i = 0; i < 17; i++)
            Accept(rate); // with the four below, what the last 300 ms accepted: 21 requests, about 70 a second
        var cut = OverTheLimit(rate);
        Assert.NotNull(cut);
        Assert.InRange(cut!.Value, 40, 72);
        Assert.Equal(cut.Value, rate.Rate);
    }

    [Fact]
    public void A_lone_429_is_only_backed_off_and_refusals_with_nothing_accepted_or_on_its_way_pause_the_session()
    {
        var rate = new AdaptiveRate(enabled: true);
        for (var i = 0; i < 30; i++)
            Accept(rate);
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
    public void Answers_to_requests_sent_before_a_429_do_not_make_it_a_limit()
    {
        var rate = new AdaptiveRate(enabled: true);
        var before = Enumerable.Range(0, 20).Select(_ => rate.OnSending()).ToList(); // in flight when a burst of refusals begins
        for (var i = 0; i < 4; i++)
        {
            Assert.True(rate.OnThrottled(out var cutTo));
            Assert.Null(cutTo);
            for (var j = 0; j < 5; j++)
            {
                rate.OnAnswered();
                rate.OnAccepted(before[i * 5 + j]);
            }
        }
        Assert.True(double.IsPositiveInfinity(rate.Rate));
    }

    [Fact]
    public void Too_few_answers_to_measure_by_make_no_cut()
    {
        var rate = new AdaptiveRate(enabled: true);
        Assert.Null(OverTheLimit(rate)); // 4 answers: a fast limiter's refusals can come back before the accepted ones
        Assert.True(double.IsPositiveInfinity(rate.Rate));
    }

    [Fact]
    public void A_volley_of_429s_cuts_once_and_the_pace_grows_again_while_requests_succeed()
    {
        var rate = new AdaptiveRate(enabled: true);
        for (var i = 0; i < 30; i++)
            Accept(rate);
        Assert.NotNull(OverTheLimit(rate));
        Accept(rate);
        Assert.True(rate.OnThrottled(out var again));
        Assert.Null(again); // the 429s of requests already in flight say the same thing once
        var cut = rate.Rate;
        Thread.Sleep(200);
        Accept(rate);
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
        Accept(off);
        Assert.False(off.OnThrottled(out _));
    }

    [Fact]
    public async Task Requests_start_at_the_pace()
    {
        var rate = new AdaptiveRate(enabled: true);
        Thread.Sleep(50);
        for (var i = 0; i < 8; i++)
            Accept(rate);
        var cut = OverTheLimit(rate); // 11 accepted in the first 50 ms or so of a session: a pace of a couple of hundred a second
        Assert.NotNull(cut);
        var slots = 6;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, slots).Select(_ => rate.WaitAsync(CancellationToken.None)));
        // Six slots 1/pace apart: the last one (slots - 1) / pace on (never sooner; later only on a loaded machine).
        Assert.True(started.Elapsed.TotalSeconds >= (slots - 1) / cut!.Value * 0.9, $"{started.Elapsed.TotalSeconds} s at {cut} /s");
    }
}
