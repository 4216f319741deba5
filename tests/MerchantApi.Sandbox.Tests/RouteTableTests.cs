using System.Net;
using System.Text.RegularExpressions;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>
/// The route table (SandboxRoutes.All) decides where faults apply: a route added to it is covered here without a new
/// test. Each case has its own sandbox, with every request to be failed or throttled wherever faults apply.
/// </summary>
public sealed partial class RouteTableTests
{
    public static TheoryData<string> FaultedPatterns => new(SandboxRoutes.All.Where(r => r.FaultsApply).Select(r => r.Pattern));

    public static TheoryData<string> TestSupportPatterns => new(SandboxRoutes.All.Where(r => r.IsTestSupport).Select(r => r.Pattern));

    [Theory]
    [MemberData(nameof(FaultedPatterns))]
    public async Task Every_route_that_faults_apply_to_gets_them_and_is_counted(string pattern)
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.FailureRate = 1);
        var path = SamplePath(pattern);

        var response = await sandbox.PostAsync(path, new { });

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal(FaultTests.FailureBody, response.Body);
        var stats = await sandbox.StatsAsync();
        Assert.Equal(1, stats.GetProperty("requests").GetProperty(path).GetProperty("500").GetInt32());
    }

    [Theory]
    [MemberData(nameof(TestSupportPatterns))]
    public async Task No_test_support_route_is_faulted(string pattern)
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.FailureRate = 1;
            o.ThrottleRate = 1;
        });

        var response = await sandbox.PostAsync(SamplePath(pattern), new { });

        Assert.NotEqual(HttpStatusCode.TooManyRequests, response.Status);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.Status);
    }

    [Theory]
    [MemberData(nameof(FaultedPatterns))]
    public async Task Every_route_that_faults_apply_to_is_rate_limited(string pattern)
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.RateLimitPerSecond = 0.001;
            o.RateBurst = 1;
        });
        var path = SamplePath(pattern);
        // Credentials for every kind of route: login and refresh read merchant_id, the others the API key.
        (string, string)[] caller = [sandbox.ApiKeyHeader, sandbox.MerchantHeader];

        var first = await sandbox.PostAsync(path, new { }, caller);
        var second = await sandbox.PostAsync(path, new { }, caller);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
    }

    [Theory]
    [MemberData(nameof(TestSupportPatterns))]
    public async Task No_test_support_route_is_rate_limited(string pattern)
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.RateLimitPerSecond = 0.001;
            o.RateBurst = 1;
        });
        Assert.Equal(HttpStatusCode.OK, (await sandbox.PostAsync("/v2/customer/find", new { }, sandbox.ApiKeyHeader)).Status);

        var response = await sandbox.PostAsync(SamplePath(pattern), new { }, sandbox.ApiKeyHeader, sandbox.MerchantHeader);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, response.Status);
    }

    [Fact]
    public async Task A_path_outside_every_route_is_not_faulted()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.FailureRate = 1);

        var response = await sandbox.PostAsync("/v1/customer/create", new { }, sandbox.ApiKeyHeader);

        Assert.Equal("""{"errors":[{"code":"NOT_FOUND","message":"Not found"}]}""", response.Body);
        Assert.Empty((await sandbox.StatsAsync()).GetProperty("requests").EnumerateObject());
    }

    /// <summary>A path the pattern matches: each route parameter (e.g. <c>{**unknownPath}</c>) filled with one segment.</summary>
    private static string SamplePath(string pattern) => RouteParameter().Replace(pattern, "sample");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
