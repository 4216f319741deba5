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

        // Half of all requests fail, look-ups included, and they share each create's budget: room for many attempts.
        var patient = new CallOptions { MaxAttempts = 30, RetryTimeLimit = TimeSpan.FromSeconds(60) };
        for (var i = 0; i < 10; i++)
            await CustomerApi.CreateAsync(session, Draft($"flaky{i}@example.com"), patient, CancellationToken.None);

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
        Assert.StartsWith("A customer with email 'taken@example.com' already exists", failed.Failure.Message);
        Assert.Equal(4, failed.Row); // the cmdlet puts "Row 4:" in front; the engine names no row or cmdlet advice
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

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_row_stops_at_its_retry_count_with_attempts_and_look_ups_counted_together(int maxAttempts)
    {
        // Every /v2 request fails with 500: each create's outcome is unknown, so each is followed by a look-up,
        // which fails too. All of it is one row's work, bounded by one budget.
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        await sandbox.ControlAsync("faults", new { failureRate = 1.0 });
        var before = await sandbox.StatsAsync();
        var options = new CallOptions { MaxAttempts = maxAttempts, RetryTimeLimit = TimeSpan.FromSeconds(60) };

        var outcome = await CustomerApi.CreateRowAsync(session, 1, null, Draft("budget@example.com"), false, options, CancellationToken.None);

        Assert.Null(outcome.Customer);
        Assert.NotNull(outcome.Failure);
        var after = await sandbox.StatsAsync();
        var sent = after.Requests("/v2/customer/create") - before.Requests("/v2/customer/create")
            + after.Requests("/v2/customer/find") - before.Requests("/v2/customer/find");
        Assert.Equal(maxAttempts, sent);
        Assert.Equal(0, await sandbox.StoredCustomersAsync());
    }

    [Fact]
    public async Task A_row_stops_at_its_time_limit_however_many_attempts_are_left()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        await sandbox.ControlAsync("faults", new { failureRate = 1.0 });
        var options = new CallOptions { MaxAttempts = 100, RetryTimeLimit = TimeSpan.FromSeconds(2) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcome = await CustomerApi.CreateRowAsync(session, 1, null, Draft("late@example.com"), false, options, CancellationToken.None);

        Assert.NotNull(outcome.Failure);
        // The back-off never starts a wait that would end past the limit, so the row ends within it (plus one
        // attempt's answer time on a loaded machine).
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(3));
    }
}
