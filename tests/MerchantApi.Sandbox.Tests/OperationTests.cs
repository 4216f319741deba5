using System.Net;
using System.Text.Json;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>POST /v2/operation/find and /v2/operation/details, and adding operations through /__sandbox/operations. Each test uses its own wallet.</summary>
public sealed class OperationTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly string[] OperationProperties =
    [
        "id", "walletId", "type", "status", "sourceAsset", "targetAsset", "sourceAmount", "targetAmount", "fee", "externalId",
        "createdAt", "updatedAt",
    ];

    private readonly TestSandbox _sandbox = fixture.Sandbox;

    private static Dictionary<string, object?> Operation(string walletId, string type = "Deposit", string status = "Completed",
        string createdAt = "2024-02-26T16:36:14.499Z") => new()
        {
            ["walletId"] = walletId, ["type"] = type, ["status"] = status, ["sourceAsset"] = "USDT", ["targetAsset"] = "USDT",
            ["sourceAmount"] = "100.5", ["targetAmount"] = "100", ["fee"] = "0.5", ["externalId"] = "ext-" + Guid.NewGuid().ToString("N"),
            ["createdAt"] = createdAt,
        };

    private static string[] Ids(IEnumerable<JsonElement> operations) => operations.Select(o => o.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task An_added_operation_is_found_with_every_field_in_order_amounts_as_strings()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        var sent = Operation(wallet, "CryptoExchange", "OnHold");
        sent["id"] = "op-" + Guid.NewGuid().ToString("N");
        sent["sourceAsset"] = "BTC";
        sent["sourceAmount"] = "0.10000000";
        sent["updatedAt"] = "2024-02-26T17:00:00Z";

        var added = await _sandbox.AddOperationsOkAsync(sent);
        var found = await _sandbox.FindOperationsOkAsync(new { walletId = wallet });

        var operation = Assert.Single(found);
        Assert.Equal(added[0].GetRawText(), operation.GetRawText());
        Assert.Equal(OperationProperties, operation.EnumerateObject().Select(p => p.Name));
        Assert.Equal((string)sent["id"]!, operation.GetProperty("id").GetString());
        Assert.Equal(("CryptoExchange", "OnHold", "BTC", "USDT"), (operation.GetProperty("type").GetString(), operation.GetProperty("status").GetString(),
            operation.GetProperty("sourceAsset").GetString(), operation.GetProperty("targetAsset").GetString()));
        Assert.Equal(("0.10000000", "100", "0.5"), (operation.GetProperty("sourceAmount").GetString(), operation.GetProperty("targetAmount").GetString(),
            operation.GetProperty("fee").GetString()));
        Assert.Equal(("2024-02-26T16:36:14.499Z", "2024-02-26T17:00:00.000Z"),
            (operation.GetProperty("createdAt").GetString(), operation.GetProperty("updatedAt").GetString()));
    }

    [Fact]
    public async Task Unknown_properties_of_an_added_operation_are_kept_by_find_and_details()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        var sent = Operation(wallet);
        sent["network"] = "TRC20";
        sent["details"] = new { hash = "0xabc", confirmations = 12 };

        var id = Ids(await _sandbox.AddOperationsOkAsync(sent))[0];
        var found = Assert.Single(await _sandbox.FindOperationsOkAsync(new { walletId = wallet }));
        var details = await _sandbox.PostAsync("/v2/operation/details", new { id }, _sandbox.ApiKeyHeader);

        foreach (var operation in new[] { found, details.Data[0] })
        {
            Assert.Equal([.. OperationProperties, "network", "details"], operation.EnumerateObject().Select(p => p.Name));
            Assert.Equal("TRC20", operation.GetProperty("network").GetString());
            Assert.Equal("""{"hash":"0xabc","confirmations":12}""", operation.GetProperty("details").GetRawText());
        }
    }

    [Fact]
    public async Task An_operation_added_without_id_or_times_gets_a_uuid_and_now_by_the_sandbox_clock()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        var sent = Operation(wallet, status: "Created");
        sent.Remove("createdAt");
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var operation = (await _sandbox.AddOperationsOkAsync(sent))[0];

        Assert.True(Guid.TryParse(operation.GetProperty("id").GetString(), out _));
        var createdAt = DateTimeOffset.Parse(operation.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(createdAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(operation.GetProperty("createdAt").GetString(), operation.GetProperty("updatedAt").GetString());
    }

    [Fact]
    public async Task Details_answer_an_array_holding_the_one_operation()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        var added = await _sandbox.AddOperationsOkAsync(Operation(wallet), Operation(wallet));

        var response = await _sandbox.PostAsync("/v2/operation/details", new { id = added[1].GetProperty("id").GetString() }, _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(JsonValueKind.Array, response.Data.ValueKind);
        Assert.Equal(added[1].GetRawText(), Assert.Single(response.Data.EnumerateArray()).GetRawText());
    }

    [Fact]
    public async Task Details_of_an_unknown_id_is_404_and_of_no_id_400()
    {
        var unknown = await _sandbox.PostAsync("/v2/operation/details", new { id = Guid.NewGuid().ToString() }, _sandbox.ApiKeyHeader);
        var missing = await _sandbox.PostAsync("/v2/operation/details", new { }, _sandbox.ApiKeyHeader);
        var number = await _sandbox.PostAsync("/v2/operation/details", new { id = 5 }, _sandbox.ApiKeyHeader);

        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (unknown.Status, unknown.ErrorCode));
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION_ERROR", "id is required"), (missing.Status, missing.ErrorCode, missing.ErrorMessage));
        Assert.Equal((HttpStatusCode.BadRequest, "id must be a string"), (number.Status, number.ErrorMessage));
    }

    [Theory]
    [InlineData("type", "Withdraw", 1)]
    [InlineData("status", "Declined", 1)]
    [InlineData("sourceAsset", "BTC", 2)]
    [InlineData("targetAsset", "EUR", 2)]
    [InlineData("externalId", "ext-second", 1)]
    public async Task Each_filter_is_an_exact_match(string filter, string value, int expected)
    {
        var wallet = await _sandbox.CreateWalletAsync();
        var first = Operation(wallet, "Deposit", "Completed");
        var second = Operation(wallet, "Withdraw", "Declined");
        second["externalId"] = "ext-second";
        second["sourceAsset"] = "BTC";
        second["targetAsset"] = "EUR";
        var third = Operation(wallet, "WithdrawWithExchange", "Completed");
        third["sourceAsset"] = "BTC";
        third["targetAsset"] = "EUR";
        var added = await _sandbox.AddOperationsOkAsync(first, second, third);
        var body = new Dictionary<string, object> { ["walletId"] = wallet, [filter] = value };

        var found = await _sandbox.FindOperationsOkAsync(body);

        Assert.Equal(expected, found.Length);
        Assert.All(found, o => Assert.Equal(value, o.GetProperty(filter).GetString()));
        Assert.Subset(Ids(added).ToHashSet(), Ids(found).ToHashSet());
    }

    [Theory]
    [InlineData("sourceAsset", "btc")]
    [InlineData("sourceAsset", "BT")]
    [InlineData("externalId", "EXT-ONE")]
    public async Task A_text_filter_matches_neither_another_case_nor_a_part(string filter, string value)
    {
        var wallet = await _sandbox.CreateWalletAsync();
        var sent = Operation(wallet);
        sent["sourceAsset"] = "BTC";
        sent["externalId"] = "ext-one";
        await _sandbox.AddOperationsOkAsync(sent);

        var found = await _sandbox.FindOperationsOkAsync(new Dictionary<string, object> { ["walletId"] = wallet, [filter] = value });

        Assert.Empty(found);
    }

    [Fact]
    public async Task The_walletId_filter_keeps_one_wallets_operations()
    {
        var mine = await _sandbox.CreateWalletAsync();
        var other = await _sandbox.CreateWalletAsync();
        var added = await _sandbox.AddOperationsOkAsync(Operation(mine), Operation(other));

        var found = await _sandbox.FindOperationsOkAsync(new { walletId = mine.ToUpperInvariant() });

        Assert.Equal([Ids(added)[0]], Ids(found));
    }

    [Fact]
    public async Task DateFrom_and_dateTo_are_inclusive_bounds_on_createdAt()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        var added = await _sandbox.AddOperationsOkAsync(
            Operation(wallet, createdAt: "2024-03-01T00:00:00.000Z"),
            Operation(wallet, createdAt: "2024-03-02T00:00:00.000Z"),
            Operation(wallet, createdAt: "2024-03-03T00:00:00.000Z"));
        var ids = Ids(added);

        var between = await _sandbox.FindOperationsOkAsync(new { walletId = wallet, dateFrom = "2024-03-02T00:00:00.000Z", dateTo = "2024-03-03T00:00:00Z" });
        var from = await _sandbox.FindOperationsOkAsync(new { walletId = wallet, dateFrom = "2024-03-02T00:00:00.001Z" });
        var to = await _sandbox.FindOperationsOkAsync(new { walletId = wallet, dateTo = "2024-03-01T00:00:00.000Z" });

        Assert.Equal([ids[2], ids[1]], Ids(between));
        Assert.Equal([ids[2]], Ids(from));
        Assert.Equal([ids[0]], Ids(to));
    }

    [Theory]
    [InlineData("type", "deposit", "type must be one of Deposit, Withdraw, DepositWithExchange, WithdrawWithExchange, CryptoExchange, Transfer, BuyToSendCrypto")]
    [InlineData("type", "1", "type must be one of")]
    [InlineData("status", "Done", "status must be one of Created, Processing, OnHold, Declined, Completed")]
    [InlineData("dateFrom", "yesterday", "dateFrom must be an ISO 8601 date-time")]
    [InlineData("dateTo", "2024-13-45", "dateTo must be an ISO 8601 date-time")]
    public async Task An_invalid_filter_is_400_naming_it(string filter, string value, string message)
    {
        var response = await _sandbox.FindOperationsAsync(new Dictionary<string, object> { [filter] = value });

        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION_ERROR"), (response.Status, response.ErrorCode));
        Assert.StartsWith(message, response.ErrorMessage);
    }

    [Fact]
    public async Task A_filter_that_is_not_a_string_is_400_naming_it()
    {
        var response = await _sandbox.FindOperationsAsync(new { walletId = 12 });

        Assert.Equal((HttpStatusCode.BadRequest, "walletId must be a string"), (response.Status, response.ErrorMessage));
    }

    [Fact]
    public async Task Paging_comes_from_the_query_newest_first_take_defaults_to_10()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        var sent = Enumerable.Range(0, 12).Select(i => (object)Operation(wallet, createdAt: $"2024-01-{i + 1:D2}T12:00:00.000Z")).ToArray();
        var newestFirst = Ids(await _sandbox.AddOperationsOkAsync(sent)).Reverse().ToArray();
        var filter = new { walletId = wallet };

        var first = await _sandbox.FindOperationsOkAsync(filter);
        var page = await _sandbox.FindOperationsOkAsync(filter, "?skip=3&take=4");
        var last = await _sandbox.FindOperationsOkAsync(filter, "?skip=10&take=5");
        var inBody = await _sandbox.FindOperationsOkAsync(new { walletId = wallet, skip = 11, take = 1 });

        Assert.Equal(newestFirst[..10], Ids(first));
        Assert.Equal(newestFirst[3..7], Ids(page));
        Assert.Equal(newestFirst[10..], Ids(last));
        Assert.Equal(newestFirst[..10], Ids(inBody));
    }

    [Fact]
    public async Task Operations_created_at_the_same_time_are_ordered_by_id()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        var sent = new[] { "op-c", "op-a", "op-b" }.Select(id =>
        {
            var o = Operation(wallet);
            o["id"] = id + Guid.NewGuid().ToString("N");
            return (object)o;
        }).ToArray();
        var ids = Ids(await _sandbox.AddOperationsOkAsync(sent));

        var found = await _sandbox.FindOperationsOkAsync(new { walletId = wallet });

        Assert.Equal(ids.Order(StringComparer.Ordinal), Ids(found));
    }

    [Fact]
    public async Task Take_is_capped_at_100()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        await _sandbox.AddOperationsOkAsync(Enumerable.Range(0, 105).Select(_ => (object)Operation(wallet)).ToArray());

        var found = await _sandbox.FindOperationsOkAsync(new { walletId = wallet }, "?take=1000");
        var rest = await _sandbox.FindOperationsOkAsync(new { walletId = wallet }, "?skip=100&take=100");

        Assert.Equal(100, found.Length);
        Assert.Equal(5, rest.Length);
    }

    [Theory]
    [InlineData("?skip=-1", "skip must be a non-negative integer")]
    [InlineData("?skip=1.5", "skip must be a non-negative integer")]
    [InlineData("?skip=", "skip must be a non-negative integer")]
    [InlineData("?take=0", "take must be a positive integer")]
    [InlineData("?take=-3", "take must be a positive integer")]
    [InlineData("?take=ten", "take must be a positive integer")]
    [InlineData("?take=1&take=2", "take must be a positive integer")]
    public async Task Bad_paging_is_400_naming_skip_or_take(string query, string message)
    {
        var response = await _sandbox.FindOperationsAsync(new { }, query);

        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION_ERROR", message), (response.Status, response.ErrorCode, response.ErrorMessage));
    }

    [Fact]
    public async Task Operations_of_an_unknown_wallet_are_refused_404()
    {
        var response = await _sandbox.AdminAsync("operations", new { operations = new[] { Operation(Guid.NewGuid().ToString()) } });

        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (response.Status, response.ErrorCode));
    }

    [Fact]
    public async Task Adding_is_all_or_none_a_taken_id_or_a_bad_row_refuses_the_whole_list()
    {
        var wallet = await _sandbox.CreateWalletAsync();
        var taken = Operation(wallet);
        taken["id"] = "taken-" + Guid.NewGuid().ToString("N");
        await _sandbox.AddOperationsOkAsync(taken);
        var bad = Operation(wallet, type: "Gift");
        bad["fee"] = "1e3";

        var duplicate = await _sandbox.AdminAsync("operations", new { operations = new[] { Operation(wallet), taken } });
        var invalid = await _sandbox.AdminAsync("operations", new { operations = new[] { Operation(wallet), bad } });

        Assert.Equal((HttpStatusCode.BadRequest, $"id {taken["id"]} is already taken"), (duplicate.Status, duplicate.ErrorMessage));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal(["operations[1].type must be one of Deposit, Withdraw, DepositWithExchange, WithdrawWithExchange, CryptoExchange, Transfer, BuyToSendCrypto",
            "operations[1].fee must be a decimal string"], invalid.ErrorMessages);
        Assert.Single(await _sandbox.FindOperationsOkAsync(new { walletId = wallet }));
    }

    [Theory]
    [InlineData("/v2/operation/find")]
    [InlineData("/v2/operation/details")]
    [InlineData("/v2/balance")]
    public async Task Private_calls_need_credentials(string path)
    {
        var response = await _sandbox.PostAsync(path, new { });

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED"), (response.Status, response.ErrorCode));
    }

    [Fact]
    public async Task A_bearer_token_is_accepted_like_the_api_key()
    {
        var tokens = await _sandbox.LoginOkAsync();

        var response = await _sandbox.PostAsync("/v2/operation/find", new { }, TestSandbox.Bearer(tokens.AccessToken));

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }
}

