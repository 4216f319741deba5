using MerchantApi.Customers;
using MerchantApi.Http;

namespace MerchantApi.Tests.Bulk;

public sealed class ExactlyOnceTests
{
    private static CustomerDraft Draft(string email) => new()
    {
        [CustomerField.Email] = email, [CustomerField.FirstName] = "Ada", [CustomerField.LastName] = "Lovelace", [CustomerField.Country] = "GB",
        [CustomerField.VerificationDocumentId] = "P123", [CustomerField.ResidenceAddress] = "12 St James's Square, London",
    };

    private static readonly CallOptions Quick = new() { MaxAttempts = 6, RetryTimeLimit = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_create_whose_connection_drops_after_commit_returns_the_stored_customer_without_a_duplicate()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        await sandbox.ControlAsync("faults", new { dropAfterCommitRate = 1.0 });

        var customer = await CustomerApi.CreateAsync(session, Draft("dropped@example.com"), Quick, CancellationToken.None);

        Assert.Equal("dropped@example.com", customer.Email);
        Assert.False(customer.AlreadyExisted);
        Assert.Equal(1, await sandbox.StoredCustomersAsync());
        var stats = await sandbox.ControlAsync("stats");
        Assert.Equal(1, stats.GetProperty("faults").GetProperty("dropsAfterCommit").GetInt32());
    }

    [Fact]
    public async Task Injected_server_errors_are_retried_until_the_create_succeeds_once()
    {
        await using var sandbox = await RunningSandbox.StartAsync(o => { o.FailureRate = 0.5; o.Seed = 7; });
        var session = await sandbox.ConnectWithApiKeyAsync();

        for (var i = 0; i < 10; i++)
            await CustomerApi.CreateAsync(session, Draft($"flaky{i}@example.com"), Quick, CancellationToken.None);

        Assert.Equal(10, await sandbox.StoredCustomersAsync());
        var stats = await sandbox.ControlAsync("stats");
        Assert.True(stats.GetProperty("faults").GetProperty("failures").GetInt32() > 0);
    }

    [Fact]
    public async Task A_duplicate_email_is_CustomerAlreadyExists_naming_the_existing_id_or_the_existing_customer_on_request()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        var first = await CustomerApi.CreateAsync(session, Draft("taken@example.com"), Quick, CancellationToken.None);

        var failed = await CustomerApi.CreateRowAsync(session, 4, "row", Draft("taken@example.com"), false, Quick, CancellationToken.None);
        Assert.Null(failed.Customer);
        Assert.Equal("CustomerAlreadyExists", failed.Failure!.ErrorId);
        Assert.Contains(first.Id, failed.Failure.Message);
        Assert.StartsWith("Row 4:", failed.Failure.Message);
        Assert.Equal("row", failed.Input);

        var existing = await CustomerApi.CreateRowAsync(session, 5, null, Draft("taken@example.com"), true, Quick, CancellationToken.None);
        Assert.Equal(first.Id, existing.Customer!.Id);
        Assert.True(existing.Customer.AlreadyExisted);
        Assert.Equal(1, await sandbox.StoredCustomersAsync());
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_the_row_after_the_timeout_and_budget()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        await sandbox.ControlAsync("hostile", new { path = "/v2/customer/create", mode = "hang", count = 10 });
        var options = new CallOptions { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 2, RetryTimeLimit = TimeSpan.FromSeconds(10) };

        var outcome = await CustomerApi.CreateRowAsync(session, 1, null, Draft("hang@example.com"), false, options, CancellationToken.None);

        Assert.Null(outcome.Customer);
        Assert.Equal("RequestTimedOut", outcome.Failure!.ErrorId);
        Assert.Equal(0, await sandbox.StoredCustomersAsync());
    }
}
