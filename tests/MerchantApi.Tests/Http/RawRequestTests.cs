using System.Text.Json.Nodes;
using MerchantApi.Customers;
using MerchantApi.Http;

namespace MerchantApi.Tests.Http;

public sealed class RawRequestTests
{
    private static readonly Uri Base = new("https://api.example.com/merchant/");
    private static readonly CallOptions Quick = new() { MaxAttempts = 3, RetryTimeLimit = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData("POST", "/v2/customer/find", "Read")]
    [InlineData("POST", "v2/customer/details", "Read")]
    [InlineData("POST", "/v2/operation/find?skip=0&take=5", "Read")]
    [InlineData("POST", "/V2/Balance", "Read")]
    [InlineData("POST", "v2/transfer/pre-request", "Read")]
    [InlineData("POST", "v2/rate/equivalent", "Read")]
    [InlineData("GET", "v2/anything", "Read")]
    [InlineData("POST", "v2/customer/create", "Write")]
    [InlineData("POST", "v2/transfer", "Write")]
    [InlineData("POST", "v2/withdraw/crypto", "Write")]
    [InlineData("POST", "v2/balance/move", "Write")]
    [InlineData("POST", "v2/finder", "Write")]
    public void Reads_are_the_documented_ones_and_any_GET(string method, string path, string kind) =>
        Assert.Equal(Enum.Parse<RequestKind>(kind), ApiEndpoints.KindOf(new HttpMethod(method), path));

    [Fact]
    public void The_customer_find_pages_in_its_body_and_other_finds_in_the_query()
    {
        Assert.Equal(PagingPlace.Body, ApiEndpoints.PagingOf("/v2/customer/find"));
        Assert.Equal(PagingPlace.Query, ApiEndpoints.PagingOf("v2/operation/find"));
    }

    [Theory]
    [InlineData("/v2/balance", "v2/balance")]
    [InlineData("v2/balance", "v2/balance")]
    [InlineData("  /v2/balance/  ", "v2/balance")]
    [InlineData("https://api.example.com/merchant/v2/balance", "v2/balance")]
    [InlineData("HTTPS://API.EXAMPLE.COM/merchant/v2/operation/find?take=5", "v2/operation/find?take=5")]
    [InlineData("/v2/operation/find?status=On%20Hold&take=5", "v2/operation/find?status=On%20Hold&take=5")]
    [InlineData("v2/operation/find?externalId=a+b", "v2/operation/find?externalId=a+b")]
    public void A_path_is_below_the_base_uri_whatever_its_form(string path, string sent) =>
        Assert.Equal(sent, ApiRequest.Create(Base, HttpMethod.Post, path, [], null, null).PathAndQuery);

