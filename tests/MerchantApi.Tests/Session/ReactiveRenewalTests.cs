using MerchantApi.Http;

namespace MerchantApi.Tests.Session;

/// <summary>Renewal after the server refuses a token: a sandbox restart (new signing key) and bad kept credentials.</summary>
public sealed class ReactiveRenewalTests
{
    private const string Find = "/v2/customer/find";
    private const string Login = "/v2/auth/login";

    [Fact]
    public async Task A_server_restart_is_survived_with_one_login_for_sixteen_concurrent_callers()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectAsync();
        await RunningSandbox.ReadAsync(session);
        await sandbox.RotateKeyAsync();

        await RunningSandbox.ReadConcurrentlyAsync(session, callers: 16);

        var stats = await sandbox.StatsAsync();
        Assert.Equal(2, stats.Logins); // connect + one silent login after the restart
        Assert.Equal(1, stats.Requests("/v2/auth/refresh", 401)); // one refresh attempt, refused: its key is gone
        Assert.Equal(17, stats.Requests(Find, 200));
    }

    [Fact]
    public async Task A_server_restart_without_relogin_is_a_RefreshTokenExpired_error()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectAsync(relogin: false);
        await sandbox.RotateKeyAsync();

        var failure = await Assert.ThrowsAsync<MerchantApiException>(() => RunningSandbox.ReadAsync(session));

        Assert.Equal("RefreshTokenExpired", failure.ErrorId);
        Assert.Equal(MerchantErrorKind.Authentication, failure.Kind);
    }

    [Fact]
    public async Task A_refused_kept_credential_fails_every_later_call_without_trying_to_log_in_again()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectAsync();
        sandbox.Host.Options.Password = "changed-elsewhere";
        await sandbox.RotateKeyAsync();

        for (var i = 0; i < 5; i++)
        {
            var failure = await Assert.ThrowsAsync<MerchantApiException>(() => RunningSandbox.ReadAsync(session));
            Assert.Equal("ReloginRejected", failure.ErrorId);
            Assert.Equal(MerchantErrorKind.Authentication, failure.Kind);
            Assert.DoesNotContain("Connect-MerchantApi", failure.Message); // the advice is the cmdlet layer's
            Assert.DoesNotContain(sandbox.Host.Options.Password, failure.Message);
        }

        var stats = await sandbox.StatsAsync();
        Assert.Equal(1, stats.Requests(Login, 401)); // one refused login, not one per call (account lockout)
        Assert.Equal(1, stats.Requests(Find, 401)); // later calls fail before sending anything
        Assert.Equal(1, stats.Requests("/v2/auth/refresh", 401));
    }

    [Fact]
    public async Task Connect_with_a_wrong_password_fails_with_the_providers_code_and_one_login_attempt()
    {
        await using var sandbox = await RunningSandbox.StartAsync();

        var failure = await Assert.ThrowsAsync<MerchantApiException>(() => MerchantSession.ConnectWithCredentialAsync(
            sandbox.Uri, sandbox.Host.Options.MerchantId, sandbox.Host.Options.Email, RunningSandbox.Secure("wrong-password"),
            new SessionSettings(), CallOptions.Default, CancellationToken.None));

        Assert.Equal("Unauthorized", failure.ErrorId);
        Assert.DoesNotContain("wrong-password", failure.ToString());
        Assert.Equal(1, (await sandbox.StatsAsync()).Requests(Login, 401));
    }

    [Theory]
    [InlineData("http://merchant.example/")]
    [InlineData("http://10.1.2.3:8080/")]
    public async Task A_credential_is_never_sent_over_plain_http_to_another_host(string uri)
    {
        var failure = await Assert.ThrowsAsync<MerchantApiException>(() => MerchantSession.ConnectWithApiKeyAsync(
            new Uri(uri), RunningSandbox.Secure("key"), null, new SessionSettings(), CallOptions.Default, CancellationToken.None));

        Assert.Equal("InsecureTransport", failure.ErrorId);
        Assert.Contains("https://", failure.Message);
    }
}
