using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>POST /__sandbox/hostile: the next N requests to a path get a hostile answer.</summary>
public sealed class HostileTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly TestSandbox _sandbox = fixture.Sandbox;

    private async Task ArmAsync(string path, string mode, int count = 1)
    {
        var response = await _sandbox.AdminAsync("hostile", new { path, mode, count });
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(mode, response.Data.GetProperty("mode").GetString());
        Assert.Equal(count, response.Data.GetProperty("count").GetInt32());
    }

    private Task<ApiResponse> CreateAsync() => _sandbox.CreateAsync(CustomerBodies.Valid());

    [Fact]
    public async Task Html_is_a_502_proxy_page()
    {
        await ArmAsync("/v2/customer/create", "html");

        var response = await CreateAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.Status);
        Assert.Equal("text/html", response.ContentHeaders.ContentType?.MediaType);
        Assert.StartsWith("<html>", response.Body);
        Assert.Equal(HttpStatusCode.OK, (await CreateAsync()).Status); // count 1: the next one is normal
    }

    [Fact]
    public async Task Truncated_is_200_json_cut_mid_object()
    {
        await ArmAsync("/v2/customer/details", "truncated");

        var response = await _sandbox.PostAsync("/v2/customer/details", new { id = Guid.NewGuid() }, _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentHeaders.ContentType?.MediaType);
        Assert.Equal(response.Bytes.Length, response.ContentHeaders.ContentLength);
        Assert.StartsWith("{\"data\":{", response.Body);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(response.Body));
    }

    [Fact]
    public async Task Huge_streams_a_valid_50_mib_json_body()
    {
        await ArmAsync("/v2/customer/find", "huge");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/customer/find") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Api-key", _sandbox.Options.ApiKey);

        using var response = await _sandbox.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        var head = new List<byte>();
        byte last = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            if (head.Count < 32)
            {
                head.AddRange(buffer.Take(Math.Min(read, 32 - head.Count)));
            }

            total += read;
            last = buffer[read - 1];
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(50L * 1024 * 1024, response.Content.Headers.ContentLength);
        Assert.Equal(50L * 1024 * 1024, total);
        Assert.StartsWith("{\"data\":{\"padding\":\"aaaa", System.Text.Encoding.ASCII.GetString(head.ToArray()));
        Assert.Equal((byte)'}', last);
    }

    [Fact]
    public async Task Huge_stops_streaming_when_the_client_gives_up()
    {
        await ArmAsync("/v2/customer/find", "huge");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/customer/find") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Api-key", _sandbox.Options.ApiKey);

        using (var response = await _sandbox.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            Assert.True(await stream.ReadAsync(new byte[1024]) > 0);
        }

        // The server is still fine.
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.PostAsync("/v2/customer/find", new { }, _sandbox.ApiKeyHeader)).Status);
    }

    [Fact]
    public async Task Empty_is_200_with_no_body()
    {
        await ArmAsync("/v2/customer/update", "empty");

        var response = await _sandbox.PostAsync("/v2/customer/update", new { id = Guid.NewGuid() }, _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Empty(response.Bytes);
        Assert.Equal(0, response.ContentHeaders.ContentLength);
    }

    [Fact]
    public async Task Wrong_shape_gives_a_string_where_a_list_belongs_and_a_list_where_an_object_belongs()
    {
        await ArmAsync("/v2/customer/find", "wrong-shape");
        await ArmAsync("/v2/auth/login", "wrong-shape");

        var find = await _sandbox.PostAsync("/v2/customer/find", new { }, _sandbox.ApiKeyHeader);
        var login = await _sandbox.LoginAsync();

        Assert.Equal(HttpStatusCode.OK, find.Status);
        Assert.Equal("""{"data":"surprise"}""", find.Body);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Equal("""{"data":[1,2]}""", login.Body);
    }

    [Fact]
    public async Task Redirect_points_to_another_host_and_counts_leaked_credentials()
    {
        var before = await _sandbox.StatsAsync();
        await ArmAsync("/v2/customer/create", "redirect", 2);

        // Not followed: a 307 to the same path under /__elsewhere on "localhost" instead of 127.0.0.1.
        var response = await CreateAsync();
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.Status);
        var location = response.Headers.Location!;
        Assert.Equal("localhost", location.Host);
        Assert.Equal(new Uri(_sandbox.Url).Port, location.Port);
        Assert.Equal("/__elsewhere/v2/customer/create", location.AbsolutePath);

        // A client that follows redirects carries its Api-key header to the other host.
        using var naive = TestSandbox.CreateClient(_sandbox.Url, followRedirects: true);
        var followed = await TestSandbox.SendAsync(naive, HttpMethod.Post, "/v2/customer/create",
            TestSandbox.Json(CustomerBodies.Valid()), _sandbox.ApiKeyHeader);
        Assert.Equal(HttpStatusCode.NotFound, followed.Status);

        var after = await _sandbox.StatsAsync();
        Assert.Equal(1, after.GetProperty("elsewhereRequests").GetInt32() - before.GetProperty("elsewhereRequests").GetInt32());
        Assert.Equal(1, after.GetProperty("leakedAuthHeaders").GetInt32() - before.GetProperty("leakedAuthHeaders").GetInt32());
    }

    [Fact]
    public async Task Hang_never_answers_until_the_client_gives_up()
    {
        await ArmAsync("/v2/customer/details", "hang");
        using var impatient = TestSandbox.CreateClient(_sandbox.Url, timeout: TimeSpan.FromMilliseconds(400));
        var timer = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() =>
            TestSandbox.SendAsync(impatient, HttpMethod.Post, "/v2/customer/details", "{}", _sandbox.ApiKeyHeader));

        Assert.True(timer.Elapsed >= TimeSpan.FromMilliseconds(350));
        var next = await _sandbox.PostAsync("/v2/customer/details", new { id = Guid.NewGuid() }, _sandbox.ApiKeyHeader);
        Assert.Equal(HttpStatusCode.NotFound, next.Status);
    }

    [Fact]
    public async Task Count_says_how_many_requests_are_hostile_and_0_disarms()
    {
        await ArmAsync("/v2/customer/find", "empty", 3);

        var statuses = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            statuses.Add((await _sandbox.PostAsync("/v2/customer/find", new { }, _sandbox.ApiKeyHeader)).Bytes.Length);
        }

        await ArmAsync("/v2/customer/find", "empty", 0);
        var normal = await _sandbox.PostAsync("/v2/customer/find", new { }, _sandbox.ApiKeyHeader);

        Assert.Equal([0, 0], statuses);
        Assert.Equal(JsonValueKind.Array, normal.Data.ValueKind);
    }

    [Theory]
    [InlineData("""{"path":"/__sandbox/stats","mode":"html"}""")]
    [InlineData("""{"path":"/v2/customer/find","mode":"explode"}""")]
    [InlineData("""{"path":"/v2/customer/find","mode":"html","count":-1}""")]
    public async Task Bad_hostile_requests_are_400(string body)
    {
        var response = await _sandbox.PostRawAsync("/__sandbox/hostile", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("VALIDATION_ERROR", response.ErrorCode);
    }
}
