using System.Net;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>Many clients at once: the store stays consistent and the email stays unique.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Two_hundred_concurrent_creates_store_exactly_two_hundred_customers()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var tokens = await sandbox.LoginOkAsync();
        var emails = Enumerable.Range(0, 200).Select(i => CustomerBodies.UniqueEmail($"conc{i}")).ToArray();

        var responses = await Task.WhenAll(emails.Select((email, i) => sandbox.PostAsync("/v2/customer/create", CustomerBodies.Valid(email),
            i % 2 == 0 ? sandbox.ApiKeyHeader : TestSandbox.Bearer(tokens.AccessToken))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal(200, responses.Select(r => r.Data.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(200, responses.Select(r => r.Data.GetProperty("walletId").GetString()).Distinct().Count());
        var stats = await sandbox.StatsAsync();
        Assert.Equal(200, stats.GetProperty("customers").GetInt32());
        Assert.Equal(200, stats.GetProperty("requests").GetProperty("/v2/customer/create").GetProperty("200").GetInt32());
        var stored = new HashSet<string>();
        for (var skip = 0; skip < 200; skip += 100)
        {
            var page = await sandbox.PostAsync("/v2/customer/find", new { take = 100, skip }, sandbox.ApiKeyHeader);
            stored.UnionWith(page.Data.EnumerateArray().Select(c => c.GetProperty("email").GetString()!));
        }

        Assert.Equal(emails.ToHashSet(), stored);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_email_let_exactly_one_win()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var emails = Enumerable.Range(0, 10).Select(i => CustomerBodies.UniqueEmail($"race{i}")).ToArray();

        // 10 emails x 20 racers, with the case of the email varied.
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
        {
            var email = emails[i % 10];
            return sandbox.CreateAsync(CustomerBodies.Valid(i % 3 == 0 ? email.ToUpperInvariant() : email));
        }));

        Assert.Equal(10, responses.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(190, responses.Count(r => r.Status == HttpStatusCode.Conflict));
        Assert.Equal(10, (await sandbox.StatsAsync()).GetProperty("customers").GetInt32());
    }

    [Fact]
    public async Task Concurrent_updates_and_reads_of_one_customer_stay_consistent()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var created = await sandbox.CreateOkAsync();
        var id = created.GetProperty("id").GetString();

        var work = Enumerable.Range(0, 100).Select(i => i % 2 == 0
            ? sandbox.PostAsync("/v2/customer/update", new { id, comment = $"c{i}" }, sandbox.ApiKeyHeader)
            : sandbox.PostAsync("/v2/customer/details", new { id }, sandbox.ApiKeyHeader));
        var responses = await Task.WhenAll(work);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var updatedAts = responses.Where((_, i) => i % 2 == 0).Select(r => r.Data.GetProperty("updatedAt").GetString()).ToArray();
        Assert.Equal(50, updatedAts.Distinct().Count()); // every write moved updatedAt
        var find = await sandbox.PostAsync("/v2/customer/find", new { }, sandbox.ApiKeyHeader);
        Assert.Equal(1, find.Data.GetArrayLength());
    }
}
