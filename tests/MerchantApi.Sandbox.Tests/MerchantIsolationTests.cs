using System.Net;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>
/// Two merchants in one sandbox (--merchant): no route takes one merchant's data or tokens to the other. A's token or
/// API key cannot find, read or update B's customers (B's ids answer 404 to A), A's tokens do not work as B, and
/// B's merchant_id with A's login fails.
/// </summary>
public sealed class MerchantIsolationTests : IAsyncLifetime
{
    private const string OtherId = "7f0c3c1e-2b6d-4a59-9d0e-5b1a8c2f4e61";
    private const string OtherEmail = "owner@other.test";
    private const string OtherPassword = "Other:Passw0rd!";
    private const string OtherApiKey = "sk_sandbox_other_0123456789abcdef";
    private TestSandbox _sandbox = null!;

    private static (string Name, string Value) OtherKey => ("Api-key", OtherApiKey);

    private static (string Name, string Value) OtherMerchant => ("merchant_id", OtherId);

    public async Task InitializeAsync() =>
        _sandbox = await TestSandbox.StartAsync(o => o.OtherMerchants.Add(
            SandboxOptions.ParseMerchant($"{OtherId}:{OtherEmail}:{OtherPassword}:{OtherApiKey}")!));

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public void The_merchant_option_parses_and_is_repeatable()
    {
        var parsed = SandboxOptions.Parse(["--merchant", $"{OtherId}:{OtherEmail}:{OtherPassword}:{OtherApiKey}", "--merchant=m3:c@d.test:pw:k3"]);

        Assert.Null(parsed.Error);
        Assert.Equal(
            [new MerchantAccount(OtherId, OtherEmail, OtherPassword, OtherApiKey), new MerchantAccount("m3", "c@d.test", "pw", "k3")],
            parsed.Options.OtherMerchants);
        Assert.Equal(SandboxOptions.DefaultMerchantId, parsed.Options.Merchants.First().MerchantId);
        Assert.Contains("must be <id>:<email>:<password>:<apikey>", SandboxOptions.Parse(["--merchant", "a:b:c"]).Error);
        Assert.Contains("same id", SandboxOptions.Parse(["--merchant", $"{SandboxOptions.DefaultMerchantId}:a@b.test:p:k"]).Error);
        Assert.Contains("same API key", SandboxOptions.Parse(["--merchant", $"m2:a@b.test:p:{SandboxOptions.DefaultApiKey}"]).Error);
        Assert.Contains("--merchant <id>:<email>:<password>:<apikey>", SandboxOptions.Usage);
    }

    [Fact]
    public async Task One_merchant_cannot_find_read_or_update_the_others_customers()
    {
        var ofB = await CreateAsync(OtherKey, "b");
        var ofA = await CreateAsync(_sandbox.ApiKeyHeader, "a");
        var tokensA = await _sandbox.LoginOkAsync();

        foreach (var asA in new[] { _sandbox.ApiKeyHeader, TestSandbox.Bearer(tokensA.AccessToken) })
        {
            var details = await _sandbox.PostAsync("/v2/customer/details", new { id = ofB.Id }, asA);
            Assert.Equal(HttpStatusCode.NotFound, details.Status);
            var update = await _sandbox.PostAsync("/v2/customer/update", new { id = ofB.Id, lastName = "Taken" }, asA);
            Assert.Equal(HttpStatusCode.NotFound, update.Status);
            var found = await _sandbox.PostAsync("/v2/customer/find", new { email = ofB.Email }, asA);
            Assert.Equal(HttpStatusCode.OK, found.Status);
            Assert.Empty(found.Data.EnumerateArray());
            var all = await _sandbox.PostAsync("/v2/customer/find", new { }, asA);
            Assert.DoesNotContain(all.Data.EnumerateArray(), c => c.GetProperty("id").GetString() == ofB.Id);
        }

        // B still sees its customer, unchanged; and not A's.
        var own = await _sandbox.PostAsync("/v2/customer/details", new { id = ofB.Id }, OtherKey);
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.NotEqual("Taken", own.Data.GetProperty("lastName").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _sandbox.PostAsync("/v2/customer/details", new { id = ofA.Id }, OtherKey)).Status);
        var balanceOfB = await _sandbox.PostAsync("/v2/balance", new { walletId = ofB.WalletId }, _sandbox.ApiKeyHeader);
        Assert.NotEqual(HttpStatusCode.OK, balanceOfB.Status);
    }

    [Fact]
    public async Task One_merchants_tokens_and_login_do_not_work_as_the_other()
    {
        var tokensA = await _sandbox.LoginOkAsync();

        // B's merchant_id with A's login fails; with B's own it works.
        var crossed = await _sandbox.LoginAsync(_sandbox.Options.Email, _sandbox.Options.Password, OtherMerchant);
        Assert.Equal(HttpStatusCode.Unauthorized, crossed.Status);
        var loginB = await _sandbox.LoginAsync(OtherEmail, OtherPassword, OtherMerchant);
        Assert.Equal(HttpStatusCode.OK, loginB.Status);
        var tokensB = Tokens.From(loginB);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _sandbox.LoginAsync(OtherEmail, OtherPassword)).Status);

        // A's refresh token under B's merchant_id is refused.
        var refreshAsB = await _sandbox.PostAsync("/v2/auth/refresh", new { refreshToken = tokensA.RefreshToken }, OtherMerchant);
        Assert.Equal(HttpStatusCode.Unauthorized, refreshAsB.Status);

        // B's token reaches B's customer, A's token does not, whatever merchant_id it carries.
        var ofB = await CreateAsync(TestSandbox.Bearer(tokensB.AccessToken), "bt");
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.PostAsync("/v2/customer/details", new { id = ofB.Id }, TestSandbox.Bearer(tokensB.AccessToken))).Status);
        var withHeader = await _sandbox.PostAsync("/v2/customer/details", new { id = ofB.Id }, TestSandbox.Bearer(tokensA.AccessToken), OtherMerchant);
        Assert.Equal(HttpStatusCode.NotFound, withHeader.Status);
        var keyWithHeader = await _sandbox.PostAsync("/v2/customer/details", new { id = ofB.Id }, _sandbox.ApiKeyHeader, OtherMerchant);
        Assert.Equal(HttpStatusCode.NotFound, keyWithHeader.Status);
    }

    [Fact]
    public async Task A_reset_empties_every_merchant()
    {
        var ofB = await CreateAsync(OtherKey, "r");
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.AdminAsync("reset")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _sandbox.PostAsync("/v2/customer/details", new { id = ofB.Id }, OtherKey)).Status);
    }

    private async Task<Created> CreateAsync((string Name, string Value) auth, string mark)
    {
        var body = CustomerBodies.Valid();
        body["email"] = CustomerBodies.UniqueEmail("iso-" + mark);
        var response = await _sandbox.PostAsync("/v2/customer/create", body, auth);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var data = response.Data;
        return new Created(data.GetProperty("id").GetString()!, data.GetProperty("email").GetString()!, data.GetProperty("walletId").GetString()!);
    }

    private sealed record Created(string Id, string Email, string WalletId);
}
