using System.Diagnostics;
using System.Globalization;
using System.Net;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>Injected failures, throttling, drops after commit, latency, seeds. Each test has its own sandbox.</summary>
public sealed class FaultTests
{
    internal const string FailureBody = """{"errors":[{"code":"INTERNAL_ERROR","message":"Injected failure"}]}""";
    private const string ThrottledBody = """{"errors":[{"code":"TOO_MANY_REQUESTS","message":"Too many requests"}]}""";

    [Fact]
    public async Task Failure_rate_1_answers_500_without_doing_the_work()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.FailureRate = 1);

        var create = await sandbox.CreateAsync(CustomerBodies.Valid());
        var login = await sandbox.LoginAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, create.Status);
        Assert.Equal(FailureBody, create.Body);
        Assert.Equal(FailureBody, login.Body);
        var stats = await sandbox.StatsAsync(); // /__sandbox is never faulted
        Assert.Equal(0, stats.GetProperty("customers").GetInt32());
        Assert.Equal(0, stats.GetProperty("logins").GetInt32());
        Assert.Equal(0, stats.GetProperty("tokensIssued").GetInt32());
        Assert.Equal(2, stats.GetProperty("faults").GetProperty("failures").GetInt32());
        Assert.Equal(1, stats.GetProperty("requests").GetProperty("/v2/customer/create").GetProperty("500").GetInt32());
    }

    [Fact]
    public async Task Throttled_requests_get_429_with_retry_after_seconds()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.ThrottleRate = 1;
            o.RetryAfterSeconds = 3;
        });

        var response = await sandbox.CreateAsync(CustomerBodies.Valid());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        Assert.Equal(ThrottledBody, response.Body);
        Assert.Equal(["3"], response.Headers.GetValues("Retry-After"));
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        var stats = await sandbox.StatsAsync();
        Assert.Equal(0, stats.GetProperty("customers").GetInt32());
        Assert.Equal(1, stats.GetProperty("faults").GetProperty("throttled").GetInt32());
    }

    [Fact]
    public async Task Throttled_requests_can_get_an_http_date_retry_after()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.ThrottleRate = 1;
            o.RetryAfterSeconds = 2;
            o.RetryAfterFormat = RetryAfterFormat.Date;
        });

        var response = await sandbox.LoginAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        var raw = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.Matches(@"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$", raw);
        var at = DateTimeOffset.ParseExact(raw, "r", CultureInfo.InvariantCulture);
        Assert.InRange((at - DateTimeOffset.UtcNow).TotalSeconds, 1, 3.5);
    }

    [Fact]
    public async Task Under_clock_skew_the_retry_after_date_agrees_with_the_date_header()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.ThrottleRate = 1;
            o.RetryAfterSeconds = 2;
            o.RetryAfterFormat = RetryAfterFormat.Date;
            o.ClockSkewSeconds = 3600;
        });

        var response = await sandbox.LoginAsync();

        var at = response.Headers.RetryAfter!.Date!.Value;
        var serverNow = response.Headers.Date!.Value;
        Assert.InRange((serverNow - DateTimeOffset.UtcNow).TotalSeconds, 3595, 3605);
        Assert.InRange((at - serverNow).TotalSeconds, 2, 3);
    }

    [Fact]
    public async Task A_throttle_burst_answers_429_to_every_request_until_it_ends()
    {
        // A burst long enough that two requests fall inside it even on a loaded machine (at 600 ms the second one
        // sometimes came too late under a full test run); the test waits it out once.
        await using var sandbox = await TestSandbox.StartAsync(o => o.ThrottleBurstMs = 3000);
        await sandbox.SetFaultsAsync(new { throttleRate = 1.0 });
        var start = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await sandbox.CreateAsync(CustomerBodies.Valid())).Status);

        // No new bursts start, but the running one goes on.
        var faults = await sandbox.AdminAsync("faults", new { throttleRate = 0.000001 });
        Assert.Equal(0.000001, faults.Data.GetProperty("throttleRate").GetDouble());
        var during = await sandbox.PostAsync("/v2/customer/find", new { }, sandbox.ApiKeyHeader);
        var elapsedDuring = start.Elapsed;
        var rest = TimeSpan.FromMilliseconds(3100) - start.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }

        var after = await sandbox.PostAsync("/v2/customer/find", new { }, sandbox.ApiKeyHeader);

        Assert.True(elapsedDuring < TimeSpan.FromMilliseconds(3000), "the second request must fall inside the burst");
        Assert.Equal(HttpStatusCode.TooManyRequests, during.Status);
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public async Task Drop_after_commit_stores_the_customer_though_the_client_sees_a_connection_error()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.DropAfterCommitRate = 1);
        var body = CustomerBodies.Valid();

        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.CreateAsync(body));

        await sandbox.SetFaultsAsync(new { dropAfterCommitRate = 0 });
        var found = await sandbox.PostAsync("/v2/customer/find", new { email = body["email"] }, sandbox.ApiKeyHeader);
        Assert.Equal(1, found.Data.GetArrayLength());
        var retry = await sandbox.CreateAsync(body); // a blind retry meets the duplicate-email rule
        Assert.Equal(HttpStatusCode.Conflict, retry.Status);
        Assert.Contains(found.Data[0].GetProperty("id").GetString()!, retry.ErrorMessage);
        var stats = await sandbox.StatsAsync();
        Assert.Equal(1, stats.GetProperty("faults").GetProperty("dropsAfterCommit").GetInt32());
        Assert.Equal(1, stats.GetProperty("requests").GetProperty("/v2/customer/create").GetProperty("aborted").GetInt32());
    }

    [Fact]
    public async Task Drop_after_commit_also_applies_to_updates()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var created = await sandbox.CreateOkAsync();
        var id = created.GetProperty("id").GetString();
        await sandbox.SetFaultsAsync(new { dropAfterCommitRate = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => sandbox.PostAsync("/v2/customer/update", new { id, lastName = "Dropped" }, sandbox.ApiKeyHeader));

        await sandbox.SetFaultsAsync(new { dropAfterCommitRate = 0 });
        var details = await sandbox.PostAsync("/v2/customer/details", new { id }, sandbox.ApiKeyHeader);
        Assert.Equal("Dropped", details.Data.GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task Latency_delays_v2_requests_but_not_sandbox_endpoints()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.LatencyMs = 300);
        await sandbox.StatsAsync(); // warm the connection

        var timer = Stopwatch.StartNew();
        var stats = await sandbox.AdminAsync("stats");
        var adminTime = timer.Elapsed;
        timer.Restart();
        var find = await sandbox.PostAsync("/v2/customer/find", new { }, sandbox.ApiKeyHeader);
        var apiTime = timer.Elapsed;

        Assert.Equal(HttpStatusCode.OK, stats.Status);
        Assert.Equal(HttpStatusCode.OK, find.Status);
        Assert.True(apiTime >= TimeSpan.FromMilliseconds(290), $"api took {apiTime}");
        Assert.True(adminTime < TimeSpan.FromMilliseconds(250), $"admin took {adminTime}");
    }

    [Fact]
    public async Task Faults_never_touch_the_sandbox_endpoints()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.FailureRate = 1;
            o.ThrottleRate = 1;
        });

        foreach (var name in new[] { "stats", "issued-secrets", "faults", "reset" })
        {
            Assert.Equal(HttpStatusCode.OK, (await sandbox.AdminAsync(name)).Status);
        }
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_faults()
    {
        static async Task<string> PatternAsync()
        {
            await using var sandbox = await TestSandbox.StartAsync(o =>
            {
                o.FailureRate = 0.5;
                o.Seed = 1234;
            });
            var pattern = new char[40];
            for (var i = 0; i < pattern.Length; i++)
            {
                var response = await sandbox.PostAsync("/v2/customer/find", new { }, sandbox.ApiKeyHeader);
                pattern[i] = response.Status == HttpStatusCode.OK ? '.' : 'X';
            }

            return new string(pattern);
        }

        var first = await PatternAsync();
        var second = await PatternAsync();

        Assert.Equal(first, second);
        Assert.Contains('X', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task Faults_endpoint_reads_and_validates_settings()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.LatencyMs = 5);

        var read = await sandbox.AdminAsync("faults");
        var bad = await sandbox.AdminAsync("faults", new { failureRate = 1.5, retryAfterFormat = "weeks" });
        var set = await sandbox.AdminAsync("faults", new { failureRate = 0.25, retryAfterFormat = "date" });

        Assert.Equal(
            """{"data":{"failureRate":0,"throttleRate":0,"throttleBurstMs":0,"dropAfterCommitRate":0,"latencyMs":5,"retryAfterSeconds":1,"retryAfterFormat":"seconds","clockSkewSeconds":0,"rateLimitPerSecond":0,"rateBurst":1}}""",
            read.Body);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(["failureRate must be a number between 0 and 1", "retryAfterFormat must be 'seconds' or 'date'"], bad.ErrorMessages);
        Assert.Equal(0.25, set.Data.GetProperty("failureRate").GetDouble());
        Assert.Equal("date", set.Data.GetProperty("retryAfterFormat").GetString());
        Assert.Equal(5, set.Data.GetProperty("latencyMs").GetDouble());
    }
}
