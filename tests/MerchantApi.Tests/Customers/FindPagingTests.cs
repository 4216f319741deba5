using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class FindPagingTests
{
    /// <summary>Plays a find against <paramref name="matches"/> results; returns the (skip, take) of every request.</summary>
    private static List<(int Skip, int Take)> Play(FindPaging paging, int matches)
    {
        var requests = new List<(int, int)>();
        while (paging.TryNext(out var skip, out var take))
        {
            requests.Add((skip, take));
            paging.Record(take, Math.Clamp(matches - skip, 0, take));
        }
        return requests;
    }

    [Fact]
    public void All_of_350_matches_take_four_pages_of_at_most_100()
    {
        var paging = new FindPaging(0, null);
        Assert.Equal(new[] { (0, 100), (100, 100), (200, 100), (300, 100) }, Play(paging, 350));
        Assert.True(paging.ReachedEnd);
        Assert.Equal(350UL, paging.Received);
    }

    [Fact]
    public void First_150_takes_two_pages_and_asks_only_for_what_is_wanted()
    {
        var paging = new FindPaging(0, 150);
        Assert.Equal(new[] { (0, 100), (100, 50) }, Play(paging, 350));
        Assert.False(paging.ReachedEnd);
    }

    [Fact]
    public void Skip_is_sent_to_the_server_and_pages_continue_from_it()
    {
        Assert.Equal(new[] { (340, 100) }, Play(new FindPaging(340, null), 350));
        Assert.Equal(new[] { (95, 10) }, Play(new FindPaging(95, 10), 350));
    }

    [Fact]
    public void An_exact_multiple_of_the_page_size_needs_one_empty_page_to_know_it_ended() => Assert.Equal(4, Play(new FindPaging(0, null), 300).Count);

    [Fact]
    public void First_zero_sends_nothing() => Assert.Empty(Play(new FindPaging(0, 0), 350));

    [Fact]
    public void A_smaller_page_size_makes_more_requests() => Assert.Equal(8, Play(new FindPaging(0, null, 50), 350).Count);

    [Fact]
    public void A_server_that_ignores_take_does_not_make_paging_overshoot()
    {
        var paging = new FindPaging(0, 150);
        Assert.True(paging.TryNext(out _, out var take));
        paging.Record(take, 500);
        Assert.True(paging.TryNext(out var skip, out take));
        Assert.Equal(100, skip);
        Assert.Equal(50, take);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Page_sizes_outside_1_to_100_are_refused(int pageSize) => Assert.Throws<ArgumentOutOfRangeException>(() => new FindPaging(0, null, pageSize));
}
