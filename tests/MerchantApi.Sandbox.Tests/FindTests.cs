using System.Globalization;
using System.Net;
using System.Text.Json;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>POST /v2/customer/find: each filter, paging, the cap at 100, order. Each test marks its own customers.</summary>
public sealed class FindTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly TestSandbox _sandbox = fixture.Sandbox;

    private async Task<JsonElement[]> FindAsync(object filter)
    {
        var response = await _sandbox.PostAsync("/v2/customer/find", filter, _sandbox.ApiKeyHeader);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(JsonValueKind.Array, response.Data.ValueKind);
        return response.Data.EnumerateArray().ToArray();
    }

    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..12];

    private static string[] Ids(IEnumerable<JsonElement> customers) => customers.Select(c => c.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task Find_by_email_is_exact_and_case_insensitive()
    {
        var email = CustomerBodies.UniqueEmail("find");
        var created = await _sandbox.CreateOkAsync(b => b["email"] = email);
        await _sandbox.CreateOkAsync();

        var found = await FindAsync(new { email = email.ToUpperInvariant() });
        var prefix = await FindAsync(new { email = email[..10] });

        Assert.Equal([created.GetProperty("id").GetString()!], Ids(found));
        Assert.Equal(created.GetRawText(), found[0].GetRawText());
        Assert.Empty(prefix);
    }

    [Fact]
    public async Task Find_by_walletId()
    {
        var created = await _sandbox.CreateOkAsync();

        var found = await FindAsync(new { walletId = created.GetProperty("walletId").GetString() });

        Assert.Equal([created.GetProperty("id").GetString()!], Ids(found));
    }

    [Fact]
    public async Task Find_by_phoneNumber()
    {
        var phone = "+38099" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var a = await _sandbox.CreateOkAsync(b => b["phoneNumber"] = phone);
        var b = await _sandbox.CreateOkAsync(b => b["phoneNumber"] = phone);
        await _sandbox.CreateOkAsync(b => b["phoneNumber"] = "+380990000001");

        var found = await FindAsync(new { phoneNumber = phone });

        Assert.Equal(Ids([a, b]), Ids(found));
    }

    [Fact]
    public async Task Find_by_fullName_is_case_insensitive_first_then_last()
    {
        var first = "Ann" + Tag();
        var match = await _sandbox.CreateOkAsync(b =>
        {
            b["firstName"] = first;
            b["lastName"] = "Lee";
        });
        await _sandbox.CreateOkAsync(b =>
        {
            b["firstName"] = "Lee";
            b["lastName"] = first;
        });

        var found = await FindAsync(new { fullName = $"  {first.ToUpperInvariant()}   lee " });
        var partial = await FindAsync(new { fullName = first });

        Assert.Equal(Ids([match]), Ids(found));
        Assert.Empty(partial);
    }

    [Fact]
    public async Task Find_by_comment_is_a_case_insensitive_substring()
    {
        var tag = Tag();
        var a = await _sandbox.CreateOkAsync(b => b["comment"] = $"VIP {tag} since 2020");
        var b = await _sandbox.CreateOkAsync(b => b["comment"] = tag);
        await _sandbox.CreateOkAsync(b => b["comment"] = "nothing to see");

        var found = await FindAsync(new { comment = tag.ToUpperInvariant() });

        Assert.Equal(Ids([a, b]), Ids(found));
    }

    [Fact]
    public async Task Find_by_externalId_and_referralId_is_exact()
    {
        var external = Tag();
        var referral = Guid.NewGuid().ToString();
        var a = await _sandbox.CreateOkAsync(b => b["externalId"] = external);
        var b = await _sandbox.CreateOkAsync(b => b["referralId"] = referral);

        Assert.Equal(Ids([a]), Ids(await FindAsync(new { externalId = external })));
        Assert.Empty(await FindAsync(new { externalId = external.ToUpperInvariant() }));
        Assert.Equal(Ids([b]), Ids(await FindAsync(new { referralId = referral })));
    }

    [Fact]
    public async Task Find_by_created_range_is_inclusive()
    {
        var tag = Tag();
        var created = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await _sandbox.CreateOkAsync(b => b["comment"] = tag));
            await Task.Delay(15);
        }

        var middle = created[1].GetProperty("createdAt").GetString();

        Assert.Equal(Ids(created.Skip(1)), Ids(await FindAsync(new { comment = tag, createdFrom = middle })));
        Assert.Equal(Ids(created.Take(2)), Ids(await FindAsync(new { comment = tag, createdTo = middle })));
        Assert.Equal(Ids(created.Skip(1).Take(1)), Ids(await FindAsync(new { comment = tag, createdFrom = middle, createdTo = middle })));
        Assert.Empty(await FindAsync(new { comment = tag, createdFrom = DateTimeOffset.UtcNow.AddHours(1).ToString("O") }));
    }

    [Fact]
    public async Task Filters_combine_with_and()
    {
        var tag = Tag();
        var a = await _sandbox.CreateOkAsync(b =>
        {
            b["comment"] = tag;
            b["country"] = "UA";
            b["externalId"] = tag + "-a";
        });
        await _sandbox.CreateOkAsync(b => b["comment"] = tag);

        Assert.Equal(Ids([a]), Ids(await FindAsync(new { comment = tag, externalId = tag + "-a" })));
        Assert.Empty(await FindAsync(new { comment = tag, externalId = tag + "-b" }));
    }

    [Fact]
    public async Task Paging_defaults_to_20_caps_take_at_100_and_keeps_creation_order()
    {
        var tag = Tag();
        var created = new List<string>();
        for (var i = 0; i < 105; i++)
        {
            created.Add((await _sandbox.CreateOkAsync(b => b["comment"] = tag)).GetProperty("id").GetString()!);
        }

        var firstPage = await FindAsync(new { comment = tag });
        var capped = await FindAsync(new { comment = tag, take = 500 });
        var rest = await FindAsync(new { comment = tag, take = 100, skip = 100 });
        var middle = await FindAsync(new { comment = tag, take = 7, skip = 40 });
        var asStrings = await FindAsync(new { comment = tag, take = "3", skip = "1" });

        Assert.Equal(created.Take(20), Ids(firstPage));
        Assert.Equal(created.Take(100), Ids(capped));
        Assert.Equal(created.Skip(100), Ids(rest));
        Assert.Equal(created.Skip(40).Take(7), Ids(middle));
        Assert.Equal(created.Skip(1).Take(3), Ids(asStrings));
        var stamps = capped.Select(c => c.GetProperty("createdAt").GetString()!).ToArray();
        Assert.Equal(stamps.Order(StringComparer.Ordinal), stamps);
    }

    [Theory]
    [InlineData("""{"take":0}""", "take must be a positive integer")]
    [InlineData("""{"take":"many"}""", "take must be a positive integer")]
    [InlineData("""{"skip":-1}""", "skip must be a non-negative integer")]
    [InlineData("""{"createdFrom":"yesterday"}""", "createdFrom must be an ISO 8601 date-time")]
    [InlineData("""{"email":5}""", "email must be a string")]
    public async Task Bad_find_parameters_are_400(string body, string message)
    {
        var response = await _sandbox.PostRawAsync("/v2/customer/find", body, _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("VALIDATION_ERROR", response.ErrorCode);
        Assert.Equal(message, response.ErrorMessage);
    }

    [Fact]
    public async Task Find_with_an_empty_body_returns_an_array()
    {
        await _sandbox.CreateOkAsync();

        var response = await _sandbox.PostRawAsync("/v2/customer/find", null, _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.InRange(response.Data.GetArrayLength(), 1, 20);
    }
}
