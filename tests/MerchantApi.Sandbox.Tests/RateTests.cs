using System.Globalization;
using System.Net;
using System.Text.Json;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>GET /v2/rate/equivalent and replacing the table through /__sandbox/rates. Each test has its own sandbox.</summary>
public sealed class RateTests
{
    [Fact]
    public async Task The_default_table_gives_each_asset_in_USD_UAH_BTC_and_EUR_as_decimal_strings()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.GetAsync("/v2/rate/equivalent", sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var rates = response.Data.EnumerateArray().ToArray();
        Assert.Equal(["BTC", "ETH", "USDT", "UAH", "EUR"], rates.Select(r => r.GetProperty("asset").GetString()));
        Assert.All(rates, r =>
        {
            Assert.Equal(["asset", "equivalent"], r.EnumerateObject().Select(p => p.Name));
            var equivalent = r.GetProperty("equivalent");
            Assert.Equal(["USD", "UAH", "BTC", "EUR"], equivalent.EnumerateObject().Select(p => p.Name));
            Assert.All(equivalent.EnumerateObject(), p =>
            {
                Assert.Equal(JsonValueKind.String, p.Value.ValueKind);
                Assert.True(decimal.Parse(p.Value.GetString()!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) > 0, p.Value.GetString());
            });
        });
        Assert.Equal("1", rates[0].GetProperty("equivalent").GetProperty("BTC").GetString());
    }

    [Fact]
    public async Task A_bearer_token_works_too_and_no_credentials_is_401()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var tokens = await sandbox.LoginOkAsync();

        var bearer = await sandbox.GetAsync("/v2/rate/equivalent", TestSandbox.Bearer(tokens.AccessToken));
        var anonymous = await sandbox.GetAsync("/v2/rate/equivalent");

        Assert.Equal(HttpStatusCode.OK, bearer.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED"), (anonymous.Status, anonymous.ErrorCode));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Another_method_is_404(string method)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await TestSandbox.SendAsync(sandbox.Http, new HttpMethod(method), "/v2/rate/equivalent", "{}", sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("""{"errors":[{"code":"NOT_FOUND","message":"Not found"}]}""", response.Body);
    }

    [Fact]
    public async Task Faults_apply_to_the_rate_call_and_it_is_counted()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.FailureRate = 1);

        var response = await sandbox.GetAsync("/v2/rate/equivalent", sandbox.ApiKeyHeader);

        Assert.Equal((HttpStatusCode.InternalServerError, FaultTests.FailureBody), (response.Status, response.Body));
        Assert.Equal("""{"500":1}""", (await sandbox.StatsAsync()).GetProperty("requests").GetProperty("/v2/rate/equivalent").GetRawText());
    }

    [Fact]
    public async Task A_set_table_replaces_the_default_keeps_unknown_properties_and_a_reset_restores_it()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var original = (await sandbox.GetAsync("/v2/rate/equivalent", sandbox.ApiKeyHeader)).Body;
        const string table = """[{"asset":"BTC","equivalent":{"USD":"0.1","EUR":"0.2"},"source":"test"},{"asset":"DOGE","equivalent":{"UAH":"6.5"}}]""";

        var set = await sandbox.PostRawAsync("/__sandbox/rates", $$"""{"rates":{{table}}}""");
        var after = await sandbox.GetAsync("/v2/rate/equivalent", sandbox.ApiKeyHeader);
        await sandbox.AdminAsync("reset");
        var reset = await sandbox.GetAsync("/v2/rate/equivalent", sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal($$"""{"data":{{table}}}""", after.Body);
        Assert.Equal(original, reset.Body);
    }

    [Fact]
    public async Task A_bad_table_is_400_naming_the_field_and_changes_nothing()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var original = (await sandbox.GetAsync("/v2/rate/equivalent", sandbox.ApiKeyHeader)).Body;

        var notArray = await sandbox.AdminAsync("rates", new { rates = "BTC" });
        var bad = await sandbox.AdminAsync("rates", new { rates = new object[] { new { asset = "BTC", equivalent = new { USD = 64000 } }, new { equivalent = "x" } } });

        Assert.Equal((HttpStatusCode.BadRequest, "rates must be an array"), (notArray.Status, notArray.ErrorMessage));
        Assert.Equal(["rates[0].equivalent.USD must be a decimal string", "rates[1].asset is required (a string)", "rates[1].equivalent must be an object"],
            bad.ErrorMessages);
        Assert.Equal(original, (await sandbox.GetAsync("/v2/rate/equivalent", sandbox.ApiKeyHeader)).Body);
    }
}
