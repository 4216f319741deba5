using MerchantApi.Http;

namespace MerchantApi.Tests.Session;

/// <summary>
/// Proactive renewal against the sandbox. Waits below are how long a token must age before it needs renewing; no
/// test asserts a duration. The sandbox's JWT times are whole seconds: a token of lifetime L lives between L−1 and L
/// seconds, so the client treats it as L−1 s long and renews a quarter of that before the end, counting from when the
/// request that got it was sent. Tests that time a short token's renewal start on a warmed-up sandbox
/// (<see cref="RunningSandbox.StartWarmAsync"/>): a cold first login can take as long as a 4 s token's renewal point.
/// </summary>
public sealed class TokenLifetimeTests
{
    private const string Find = "/v2/customer/find";

    [Fact]
    public async Task Sixteen_concurrent_callers_with_an_expiring_token_cause_one_refresh()
    {
        // 4 s tokens: the client renews at 2.25 s of age; after 4 s the server would refuse the old token.
        await using var sandbox = await RunningSandbox.StartWarmAsync(o => o.AccessTokenLifetimeSeconds = 4);
        var session = await sandbox.ConnectAsync();
        await RunningSandbox.ReadAsync(session);
        await Task.Delay(TimeSpan.FromSeconds(4));

        await RunningSandbox.ReadConcurrentlyAsync(session, callers: 16);

        var stats = await sandbox.StatsAsync();
        Assert.Equal(1, stats.Refreshes);
        Assert.Equal(1, stats.Logins);
        Assert.Equal(17, stats.Requests(Find, 200));
        Assert.Equal(0, stats.Requests(Find, 401)); // renewed before use, not after a rejection
    }

    [Theory]
    [InlineData(600)]
    [InlineData(-600)]
    public async Task A_server_clock_ten_minutes_off_does_not_change_when_tokens_are_renewed(int skewSeconds)
    {
        // Warm: the reads below must happen while the token is young (under 2.25 s since the login was sent).
        await using var sandbox = await RunningSandbox.StartWarmAsync(o =>
        {
            o.AccessTokenLifetimeSeconds = 4;
            o.ClockSkewSeconds = skewSeconds;
        });
        var before = DateTimeOffset.Now;
        var session = await sandbox.ConnectAsync();

        // Expiry shown to the user is local time: within the token's own lifetime from now, not ten minutes away.
        var context = session.ToContext();
        Assert.InRange(context.AccessTokenExpiresAt!.Value, before, DateTimeOffset.Now.AddSeconds(4));

        // A client comparing exp with its own clock would renew on every call (server behind) ...
        for (var i = 0; i < 3; i++) await RunningSandbox.ReadAsync(session);
        // Counters in the message: "Expected 0, Actual 1" here once looked like the find-401 check below.
        var young = await sandbox.StatsAsync();
        Assert.True(young.Refreshes == 0, $"renewed during the first reads; stats: {young.Data.GetRawText()}");

        // ... or send an expired token and be refused (server ahead). We renew once, before the server refuses.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await RunningSandbox.ReadAsync(session);
        var stats = await sandbox.StatsAsync();
        Assert.Equal(1, stats.Refreshes);
        // The whole picture on failure: which token was refused shows in the login and refresh counts.
        Assert.True(stats.Requests(Find, 401) == 0, $"stats: {stats.Data.GetRawText()}");
    }

    [Fact]
    public async Task A_slow_login_counts_against_the_token_it_returns()
    {
        // The server issues the token only after 2.5 s of latency, but the client cannot tell when during the exchange
        // that happened: it dates the token from when it sent the login, so the first read renews (2.5 s > 2.25 s)
        // rather than risk a refusal. A cold first login did the same to the clock-skew test's reads.
        await using var sandbox = await RunningSandbox.StartWarmAsync(o => o.AccessTokenLifetimeSeconds = 4);
        await sandbox.ControlAsync("faults", new { latencyMs = 2500 });
        var session = await sandbox.ConnectAsync();
        await sandbox.ControlAsync("faults", new { latencyMs = 0 });

        await RunningSandbox.ReadAsync(session);

        var stats = await sandbox.StatsAsync();
        Assert.Equal(1, stats.Logins);
        Assert.Equal(1, stats.Refreshes);
        Assert.Equal(0, stats.Requests(Find, 401));
    }

    [Fact]
    public async Task The_newest_refresh_token_is_kept()
    {
        // The sandbox revokes a refresh token once used: three refreshes in a row only work with the newest one.
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectAsync();
        for (var i = 0; i < 3; i++)
            await session.RefreshNowAsync(CallOptions.Default, CancellationToken.None);
        await RunningSandbox.ReadAsync(session);

        var stats = await sandbox.StatsAsync();
        Assert.Equal(3, stats.Refreshes);
        Assert.Equal(1, stats.Logins);
        Assert.Equal(0, stats.Requests("/v2/auth/refresh", 401));
    }

    [Fact]
    public async Task An_expired_refresh_token_means_a_silent_login_with_the_kept_credential()
    {
        await using var sandbox = await RunningSandbox.StartAsync(o =>
        {
            o.AccessTokenLifetimeSeconds = 2;
            o.RefreshTokenLifetimeSeconds = 3;
        });
        var session = await sandbox.ConnectAsync();
        await Task.Delay(TimeSpan.FromSeconds(3.5));

        await RunningSandbox.ReadAsync(session);

        var stats = await sandbox.StatsAsync();
        Assert.Equal(2, stats.Logins);
        Assert.Equal(0, stats.Requests(Find, 401));
    }

    [Fact]
    public async Task Without_relogin_an_expired_refresh_token_is_a_RefreshTokenExpired_error()
    {
        await using var sandbox = await RunningSandbox.StartAsync(o =>
        {
            o.AccessTokenLifetimeSeconds = 2;
            o.RefreshTokenLifetimeSeconds = 3;
        });
        var session = await sandbox.ConnectAsync(relogin: false);
        await Task.Delay(TimeSpan.FromSeconds(3.5));

        var failure = await Assert.ThrowsAsync<MerchantApiException>(() => RunningSandbox.ReadAsync(session));

        Assert.Equal("RefreshTokenExpired", failure.ErrorId);
        Assert.Equal(MerchantErrorKind.Authentication, failure.Kind);
        Assert.DoesNotContain("Connect-MerchantApi", failure.Message); // the engine names no cmdlet; the advice is the cmdlet layer's
        Assert.Equal(1, (await sandbox.StatsAsync()).Logins);
    }
}
