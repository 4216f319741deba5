using System.Globalization;
using System.Net;
using System.Text.Json;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>POST /v2/balance and setting balances through /__sandbox/balances. Each test uses its own wallet.</summary>
public sealed class BalanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly string[] BalanceProperties = ["asset", "balance", "holdBalance", "lockBalance", "referralBalance"];

    private readonly TestSandbox _sandbox = fixture.Sandbox;

    private Task<ApiResponse> BalanceAsync(object body) => _sandbox.PostAsync("/v2/balance", body, _sandbox.ApiKeyHeader);

    private async Task<JsonElement[]> BalanceOkAsync(object body)
    {
        var response = await BalanceAsync(body);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Data.EnumerateArray().ToArray();
    }

    private static string[] Assets(IEnumerable<JsonElement> balances) => balances.Select(b => b.GetProperty("asset").GetString()!).ToArray();

    [Fact]
    public async Task A_new_customers_wallet_has_balances_in_a_few_assets_as_decimal_strings()
    {
        var wallet = await _sandbox.CreateWalletAsync();

        var balances = await BalanceOkAsync(new { walletId = wallet });
        var again = await BalanceOkAsync(new { walletId = wallet });

        Assert.InRange(balances.Length, 2, 5);
        Assert.Equal(balances.Length, Assets(balances).Distinct().Count());
        Assert.All(balances, b =>
        {
            Assert.Equal(BalanceProperties, b.EnumerateObject().Select(p => p.Name));
            foreach (var name in BalanceProperties[1..])
            {
                var amount = b.GetProperty(name);
                Assert.Equal(JsonValueKind.String, amount.ValueKind);
                Assert.Matches(@"^[0-9]+(\.[0-9]{1,8})?$", amount.GetString());
            }
        });
        Assert.Contains(balances, b => decimal.Parse(b.GetProperty("balance").GetString()!, CultureInfo.InvariantCulture) > 0);
        Assert.Equal(string.Join(",", balances.Select(b => b.GetRawText())), string.Join(",", again.Select(b => b.GetRawText())));
    }

    [Fact]
    public async Task Set_balances_round_trip_as_sent_with_unknown_properties_and_replace_the_old_ones()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        await _sandbox.AdminAsync("balances", new { walletId = wallet, balances = new[] { new { asset = "ETH", balance = "5" } } });

        var set = await _sandbox.AdminAsync("balances", new
        {
            walletId = wallet,
            balances = new object[]
            {
                new { asset = "BTC", balance = "0.1", holdBalance = "0.2", lockBalance = "0", referralBalance = "0.00000001", network = "bitcoin" },
                new { asset = "UAH", balance = "1523.25" },
            },
        });
        var balances = await BalanceOkAsync(new { walletId = wallet });

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal(
            """[{"asset":"BTC","balance":"0.1","holdBalance":"0.2","lockBalance":"0","referralBalance":"0.00000001","network":"bitcoin"},""" +
            """{"asset":"UAH","balance":"1523.25","holdBalance":"0","lockBalance":"0","referralBalance":"0"}]""",
            JsonSerializer.Serialize(balances));
        Assert.Equal(set.Data.GetRawText(), JsonSerializer.Serialize(balances));
    }

    [Fact]
    public async Task Assets_keeps_the_named_assets_and_an_unknown_name_yields_nothing()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        await _sandbox.AdminAsync("balances", new
        {
            walletId = wallet,
            balances = new[] { new { asset = "BTC", balance = "1" }, new { asset = "ETH", balance = "2" }, new { asset = "EUR", balance = "3" } },
        });

        var some = await BalanceOkAsync(new { walletId = wallet, assets = new[] { "EUR", "BTC", "DOGE" } });
        var unknown = await BalanceOkAsync(new { walletId = wallet, assets = new[] { "DOGE" } });
        var empty = await BalanceOkAsync(new { walletId = wallet, assets = Array.Empty<string>() });
        var none = await BalanceOkAsync(new { walletId = wallet, assets = (string[]?)null });

        Assert.Equal(["BTC", "EUR"], Assets(some));
        Assert.Empty(unknown);
        Assert.Equal(["BTC", "ETH", "EUR"], Assets(empty));
        Assert.Equal(["BTC", "ETH", "EUR"], Assets(none));
    }

    [Fact]
    public async Task An_unknown_wallet_is_404()
    {
        var response = await BalanceAsync(new { walletId = Guid.NewGuid().ToString() });
        var set = await _sandbox.AdminAsync("balances", new { walletId = Guid.NewGuid().ToString(), balances = Array.Empty<object>() });

        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (response.Status, response.ErrorCode));
        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (set.Status, set.ErrorCode));
    }

    [Theory]
    [InlineData("""{}""", "walletId is required")]
    [InlineData("""{"walletId":7}""", "walletId must be a string")]
    [InlineData("""{"walletId":"wallet-1"}""", "walletId must be a uuid")]
    [InlineData("""{"walletId":"1f44b1c7-9fd4-4d20-b9a4-7aca3646d0d5","assets":"BTC"}""", "assets must be an array of strings")]
    [InlineData("""{"walletId":"1f44b1c7-9fd4-4d20-b9a4-7aca3646d0d5","assets":[1]}""", "assets must be an array of strings")]
    public async Task An_invalid_request_is_400_naming_the_field(string body, string message)
    {
        var response = await _sandbox.PostRawAsync("/v2/balance", body, _sandbox.ApiKeyHeader);

        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION_ERROR", message), (response.Status, response.ErrorCode, response.ErrorMessage));
    }

    [Fact]
    public async Task Set_balances_refuse_amounts_that_are_not_decimal_text()
    {
        var wallet = await _sandbox.CreateWalletAsync();

        var response = await _sandbox.AdminAsync("balances", new
        {
            walletId = wallet,
            balances = new object[] { new { asset = "BTC", balance = 0.1 }, new { balance = "1,5" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["balances[0].balance must be a decimal string", "balances[1].asset is required (a string)", "balances[1].balance must be a decimal string"],
            response.ErrorMessages);
    }

    [Fact]
    public async Task The_balance_call_needs_credentials()
    {
        var wallet = await _sandbox.CreateWalletAsync();

        var response = await _sandbox.PostAsync("/v2/balance", new { walletId = wallet }, ("Api-key", "sk_wrong"));

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED"), (response.Status, response.ErrorCode));
    }
}
