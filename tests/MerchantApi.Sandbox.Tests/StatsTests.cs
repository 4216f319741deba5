using System.Net;
using System.Text.Json;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>/__sandbox/stats, /__sandbox/reset and /__sandbox/shutdown. Each test has its own sandbox.</summary>
public sealed class StatsTests
{
    [Fact]
    public async Task Stats_count_customers_logins_refreshes_tokens_and_requests_by_path_and_status()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var tokens = await sandbox.LoginOkAsync();
        await sandbox.LoginAsync(password: "wrong");
        await sandbox.RefreshAsync(tokens.RefreshToken);
        var body = CustomerBodies.Valid();
        await sandbox.CreateAsync(body);
        await sandbox.CreateAsync(body);
        await sandbox.CreateAsync(new { });
        await sandbox.CreateOkAsync();

        var response = await sandbox.AdminAsync("stats");

        Assert.Equal(
            """{"data":{"customers":2,"logins":1,"refreshes":1,"requests":{"/v2/auth/login":{"200":1,"401":1},"/v2/auth/refresh":{"200":1},"/v2/customer/create":{"200":2,"400":1,"409":1}},"faults":{"failures":0,"throttled":0,"rateLimited":0,"dropsAfterCommit":0,"hostile":0},"tokensIssued":4,"elsewhereRequests":0,"leakedAuthHeaders":0}}""",
            response.Body);
    }

    [Fact]
    public async Task Reset_clears_customers_stats_and_sessions_but_keeps_the_configuration()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.LatencyMs = 1);
        var tokens = await sandbox.LoginOkAsync();
        var customer = await sandbox.CreateOkAsync();
        await sandbox.SetFaultsAsync(new { latencyMs = 2 });
        await sandbox.AdminAsync("hostile", new { path = "/v2/customer/find", mode = "empty", count = 5 });

        var reset = await sandbox.AdminAsync("reset");

        Assert.Equal("""{"data":{"reset":true}}""", reset.Body);
        var stats = await sandbox.StatsAsync();
        Assert.Equal(0, stats.GetProperty("customers").GetInt32());
        Assert.Equal(0, stats.GetProperty("logins").GetInt32());
        Assert.Equal(0, stats.GetProperty("tokensIssued").GetInt32());
        Assert.Empty(stats.GetProperty("requests").EnumerateObject());
        var details = await sandbox.PostAsync("/v2/customer/details", new { id = customer.GetProperty("id").GetString() }, sandbox.ApiKeyHeader);
        Assert.Equal(HttpStatusCode.NotFound, details.Status);
        Assert.Equal("REFRESH_TOKEN_EXPIRED", (await sandbox.RefreshAsync(tokens.RefreshToken)).ErrorCode);
        var find = await sandbox.PostAsync("/v2/customer/find", new { }, sandbox.ApiKeyHeader); // hostile rule gone
        Assert.Equal(JsonValueKind.Array, find.Data.ValueKind);
        var faults = await sandbox.AdminAsync("faults");
        Assert.Equal(2, faults.Data.GetProperty("latencyMs").GetDouble());
        // The same email can be used again.
        Assert.Equal(HttpStatusCode.OK, (await sandbox.CreateAsync(CustomerBodies.Valid(customer.GetProperty("email").GetString()))).Status);
    }

    [Fact]
    public async Task Shutdown_stops_the_sandbox_after_answering()
    {
        var sandbox = await TestSandbox.StartAsync();
        try
        {
            var response = await sandbox.AdminAsync("shutdown");

            Assert.Equal("""{"data":{"stopping":true}}""", response.Body);
            await sandbox.Host.Stopping.WaitAsync(TimeSpan.FromSeconds(5));
            await sandbox.Host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));
            using var fresh = TestSandbox.CreateClient(sandbox.Url);
            await Assert.ThrowsAsync<HttpRequestException>(() => fresh.PostAsync("/__sandbox/stats", null));
        }
        finally
        {
            await sandbox.DisposeAsync();
        }
    }
}
