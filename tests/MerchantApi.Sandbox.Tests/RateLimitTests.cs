using System.Diagnostics;
using System.Net;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>--rate-limit / --rate-burst: the enforced limit, a token bucket per merchant. Each test has its own sandbox.</summary>
public sealed class RateLimitTests
{
    private const string ThrottledBody = """{"errors":[{"code":"TOO_MANY_REQUESTS","message":"Too many requests"}]}""";

    /// <summary>So slow that no token comes back during a test: the bucket holds just its burst.</summary>
    private const double NoRefill = 0.001;

    private static Task<TestSandbox> StartAsync(double rate, int burst) => TestSandbox.StartAsync(o =>
    {
        o.RateLimitPerSecond = rate;
        o.RateBurst = burst;
    });

    private static Task<ApiResponse> FindAsync(TestSandbox sandbox) => sandbox.PostAsync("/v2/customer/find", new { }, sandbox.ApiKeyHeader);

    [Fact]
    public async Task A_burst_beyond_the_bucket_gets_429_with_retry_after_and_a_request_after_that_wait_succeeds()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        // Connections opened first, so the burst below measures the bucket, not connection set-up.
        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => FindAsync(sandbox)));
        await sandbox.SetFaultsAsync(new { rateLimitPerSecond = 20, rateBurst = 5 });

        var timer = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => FindAsync(sandbox)));
        var elapsed = timer.Elapsed;

        var ok = answers.Count(a => a.Status == HttpStatusCode.OK);
        var limited = answers.Where(a => a.Status != HttpStatusCode.OK).ToArray();
        // 5 from the bucket, plus what 20/s refilled while the burst was under way (at least one's grace).
        Assert.InRange(ok, 5, 5 + Math.Max(1, (int)Math.Ceiling(elapsed.TotalSeconds * 20)));
        Assert.All(limited, a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Equal(ThrottledBody, a.Body);
            // A token is 50 ms away at most, rounded up to a whole second.
            Assert.Equal(["1"], a.Headers.GetValues("Retry-After"));
        });

        await Task.Delay(limited[0].Headers.RetryAfter!.Delta!.Value);
        Assert.Equal(HttpStatusCode.OK, (await FindAsync(sandbox)).Status);

        var stats = await sandbox.StatsAsync();
        Assert.Equal(limited.Length, stats.GetProperty("faults").GetProperty("rateLimited").GetInt32());
        Assert.Equal(0, stats.GetProperty("faults").GetProperty("throttled").GetInt32());
        Assert.Equal(limited.Length, stats.GetProperty("requests").GetProperty("/v2/customer/find").GetProperty("429").GetInt32());
    }

    [Theory]
    // The wait less the time between the two requests (well under 0.3 s) still rounds up to the same second; the
    // waits of a fraction under one half tell rounding up from rounding to nearest.
    [InlineData(0.55, 2)] // 1.82 s to the next token
    [InlineData(0.35, 3)] // 2.86 s
    [InlineData(0.42, 3)] // 2.38 s
    [InlineData(0.3, 4)] // 3.33 s
    [InlineData(1, 1)]
    public async Task Retry_after_is_the_wait_for_one_token_rounded_up_to_a_whole_second(double rate, int expectedSeconds)
    {
        await using var sandbox = await StartAsync(rate, burst: 1);

        Assert.Equal(HttpStatusCode.OK, (await FindAsync(sandbox)).Status);
        var limited = await FindAsync(sandbox);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal([expectedSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], limited.Headers.GetValues("Retry-After"));
    }

    [Fact]
    public async Task Retry_after_can_be_an_http_date_of_the_same_wait()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.RateLimitPerSecond = 0.4;
            o.RateBurst = 1;
            o.RetryAfterFormat = RetryAfterFormat.Date;
        });

        await FindAsync(sandbox);
        var before = DateTimeOffset.UtcNow;
        var limited = await FindAsync(sandbox);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        var at = limited.Headers.RetryAfter!.Date!.Value;
        // now + 3 s (2.5 rounded up), then up to the next whole second.
        Assert.InRange(at, before.AddSeconds(2), before.AddSeconds(5));
    }

    [Fact]
    public async Task Login_refresh_and_api_calls_share_the_merchants_bucket()
    {
        await using var sandbox = await StartAsync(NoRefill, burst: 3);

        var tokens = await sandbox.LoginOkAsync();
        Assert.Equal(HttpStatusCode.OK, (await sandbox.RefreshAsync(tokens.RefreshToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer(tokens.AccessToken))).Status);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await sandbox.LoginAsync()).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await FindAsync(sandbox)).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer(tokens.AccessToken))).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await sandbox.GetAsync("/v2/rate/equivalent", sandbox.ApiKeyHeader)).Status);
        // An unknown path is as limited as the rest of the API for a caller with credentials.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await sandbox.PostAsync("/v2/transfer/create", new { }, sandbox.ApiKeyHeader)).Status);
        var stats = await sandbox.StatsAsync();
        Assert.Equal((1, 1), (stats.GetProperty("logins").GetInt32(), stats.GetProperty("refreshes").GetInt32()));
        Assert.Equal(5, stats.GetProperty("faults").GetProperty("rateLimited").GetInt32());
    }

    [Fact]
    public async Task Callers_that_fail_authentication_get_their_401_not_a_429()
    {
        await using var sandbox = await StartAsync(NoRefill, burst: 1);
        Assert.Equal(HttpStatusCode.OK, (await FindAsync(sandbox)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await sandbox.PostAsync("/v2/customer/find", new { })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sandbox.PostAsync("/v2/customer/find", new { }, ("Api-key", "sk_wrong"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer("not.a.jwt"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sandbox.LoginAsync(headers: ("merchant_id", "someone-else"))).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await FindAsync(sandbox)).Status);
    }

    [Fact]
    public async Task Test_support_endpoints_are_never_limited()
    {
        await using var sandbox = await StartAsync(NoRefill, burst: 1);
        Assert.Equal(HttpStatusCode.OK, (await FindAsync(sandbox)).Status);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await sandbox.PostAsync("/__sandbox/stats", new { }, sandbox.ApiKeyHeader, sandbox.MerchantHeader)).Status);
            Assert.Equal(HttpStatusCode.OK, (await sandbox.AdminAsync("faults")).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await FindAsync(sandbox)).Status);
    }

    [Fact]
    public async Task A_limited_request_does_no_work()
    {
        await using var sandbox = await StartAsync(NoRefill, burst: 1);
        await FindAsync(sandbox);

        var create = await sandbox.CreateAsync(CustomerBodies.Valid());

        Assert.Equal(HttpStatusCode.TooManyRequests, create.Status);
        Assert.Equal(0, (await sandbox.StatsAsync()).GetProperty("customers").GetInt32());
    }

    [Fact]
    public async Task A_limited_request_is_answered_without_the_latency()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.RateLimitPerSecond = NoRefill;
            o.RateBurst = 1;
            o.LatencyMs = 1500;
        });

        var timer = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await FindAsync(sandbox)).Status);
        var served = timer.Elapsed;
        timer.Restart();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await FindAsync(sandbox)).Status);
        var refused = timer.Elapsed;

        Assert.True(served >= TimeSpan.FromMilliseconds(1400), $"served in {served}");
        Assert.True(refused < TimeSpan.FromMilliseconds(1000), $"refused in {refused}");
    }

    [Fact]
    public async Task The_limit_can_be_set_changed_and_lifted_at_run_time()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var set = await sandbox.AdminAsync("faults", new { rateLimitPerSecond = NoRefill, rateBurst = 2 });
        Assert.Equal((NoRefill, 2), (set.Data.GetProperty("rateLimitPerSecond").GetDouble(), set.Data.GetProperty("rateBurst").GetInt32()));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await StatusesAsync(sandbox, 3));

        // A new burst is a new bucket, full.
        await sandbox.SetFaultsAsync(new { rateBurst = 1 });
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await StatusesAsync(sandbox, 2));

        // Back to the default burst: the rate rounded up, at least 1.
        var byDefault = await sandbox.AdminAsync("faults", new { rateLimitPerSecond = 2.5, rateBurst = (int?)null });
        Assert.Equal(3, byDefault.Data.GetProperty("rateBurst").GetInt32());

        await sandbox.SetFaultsAsync(new { rateLimitPerSecond = 0 });
        Assert.All(await StatusesAsync(sandbox, 20), s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task A_reset_refills_the_buckets()
    {
        await using var sandbox = await StartAsync(NoRefill, burst: 1);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await StatusesAsync(sandbox, 2));

        await sandbox.AdminAsync("reset");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await StatusesAsync(sandbox, 2));
    }

    [Theory]
    [InlineData("""{"rateLimitPerSecond":-1}""", "rateLimitPerSecond")]
    [InlineData("""{"rateLimitPerSecond":0.0001}""", "rateLimitPerSecond")]
    [InlineData("""{"rateLimitPerSecond":"fast"}""", "rateLimitPerSecond")]
    [InlineData("""{"rateBurst":0}""", "rateBurst")]
    [InlineData("""{"rateBurst":-3}""", "rateBurst")]
    [InlineData("""{"rateBurst":2.5}""", "rateBurst")]
    [InlineData("""{"rateBurst":"many"}""", "rateBurst")]
    public async Task Bad_run_time_settings_are_refused_and_change_nothing(string body, string field)
    {
        await using var sandbox = await StartAsync(NoRefill, burst: 2);

        var response = await sandbox.PostRawAsync("/__sandbox/faults", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.StartsWith(field + " must be", response.ErrorMessage, StringComparison.Ordinal);
        var current = (await sandbox.AdminAsync("faults")).Data;
        Assert.Equal((NoRefill, 2), (current.GetProperty("rateLimitPerSecond").GetDouble(), current.GetProperty("rateBurst").GetInt32()));
    }

    private static async Task<HttpStatusCode[]> StatusesAsync(TestSandbox sandbox, int count)
    {
        var statuses = new HttpStatusCode[count];
        for (var i = 0; i < count; i++)
        {
            statuses[i] = (await FindAsync(sandbox)).Status;
        }

        return statuses;
    }
}
