using System.Globalization;
using System.Net;
using System.Text.Json;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>--customers and --operations: counts, coverage, validity, determinism from --seed, and reset. Each test has its own sandboxes.</summary>
public sealed class SeedingTests
{
    private static Task<TestSandbox> StartSeededAsync(int customers, int operations, int? seed = 7, double clockSkew = 0) =>
        TestSandbox.StartAsync(o =>
        {
            o.Customers = customers;
            o.Operations = operations;
            o.Seed = seed;
            o.ClockSkewSeconds = clockSkew;
        });

    private static async Task<List<JsonElement>> AllCustomersAsync(TestSandbox sandbox)
    {
        var all = new List<JsonElement>();
        while (true)
        {
            var response = await sandbox.PostAsync("/v2/customer/find", new { skip = all.Count, take = 100 }, sandbox.ApiKeyHeader);
            Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            var page = response.Data.EnumerateArray().ToArray();
            all.AddRange(page);
            if (page.Length < 100)
            {
                return all;
            }
        }
    }

    private static DateTimeOffset Time(JsonElement e, string name) =>
        DateTimeOffset.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    /// <summary>The JSON of each item without its times (those count back from the moment a sandbox seeded).</summary>
    private static string[] WithoutTimes(IEnumerable<JsonElement> items) =>
        items.Select(e => JsonSerializer.Serialize(e.EnumerateObject().Where(p => p.Name is not ("createdAt" or "updatedAt"))
            .ToDictionary(p => p.Name, p => p.Value))).ToArray();