    [Theory]
    [InlineData("https://evil.example/v2/balance")]
    [InlineData("http://api.example.com/merchant/v2/balance")]
    [InlineData("https://api.example.com:8443/merchant/v2/balance")]
    [InlineData("https://api.example.com/other/v2/balance")]
    [InlineData("https://api.example.com/merchantx/v2/balance")]
    [InlineData("ftp://api.example.com/merchant/v2/balance")]
    public void An_absolute_uri_anywhere_else_is_refused(string path)
    {
        var ex = Assert.Throws<MerchantApiException>(() => ApiRequest.Create(Base, HttpMethod.Post, path, [], null, null));
        Assert.Equal("PathNotUnderBaseUri", ex.ErrorId);
        Assert.Equal(MerchantErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(Base.ToString(), ex.Message);
    }

    [Fact]
    public void The_query_of_the_path_and_the_query_given_are_both_sent()
    {
        var request = ApiRequest.Create(Base, HttpMethod.Post, "v2/operation/find?status=OnHold", [new("walletId", "w 1"), new("type", "Deposit")], null, null);
        Assert.Equal("v2/operation/find?status=OnHold&walletId=w%201&type=Deposit", request.PathAndQuery);
        Assert.Equal("POST /v2/operation/find", request.Description);
    }

    [Fact]
    public void The_kind_given_beats_the_guess()
    {
        Assert.Equal(RequestKind.Write, ApiRequest.Create(Base, HttpMethod.Post, "v2/customer/find", [], null, RequestKind.Write).Kind);
        Assert.Equal(RequestKind.Read, ApiRequest.Create(Base, HttpMethod.Post, "v2/transfer", [], null, RequestKind.Read).Kind);
    }

    [Fact]
    public void A_body_paged_find_gets_skip_and_take_in_its_body_and_keeps_the_filters()
    {
        var body = new JsonObject { ["email"] = "a@example.com", ["skip"] = 5 };
        var request = ApiRequest.Create(Base, HttpMethod.Post, "/v2/customer/find", [new("x", "1")], body, null);
        var page = request.WithPage(200, 100);
        Assert.Equal("""{"email":"a@example.com","skip":200,"take":100}""", page.Body!.ToJsonString());
        Assert.Equal("v2/customer/find?x=1", page.PathAndQuery);
        Assert.Equal("""{"email":"a@example.com","skip":5}""", body.ToJsonString()); // the template is not changed
    }

    [Fact]
    public void A_query_paged_find_gets_skip_and_take_in_its_query_replacing_any_given()
    {
        var body = new JsonObject { ["status"] = "OnHold" };
        var request = ApiRequest.Create(Base, HttpMethod.Post, "v2/operation/find?SKIP=3&type=Deposit", [], body, null);
        var page = request.WithPage(20, 10);
        Assert.Equal("v2/operation/find?type=Deposit&skip=20&take=10", page.PathAndQuery);
        Assert.Equal("""{"status":"OnHold"}""", page.Body!.ToJsonString());
    }

    [Fact]
    public async Task Pages_stream_through_the_one_paging_loop_and_stop_after_a_short_page()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        for (var i = 0; i < 5; i++)
            await CustomerApi.CreateAsync(session, Draft($"raw{i}@example.com"), Quick, CancellationToken.None);
        var request = ApiRequest.Create(session.BaseUri, HttpMethod.Post, "/v2/customer/find", [], null, null);

        var before = (await sandbox.StatsAsync()).Requests("/v2/customer/find");
        var sizes = new List<int>();
        await foreach (var page in RawApi.PagesAsync(session, request, new FindPaging(0, null, 2), Quick))
        {
            sizes.Add(page.Used);
            Assert.Equal("/v2/customer/find", page.Items.Path); // skip and take went in the body
        }
        Assert.Equal([2, 2, 1], sizes);
        Assert.Equal(3, (await sandbox.StatsAsync()).Requests("/v2/customer/find") - before);

        before = (await sandbox.StatsAsync()).Requests("/v2/customer/find");
        sizes.Clear();
        await foreach (var page in RawApi.PagesAsync(session, request, new FindPaging(1, 3, 2), Quick))
            sizes.Add(page.Used);
        Assert.Equal([2, 1], sizes); // -Skip 1 -First 3: two requests, none after the last needed page
        Assert.Equal(2, (await sandbox.StatsAsync()).Requests("/v2/customer/find") - before);
    }

    [Fact]
    public async Task An_operation_find_pages_in_its_query_and_keeps_its_body_filters()
    {
        await using var sandbox = await RunningSandbox.StartAsync(o => { o.Customers = 5; o.Operations = 25; o.Seed = 7; });
        var session = await sandbox.ConnectWithApiKeyAsync();
        var request = ApiRequest.Create(session.BaseUri, HttpMethod.Post, "v2/operation/find", [], new JsonObject(), null);

        var paths = new List<string>();
        var ids = new List<string>();
        await foreach (var page in RawApi.PagesAsync(session, request, new FindPaging(0, null, 10), Quick))
        {
            paths.Add(page.Items.Path);
            ids.AddRange(page.Items.Data!.Value.EnumerateArray().Take(page.Used).Select(o => o.GetProperty("id").GetString()!));
        }
        Assert.Equal(["/v2/operation/find?skip=0&take=10", "/v2/operation/find?skip=10&take=10", "/v2/operation/find?skip=20&take=10"], paths);
        Assert.Equal(25, ids.Distinct().Count());
        Assert.Equal(3, (await sandbox.StatsAsync()).Requests("/v2/operation/find"));

        var status = "OnHold";
        var filtered = ApiRequest.Create(session.BaseUri, HttpMethod.Post, "v2/operation/find", [], new JsonObject { ["status"] = status }, null);
        var statuses = new List<string?>();
        await foreach (var page in RawApi.PagesAsync(session, filtered, new FindPaging(0, null, 100), Quick))
            statuses.AddRange(page.Items.Data!.Value.EnumerateArray().Select(o => o.GetProperty("status").GetString()));
        Assert.InRange(statuses.Count, 1, 24); // the seed spreads all five statuses over the 25
        Assert.All(statuses, s => Assert.Equal(status, s));
    }

