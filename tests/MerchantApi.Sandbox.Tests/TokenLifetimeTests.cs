using System.Net;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>Expiry, sessions, key rotation and clock skew. Each test has its own sandbox (they move its clock).</summary>
public sealed class TokenLifetimeTests
{
    private static string ExpiredBody(long exp) =>
        $$$"""{"errors":[{"code":"UNAUTHORIZED","message":{"name":"TokenExpiredError","message":"jwt expired","expiredAt":"{{{DateTimeOffset.FromUnixTimeSeconds(exp).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}}}.000Z"}}]}""";

    private const string RefreshExpiredBody = """{"errors":[{"code":"REFRESH_TOKEN_EXPIRED","message":"Invalid token"}]}""";

    [Fact]
    public async Task An_expired_access_token_gets_the_providers_exact_body()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.AccessTokenLifetimeSeconds = 1);
        var tokens = await sandbox.LoginOkAsync();
        var jwt = Jwt.Decode(tokens.AccessToken);
        Assert.Equal(1, jwt.Exp - jwt.Iat);

        // Until exp the token works; from exp on it is expired (now >= exp, as in jsonwebtoken).
        var wait = DateTimeOffset.FromUnixTimeSeconds(jwt.Exp) - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var response = await sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer(tokens.AccessToken));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(ExpiredBody(jwt.Exp), response.Body);
    }

    [Fact]
    public async Task A_session_ends_after_the_refresh_lifetime_however_often_it_is_refreshed()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var login = await sandbox.LoginOkAsync();
        var sessionEnd = Jwt.Decode(login.RefreshToken).Exp;

        // A day later: the access token has expired, the session has not.
        await sandbox.SetFaultsAsync(new { clockSkewSeconds = 86_400 });
        var expired = await sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer(login.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal(ExpiredBody(login.ExpiresIn), expired.Body);

        var refreshed = await sandbox.RefreshAsync(login.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var newer = Tokens.From(refreshed);
        Assert.Equal(sessionEnd, Jwt.Decode(newer.RefreshToken).Exp);
        var access = Jwt.Decode(newer.AccessToken);
        Assert.Equal(1800, access.Exp - access.Iat);
        Assert.InRange(access.Iat - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 86_400 - 5, 86_400 + 1);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer(newer.AccessToken))).Status);

        // Past the session's end even the newest refresh token is expired; logging in again works.
        await sandbox.SetFaultsAsync(new { clockSkewSeconds = 172_800 + 5 });
        var tooLate = await sandbox.RefreshAsync(newer.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, tooLate.Status);
        Assert.Equal(RefreshExpiredBody, tooLate.Body);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.LoginAsync()).Status);
    }

    [Fact]
    public async Task A_short_refresh_lifetime_expires_the_refresh_token()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.RefreshTokenLifetimeSeconds = 1);
        var tokens = await sandbox.LoginOkAsync();
        var refresh = Jwt.Decode(tokens.RefreshToken);
        Assert.Equal(1, refresh.Exp - refresh.Iat);

        var wait = DateTimeOffset.FromUnixTimeSeconds(refresh.Exp) - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var response = await sandbox.RefreshAsync(tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(RefreshExpiredBody, response.Body);
    }

    [Fact]
    public async Task Fractional_lifetimes_are_rounded_up_to_whole_seconds()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.AccessTokenLifetimeSeconds = 1.5;
            o.RefreshTokenLifetimeSeconds = 2.2;
        });

        var tokens = await sandbox.LoginOkAsync();

        var access = Jwt.Decode(tokens.AccessToken);
        var refresh = Jwt.Decode(tokens.RefreshToken);
        Assert.Equal(2, access.Exp - access.Iat);
        Assert.Equal(3, refresh.Exp - refresh.Iat);
    }

    [Fact]
    public async Task Rotating_the_key_invalidates_every_issued_token()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var before = await sandbox.LoginOkAsync();
        var oldKid = sandbox.Host.SigningKeyId;

        var rotated = await sandbox.AdminAsync("rotate-key");

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        var newKid = rotated.Data.GetProperty("kid").GetString();
        Assert.NotEqual(oldKid, newKid);
        Assert.Equal(sandbox.Host.SigningKeyId, newKid);
        var call = await sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer(before.AccessToken));
        Assert.Equal("""{"errors":[{"code":"UNAUTHORIZED","message":"invalid signature"}]}""", call.Body);
        Assert.Equal(RefreshExpiredBody, (await sandbox.RefreshAsync(before.RefreshToken)).Body);

        var after = await sandbox.LoginOkAsync();
        Assert.Equal(newKid, Jwt.Decode(after.AccessToken).Header.GetProperty("kid").GetString());
        Assert.Equal(HttpStatusCode.OK, (await sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer(after.AccessToken))).Status);
    }

    [Fact]
    public async Task Clock_skew_shifts_iat_exp_and_createdAt_but_tokens_stay_valid_for_their_lifetime()
    {
        const int skew = -7200;
        await using var sandbox = await TestSandbox.StartAsync(o => o.ClockSkewSeconds = skew);
        var localNow = DateTimeOffset.UtcNow;

        var tokens = await sandbox.LoginOkAsync();
        var jwt = Jwt.Decode(tokens.AccessToken);

        Assert.InRange(jwt.Iat - localNow.ToUnixTimeSeconds(), skew - 5, skew + 5);
        Assert.Equal(1800, jwt.Exp - jwt.Iat);
        Assert.True(tokens.ExpiresIn < localNow.ToUnixTimeSeconds(), "by the local clock the token looks expired already");
        var created = await sandbox.PostAsync("/v2/customer/create", CustomerBodies.Valid(), TestSandbox.Bearer(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var createdAt = DateTimeOffset.Parse(created.Data.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((createdAt - localNow).TotalSeconds, skew - 5, skew + 5);
    }

    [Fact]
    public async Task A_positive_clock_skew_makes_fresh_tokens_look_far_in_the_future()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.ClockSkewSeconds = 3600);

        var tokens = await sandbox.LoginOkAsync();

        var jwt = Jwt.Decode(tokens.AccessToken);
        Assert.InRange(jwt.Iat - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3600 - 5, 3600 + 5);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer(tokens.AccessToken))).Status);
    }
}