    [Fact]
    public async Task The_counts_asked_for_are_seeded_with_every_type_and_status_unique_externalIds_and_valid_customers()
    {
        await using var sandbox = await StartSeededAsync(customers: 120, operations: 250);

        var customers = await AllCustomersAsync(sandbox);
        var operations = await sandbox.FindAllOperationsAsync();

        Assert.Equal(120, (await sandbox.StatsAsync()).GetProperty("customers").GetInt32());
        Assert.Equal(120, customers.Count);
        Assert.Equal(120, customers.Select(c => c.GetProperty("email").GetString()!.ToLowerInvariant()).Distinct().Count());
        Assert.Equal(250, operations.Count);
        Assert.Equal(250, operations.Select(o => o.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(250, operations.Select(o => o.GetProperty("externalId").GetString()).Distinct().Count());
        Assert.Equal(["BuyToSendCrypto", "CryptoExchange", "Deposit", "DepositWithExchange", "Transfer", "Withdraw", "WithdrawWithExchange"],
            operations.Select(o => o.GetProperty("type").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["Completed", "Created", "Declined", "OnHold", "Processing"],
            operations.Select(o => o.GetProperty("status").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.Subset(customers.Select(c => c.GetProperty("walletId").GetString()).ToHashSet(),
            operations.Select(o => o.GetProperty("walletId").GetString()).ToHashSet());
        Assert.True(operations.Select(o => o.GetProperty("walletId").GetString()).Distinct().Count() > 50, "operations are spread over the wallets");
        Assert.Subset(new HashSet<string?>(["BTC", "ETH", "USDT", "UAH", "EUR"]),
            operations.SelectMany(o => new[] { o.GetProperty("sourceAsset").GetString(), o.GetProperty("targetAsset").GetString() }).ToHashSet());
        Assert.All(operations, o =>
        {
            foreach (var amount in new[] { "sourceAmount", "targetAmount", "fee" })
            {
                Assert.Matches(@"^[0-9]+\.[0-9]{2,8}$", o.GetProperty(amount).GetString());
            }

            Assert.True(Time(o, "updatedAt") >= Time(o, "createdAt"));
        });
    }

    [Fact]
    public async Task A_seeded_customer_is_as_valid_as_a_created_one()
    {
        await using var sandbox = await StartSeededAsync(customers: 5, operations: 0);
        var seeded = (await AllCustomersAsync(sandbox))[0];
        var body = new Dictionary<string, object?>();
        foreach (var name in new[] { "phoneNumber", "firstName", "lastName", "country", "verificationDocumentId", "residenceAddress" })
        {
            body[name] = seeded.GetProperty(name).GetString();
        }

        body["email"] = "copy-" + seeded.GetProperty("email").GetString();
        var created = await sandbox.CreateAsync(body);
        var duplicate = await sandbox.CreateAsync(new Dictionary<string, object?>(body) { ["email"] = seeded.GetProperty("email").GetString() });
        var balances = await sandbox.PostAsync("/v2/balance", new { walletId = seeded.GetProperty("walletId").GetString() }, sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.NotEmpty(balances.Data.EnumerateArray());
    }

    [Fact]
    public async Task CreatedAt_is_spread_over_the_last_30_days_by_the_sandbox_clock()
    {
        const double skew = -10 * 86400;
        await using var sandbox = await StartSeededAsync(customers: 10, operations: 300, clockSkew: skew);
        var now = DateTimeOffset.UtcNow.AddSeconds(skew);

        var createdAt = (await sandbox.FindAllOperationsAsync()).Select(o => Time(o, "createdAt")).ToArray();

        Assert.All(createdAt, t => Assert.InRange(t, now.AddDays(-30).AddMinutes(-1), now.AddMinutes(1)));
        Assert.True(createdAt.Max() - createdAt.Min() > TimeSpan.FromDays(25), "spread over the span, not bunched");
        Assert.Equal(createdAt.OrderDescending(), createdAt);
    }

    [Fact]
    public async Task The_same_seed_seeds_the_same_data_and_another_seed_other_data()
    {
        await using var a = await StartSeededAsync(customers: 20, operations: 60, seed: 42);
        await using var b = await StartSeededAsync(customers: 20, operations: 60, seed: 42);
        await using var c = await StartSeededAsync(customers: 20, operations: 60, seed: 43);

        var operationsA = await a.FindAllOperationsAsync();
        var operationsB = await b.FindAllOperationsAsync();
        var customersA = await AllCustomersAsync(a);
        var customersB = await AllCustomersAsync(b);
        var wallet = customersA[3].GetProperty("walletId").GetString();
        var balanceA = await a.PostAsync("/v2/balance", new { walletId = wallet }, a.ApiKeyHeader);
        var balanceB = await b.PostAsync("/v2/balance", new { walletId = wallet }, b.ApiKeyHeader);

        Assert.Equal(WithoutTimes(operationsA), WithoutTimes(operationsB));
        Assert.Equal(WithoutTimes(customersA), WithoutTimes(customersB));
        // The times are the same offsets back from each sandbox's moment of seeding.
        var shift = Time(operationsB[0], "createdAt") - Time(operationsA[0], "createdAt");
        Assert.All(operationsA.Zip(operationsB), p => Assert.Equal(shift, Time(p.Second, "createdAt") - Time(p.First, "createdAt")));
        Assert.Equal(balanceA.Body, balanceB.Body);
        Assert.NotEqual(WithoutTimes(operationsA), WithoutTimes(await c.FindAllOperationsAsync()));
    }

    [Fact]
    public async Task A_wallet_created_later_has_balances_of_its_own_that_stay_put_until_a_reset_forgets_it()
    {
        await using var sandbox = await StartSeededAsync(customers: 0, operations: 0, seed: 5);
        var walletA = await sandbox.CreateWalletAsync();
        var walletB = await sandbox.CreateWalletAsync();

        var first = await sandbox.PostAsync("/v2/balance", new { walletId = walletA }, sandbox.ApiKeyHeader);
        var second = await sandbox.PostAsync("/v2/balance", new { walletId = walletB }, sandbox.ApiKeyHeader);
        var again = await sandbox.PostAsync("/v2/balance", new { walletId = walletA }, sandbox.ApiKeyHeader);
        await sandbox.AdminAsync("reset");
        var afterReset = await sandbox.PostAsync("/v2/balance", new { walletId = walletA }, sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.NotEqual(first.Body, second.Body);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(HttpStatusCode.NotFound, afterReset.Status);
    }

    [Fact]
    public async Task A_reset_sandbox_holds_the_seeded_data_again_and_nothing_added_since()
    {
        await using var sandbox = await StartSeededAsync(customers: 8, operations: 30);
        var before = await sandbox.FindAllOperationsAsync();
        var wallet = before[0].GetProperty("walletId").GetString()!;
        var balances = (await sandbox.PostAsync("/v2/balance", new { walletId = wallet }, sandbox.ApiKeyHeader)).Body;
        await sandbox.AddOperationsOkAsync(new { walletId = wallet, type = "Deposit", status = "Created" });
        await sandbox.AdminAsync("balances", new { walletId = wallet, balances = new[] { new { asset = "BTC", balance = "9" } } });
        await sandbox.CreateOkAsync();

        var reset = await sandbox.AdminAsync("reset");
        var after = await sandbox.FindAllOperationsAsync();

        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.Equal(WithoutTimes(before), WithoutTimes(after));
        Assert.Equal(8, (await sandbox.StatsAsync()).GetProperty("customers").GetInt32());
        Assert.Equal(balances, (await sandbox.PostAsync("/v2/balance", new { walletId = wallet }, sandbox.ApiKeyHeader)).Body);
    }

    [Fact]
    public async Task Operations_without_customers_cannot_be_seeded()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => StartSeededAsync(customers: 0, operations: 5));

        Assert.Contains("--customers", error.Message);
    }
}