    [Fact]
    public async Task A_read_is_repeated_after_server_errors_and_a_write_is_not()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        await sandbox.ControlAsync("faults", new { failureRate = 1.0 });

        var read = ApiRequest.Create(session.BaseUri, HttpMethod.Post, "v2/customer/find", [], new JsonObject(), null);
        var readError = await Assert.ThrowsAsync<MerchantApiException>(() => RawApi.SendAsync(session, read, Quick, CancellationToken.None));
        Assert.Equal(3, (await sandbox.StatsAsync()).Requests("/v2/customer/find", 500));
        Assert.False(readError.OutcomeUnknown);

        var write = ApiRequest.Create(session.BaseUri, HttpMethod.Post, "v2/customer/create", [], JsonNode.Parse("""{"email":"w@example.com"}"""), null);
        var writeError = await Assert.ThrowsAsync<MerchantApiException>(() => RawApi.SendAsync(session, write, Quick, CancellationToken.None));
        Assert.Equal(1, (await sandbox.StatsAsync()).Requests("/v2/customer/create", 500));
        Assert.Equal("WriteOutcomeUnknown", writeError.ErrorId);
        Assert.True(writeError.OutcomeUnknown);
        Assert.Contains("POST /v2/customer/create", writeError.Message);
        Assert.Contains("unknown", writeError.Message);
        Assert.Equal("INTERNAL_ERROR", writeError.ProviderCode);
    }

    [Fact]
    public async Task An_answer_is_kept_whole_and_its_secret_headers_would_be_redacted()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        var request = ApiRequest.Create(session.BaseUri, HttpMethod.Post, "v2/customer/find", [], null, null);
        var reply = await RawApi.SendAsync(session, request, Quick, CancellationToken.None);
        Assert.Equal(200, reply.StatusCode);
        Assert.Equal(("POST", "/v2/customer/find"), (reply.Method, reply.Path));
        Assert.StartsWith("application/json", reply.Headers["content-type"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, reply.Data!.Value.ValueKind);
        Assert.True(reply.Body!.Value.TryGetProperty("data", out _));
        Assert.Equal("[redacted]", SecretHeaders.Show("Set-Cookie", ["session=abc"]));
        Assert.Equal("Bearer [redacted]", SecretHeaders.Show("authorization", ["Bearer eyJ"]));
    }

    [Fact]
    public async Task A_typo_in_the_path_is_the_providers_not_found()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var session = await sandbox.ConnectWithApiKeyAsync();
        var request = ApiRequest.Create(session.BaseUri, HttpMethod.Post, "v2/balanse", [], new JsonObject { ["walletId"] = "w" }, null);
        var ex = await Assert.ThrowsAsync<MerchantApiException>(() => RawApi.SendAsync(session, request, Quick, CancellationToken.None));
        Assert.Equal("NotFound", ex.ErrorId);
        Assert.Equal(MerchantErrorKind.NotFound, ex.Kind);
        Assert.Contains("POST /v2/balanse: HTTP 404", ex.Message);
    }

    private static CustomerDraft Draft(string email) => new()
    {
        [CustomerField.Email] = email, [CustomerField.FirstName] = "Ada", [CustomerField.LastName] = "Lovelace", [CustomerField.Country] = "GB",
        [CustomerField.VerificationDocumentId] = "P123", [CustomerField.ResidenceAddress] = "12 St James's Square, London",
    };
}
