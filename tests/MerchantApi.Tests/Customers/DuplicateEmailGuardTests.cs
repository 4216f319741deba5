using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class DuplicateEmailGuardTests
{
    [Fact]
    public void The_same_email_in_any_case_is_claimed_once_and_later_rows_learn_the_first_row()
    {
        var guard = new DuplicateEmailGuard();

        Assert.True(guard.TryClaim("a@b.com", 4, out var first));
        Assert.Equal(4, first);
        Assert.True(guard.TryClaim("c@b.com", 5, out _));
        Assert.False(guard.TryClaim("A@b.com", 9, out first));
        Assert.Equal(4, first);
        Assert.True(guard.TryClaim("a@b.com", 4, out _)); // the claiming row itself may ask again
        Assert.Equal(2, guard.Count);
    }

    [Fact]
    public void The_problem_names_both_rows()
    {
        var problem = DuplicateEmailGuard.Problem("a@b.com", 4);

        Assert.Equal((CustomerErrorIds.DuplicateEmailInInput, CustomerField.Email, "a@b.com"), (problem.ErrorId, problem.Field, problem.Value));
        Assert.Equal("'email' value 'a@b.com' already appears in row 4 of this input.", problem.Message);
    }

    [Fact]
    public async Task Concurrent_claims_let_exactly_one_row_win_each_email()
    {
        var guard = new DuplicateEmailGuard();
        var winners = new int[500];
        var losers = new System.Collections.Concurrent.ConcurrentBag<(int Email, int Row, int First)>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var e = 0; e < winners.Length; e++)
            {
                var row = worker * 1000 + e + 1;
                var email = worker % 2 == 0 ? $"user{e}@example.com" : $"USER{e}@example.com";
                if (guard.TryClaim(email, row, out var first))
                    Interlocked.Increment(ref winners[e]);
                else
                    losers.Add((e, row, first));
            }
        })));

        Assert.All(winners, count => Assert.Equal(1, count));
        Assert.Equal(7 * winners.Length, losers.Count);
        var firstRows = losers.GroupBy(l => l.Email).ToDictionary(g => g.Key, g => g.Select(l => l.First).Distinct().Single());
        Assert.All(losers, l => Assert.NotEqual(l.Row, l.First));
        Assert.Equal(winners.Length, firstRows.Count);
    }
}
