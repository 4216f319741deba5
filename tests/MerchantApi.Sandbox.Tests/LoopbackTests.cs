using System.Net;
using Microsoft.AspNetCore.Http;

namespace MerchantApi.Sandbox.Tests;

/// <summary>
/// The test-support endpoints (/__sandbox/*: reset, faults, shutdown, ... without auth) answer only callers on this machine;
/// every route of the table that is test support is covered, through the middleware the host runs after routing.
/// </summary>
public sealed class LoopbackTests
{
    public static TheoryData<string> TestSupportPatterns => new(SandboxRoutes.All.Where(r => r.IsTestSupport).Select(r => r.Pattern));

    public static TheoryData<string> ApiPatterns => new(SandboxRoutes.All.Where(r => !r.IsTestSupport).Select(r => r.Pattern));

    [Theory]
    [MemberData(nameof(TestSupportPatterns))]
    public async Task A_test_support_route_answers_404_to_a_remote_caller(string pattern)
    {
        foreach (var remote in new[] { "10.1.2.3", "192.168.0.7", "2001:db8::1", "::ffff:10.1.2.3" })
        {
            var (status, nextRan) = await RunAsync(pattern, IPAddress.Parse(remote));
            Assert.Equal(StatusCodes.Status404NotFound, status);
            Assert.False(nextRan, $"{pattern} ran for {remote}");
        }

        var (unknownStatus, unknownRan) = await RunAsync(pattern, remote: null);
        Assert.Equal(StatusCodes.Status404NotFound, unknownStatus);
        Assert.False(unknownRan);
    }

    [Theory]
    [MemberData(nameof(TestSupportPatterns))]
    public async Task A_test_support_route_runs_for_a_loopback_caller(string pattern)
    {
        foreach (var remote in new[] { "127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1" })
        {
            var (_, nextRan) = await RunAsync(pattern, IPAddress.Parse(remote));
            Assert.True(nextRan, $"{pattern} did not run for {remote}");
        }
    }

    [Theory]
    [MemberData(nameof(ApiPatterns))]
    public async Task The_api_routes_answer_remote_callers(string pattern)
    {
        var (_, nextRan) = await RunAsync(pattern, IPAddress.Parse("10.1.2.3"));
        Assert.True(nextRan);
    }

    [Fact]
    public void Help_says_the_test_support_endpoints_are_loopback_only() =>
        Assert.Contains("They answer only requests from this machine", SandboxOptions.Usage);

    private static async Task<(int Status, bool NextRan)> RunAsync(string pattern, IPAddress? remote)
    {
        var route = SandboxRoutes.All.Single(r => r.Pattern == pattern);
        var ctx = new DefaultHttpContext();
        ctx.Connection.RemoteIpAddress = remote;
        ctx.Connection.LocalIpAddress = IPAddress.Parse("10.1.2.1");
        ctx.Request.Method = "POST";
        ctx.Response.Body = new MemoryStream();
        ctx.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(route), pattern));
        var nextRan = false;
        await SandboxHost.LoopbackOnly(ctx, _ =>
        {
            nextRan = true;
            return Task.CompletedTask;
        });
        return (ctx.Response.StatusCode, nextRan);
    }
}
