using MerchantApi.Customers;
using MerchantApi.Http;

namespace MerchantApi.Tests.Customers;

public sealed class FindAndUpdateTests
{
    private static readonly CallOptions Quick = new() { MaxAttempts = 8, RetryTimeLimit = TimeSpan.FromSeconds(30) };

    private static CustomerDraft Draft(string email, string comment = "") => new()
    {
        [CustomerField.Email] = email, [CustomerField.FirstName] = "Ada", [CustomerField.LastName] = "Lovelace", [CustomerField.Country] = "GB", [CustomerField.Comment] = comment,
        [CustomerField.VerificationDocumentId] = "P123", [CustomerField.ResidenceAddress] = "12 St James's Square, London",
    };

    private static async Task<long> FindRequestsAsync(RunningSandbox sandbox) =>
        (await sandbox.StatsAsync()).Requests("/v2/customer/find");

    [Fact]
    public async Task Finding_350_matches_takes_4_requests_and_the_first_150_take_2()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        var created = new List<string>();
        for (var i = 0; i < 350; i++)
            created.Add((await CustomerApi.CreateAsync(session, Draft($"p{i:d3}@example.com", "tagged"), Quick, CancellationToken.None)).Id);
        var filter = new CustomerFilter { Comment = "tagged" };

        var before = await FindRequestsAsync(sandbox);
        var all = new List<string>();
        await foreach (var customer in CustomerApi.FindAsync(session, filter, new FindPaging(0, null), Quick))
            all.Add(customer.Id);
        Assert.Equal(4, await FindRequestsAsync(sandbox) - before);
        Assert.Equal(created, all);

        before = await FindRequestsAsync(sandbox);
        var first = new List<string>();
        await foreach (var customer in CustomerApi.FindAsync(session, filter, new FindPaging(0, 150), Quick))
            first.Add(customer.Id);
        Assert.Equal(2, await FindRequestsAsync(sandbox) - before);
        Assert.Equal(created.Take(150), first);
    }

    [Fact]
    public async Task Details_of_an_unknown_id_is_CustomerNotFound()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        var id = Guid.NewGuid().ToString();
        var ex = await Assert.ThrowsAsync<MerchantApiException>(() => CustomerApi.GetByIdAsync(session, id, Quick, CancellationToken.None));
        Assert.Equal("CustomerNotFound", ex.ErrorId);
        Assert.Equal(MerchantErrorKind.NotFound, ex.Kind);
        Assert.Contains(id, ex.Message);
    }

    [Fact]
    public async Task An_update_sends_only_the_given_fields_and_a_provider_block_is_Forbidden()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        var customer = await CustomerApi.CreateAsync(session, Draft("u@example.com", "before"), Quick, CancellationToken.None);

        var updated = await CustomerApi.UpdateAsync(session, new CustomerDraft { [CustomerField.Id] = customer.Id, [CustomerField.LastName] = "Byron" }, Quick, CancellationToken.None);
        Assert.Equal("Byron", updated.LastName);
        Assert.Equal("before", updated.Comment);

        await sandbox.ControlAsync("provider-status", new { id = customer.Id, status = "Suspicious" });
        var ex = await Assert.ThrowsAsync<MerchantApiException>(() =>
            CustomerApi.UpdateAsync(session, new CustomerDraft { [CustomerField.Id] = customer.Id, [CustomerField.Status] = "Active" }, Quick, CancellationToken.None));
        Assert.Equal("Forbidden", ex.ErrorId);
        Assert.Equal(MerchantErrorKind.PermissionDenied, ex.Kind);
    }

    [Fact]
    public async Task Updates_are_retried_through_server_errors()
    {
        await using var sandbox = await RunningSandbox.StartAsync(o => { o.Seed = 11; });
        var session = await sandbox.ConnectWithApiKeyAsync();
        var customer = await CustomerApi.CreateAsync(session, Draft("r@example.com"), Quick, CancellationToken.None);
        await sandbox.ControlAsync("faults", new { failureRate = 0.5 });

        for (var i = 0; i < 10; i++)
        {
            var outcome = await CustomerApi.UpdateRowAsync(session, i + 1, null, new CustomerDraft { [CustomerField.Id] = customer.Id, [CustomerField.Comment] = $"c{i}" },
                Quick, CancellationToken.None);
            Assert.Null(outcome.Failure);
            Assert.Equal($"c{i}", outcome.Customer!.Comment);
        }
        var stats = await sandbox.ControlAsync("stats");
        Assert.True(stats.GetProperty("faults").GetProperty("failures").GetInt32() > 0);
    }
}