/// <summary>Stats and faults on the operation routes; each test has its own sandbox.</summary>
public sealed class OperationStatsTests
{
    [Fact]
    public async Task Every_page_of_a_find_is_counted_as_one_request()
    {
        await using var sandbox = await TestSandbox.StartAsync(o =>
        {
            o.Customers = 3;
            o.Operations = 25;
        });

        var all = await sandbox.FindAllOperationsAsync();
        foreach (var skip in new[] { 0, 10, 20 })
        {
            await sandbox.FindOperationsOkAsync(new { }, $"?skip={skip}&take=10");
        }

        Assert.Equal(25, all.Count);
        var requests = (await sandbox.StatsAsync()).GetProperty("requests");
        Assert.Equal("""{"200":4}""", requests.GetProperty("/v2/operation/find").GetRawText());
    }

    [Fact]
    public async Task Faults_apply_to_the_operation_and_balance_calls()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.FailureRate = 1);

        var find = await sandbox.FindOperationsAsync(new { });
        var balance = await sandbox.PostAsync("/v2/balance", new { walletId = Guid.NewGuid() }, sandbox.ApiKeyHeader);

        Assert.Equal((HttpStatusCode.InternalServerError, FaultTests.FailureBody), (find.Status, find.Body));
        Assert.Equal((HttpStatusCode.InternalServerError, FaultTests.FailureBody), (balance.Status, balance.Body));
    }
}
