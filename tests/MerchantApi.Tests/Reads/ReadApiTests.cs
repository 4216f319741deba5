using System.Text.Json;
using MerchantApi.Customers;
using MerchantApi.Http;
using MerchantApi.Operations;

namespace MerchantApi.Tests.Reads;

public sealed class ReadApiTests
{
    private static readonly CallOptions Quick = new() { MaxAttempts = 5, RetryTimeLimit = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData("0.1", "0.1")]
    [InlineData("0.10000000", "0.10000000")]
    [InlineData("12345678901234.12345678", "12345678901234.12345678")]
    [InlineData("1e-8", "0.00000001")]
    [InlineData("-3.5", "-3.5")]
    public void Amounts_are_read_exactly_from_decimal_text(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DecimalTextConverter.Parse(text));

    [Fact]
    public void Point_one_and_point_two_make_exactly_point_three()
    {
        var sum = DecimalTextConverter.Parse("0.1") + DecimalTextConverter.Parse("0.2");
        Assert.Equal(0.3m, sum);
        Assert.Equal("0.3", sum!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_operation_keeps_what_it_does_not_know_and_an_unreadable_amount_is_null()
    {
        var json = """
            {"id":"op-1","walletId":"w-1","type":"Deposit","status":"OnHold","targetAsset":"BTC","targetAmount":"0.00000001",
             "sourceAmount":"n/a","fee":0.25,"createdAt":"2024-02-26T16:36:14.499Z","riskScore":7,"aml":{"level":"high"}}
            """;
        var operation = JsonSerializer.Deserialize(json, MerchantJson.Default.Operation)!;
        Assert.Equal(0.00000001m, operation.TargetAmount);
        Assert.Null(operation.SourceAmount);
        Assert.Equal(0.25m, operation.Fee);
        Assert.Equal(new DateTimeOffset(2024, 2, 26, 16, 36, 14, 499, TimeSpan.Zero), operation.CreatedAt);
        Assert.Equal(["riskScore", "aml"], operation.AdditionalProperties!.Select(p => p.Key));
        Assert.Equal("""{"riskScore":7,"aml":{"level":"high"}}""", operation.AdditionalProperties!.ToJsonString());
    }

    [Fact]
    public void A_balance_reads_the_providers_balance_as_the_available_amount()
    {
        var balance = JsonSerializer.Deserialize("""{"asset":"BTC","balance":"0.5","holdBalance":"0.1","lockBalance":"0","referralBalance":"0","bonus":"1"}""",
            MerchantJson.Default.Balance)!;
        Assert.Equal((0.5m, 0.1m, 0m, 0m), (balance.Available!.Value, balance.HoldBalance!.Value, balance.LockBalance!.Value, balance.ReferralBalance!.Value));
        Assert.Equal(["bonus"], balance.AdditionalProperties!.Select(p => p.Key));
    }

    [Fact]
    public void Type_and_status_values_are_the_documented_ones_in_any_case()
    {
        Assert.Equal("OnHold", OperationSchema.Canonical(OperationSchema.Statuses, " onhold "));
        Assert.Equal("BuyToSendCrypto", OperationSchema.Canonical(OperationSchema.Types, "BUYTOSENDCRYPTO"));
        Assert.Null(OperationSchema.Canonical(OperationSchema.Statuses, "Pending"));
        Assert.Equal(7, OperationSchema.Types.Count);
        Assert.Equal(5, OperationSchema.Statuses.Count);
    }

    [Fact]
    public async Task Operations_are_found_by_filter_in_query_pages_and_got_by_id_from_the_array_details_answers()
    {
        await using var sandbox = await RunningSandbox.StartAsync(o => { o.Customers = 4; o.Operations = 45; o.Seed = 11; });
        var session = await sandbox.ConnectWithApiKeyAsync();
        var all = new List<Operation>();
        await foreach (var operation in OperationApi.FindAsync(session, new OperationFilter(), new FindPaging(0, null, 10), Quick))
            all.Add(operation);
        Assert.Equal(45, all.Count);
        Assert.Equal(5, (await sandbox.StatsAsync()).Requests("/v2/operation/find"));

        var completed = new List<Operation>();
        await foreach (var operation in OperationApi.FindAsync(session, new OperationFilter { Status = "Completed" }, new FindPaging(0, null), Quick))
            completed.Add(operation);
        Assert.Equal(all.Where(o => o.Status == "Completed").Select(o => o.Id), completed.Select(o => o.Id));
        Assert.InRange(completed.Count, 1, 44);

        var one = await OperationApi.GetByIdAsync(session, all[7].Id, Quick, CancellationToken.None);
        Assert.Equal((all[7].Id, all[7].TargetAmount, all[7].CreatedAt), (one.Id, one.TargetAmount, one.CreatedAt));
        var missing = Guid.NewGuid().ToString();
        var ex = await Assert.ThrowsAsync<MerchantApiException>(() => OperationApi.GetByIdAsync(session, missing, Quick, CancellationToken.None));
        Assert.Equal(("OperationNotFound", MerchantErrorKind.NotFound), (ex.ErrorId, ex.Kind));
        Assert.Contains(missing, ex.Message);
    }

    [Fact]
    public async Task Balances_name_their_wallet_and_an_unknown_wallet_is_WalletNotFound()
    {
        await using var sandbox = await RunningSandbox.StartAsync(o => { o.Customers = 2; o.Seed = 5; });
        var session = await sandbox.ConnectWithApiKeyAsync();
        var customer = await CustomerApi.FindPageAsync(session, new CustomerFilter(), 0, 1, Quick, CancellationToken.None);
        var walletId = customer[0].WalletId!;
        var balances = await BalanceApi.GetAsync(session, walletId, null, Quick, CancellationToken.None);
        Assert.NotEmpty(balances);
        Assert.All(balances, b => Assert.Equal(walletId, b.WalletId));
        var one = await BalanceApi.GetAsync(session, walletId, [balances[0].Asset], Quick, CancellationToken.None);
        Assert.Equal([balances[0].Asset], one.Select(b => b.Asset));

        var ex = await Assert.ThrowsAsync<MerchantApiException>(() => BalanceApi.GetAsync(session, Guid.NewGuid().ToString(), null, Quick, CancellationToken.None));
        Assert.Equal("WalletNotFound", ex.ErrorId);
    }

    [Fact]
    public async Task Rates_come_as_one_per_asset_and_currency_and_survive_server_errors()
    {
        await using var sandbox = await RunningSandbox.StartAsync(o => o.Seed = 3);
        var session = await sandbox.ConnectWithApiKeyAsync();
        // Currency names as a dictionary: the test client's JSON would camel-case the properties of an anonymous type.
        await sandbox.ControlAsync("rates", new
        {
            rates = new object[] { new { asset = "BTC", equivalent = new Dictionary<string, string> { ["EUR"] = "59000.12345678", ["USD"] = "64000" } },
            new { asset = "ETH", equivalent = new Dictionary<string, string> { ["EUR"] = "2900.5" } } }
        });
        await sandbox.ControlAsync("faults", new { failureRate = 0.5 });
        var rates = await RateApi.GetAsync(session, new CallOptions { MaxAttempts = 20, RetryTimeLimit = TimeSpan.FromSeconds(60) }, CancellationToken.None);
        Assert.Equal(["BTC EUR 59000.12345678", "BTC USD 64000", "ETH EUR 2900.5"],
            rates.Select(r => $"{r.Asset} {r.Currency} {r.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.True((await sandbox.StatsAsync()).Requests("/v2/rate/equivalent", 500) > 0, "the seeded faults failed no attempt: nothing was retried");
    }
}
