using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Text.Json;
using MerchantApi.Infrastructure;

namespace MerchantApi.Tests.Cmdlets;

public sealed class JsonValuesTests
{
    [Fact]
    public void A_hashtable_becomes_an_object_with_its_keys_as_spelled_and_values_typed()
    {
        var body = new OrderedDictionary
        {
            ["walletId"] = "w-1",
            ["assets"] = new object[] { "BTC", "ETH" },
            ["amount"] = 0.1m,
            ["count"] = 3,
            ["flag"] = true,
            ["none"] = null,
            ["at"] = new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.FromHours(2)),
            ["nested"] = new Hashtable { ["a"] = 1 },
        };
        Assert.Equal("""{"walletId":"w-1","assets":["BTC","ETH"],"amount":0.1,"count":3,"flag":true,"none":null,"at":"2026-12-01T08:30:00.000Z","nested":{"a":1}}""",
            JsonValues.ToBody(body)!.ToJsonString());
    }

    [Fact]
    public void A_csv_row_sends_its_columns_and_json_text_is_sent_as_it_is()
    {
        var row = new PSObject();
        row.Properties.Add(new PSNoteProperty("externalId", "T-1"));
        row.Properties.Add(new PSNoteProperty("amount", "12.50"));
        Assert.Equal("""{"externalId":"T-1","amount":"12.50"}""", JsonValues.ToBody(row)!.ToJsonString());
        Assert.Equal("""{"take":1}""", JsonValues.ToBody(new PSObject("""{"take":1}"""))!.ToJsonString());
        Assert.Null(JsonValues.ToBody(null));
    }

    [Fact]
    public void Text_that_is_not_json_and_a_body_that_refers_to_itself_are_refused()
    {
        Assert.Equal("BodyNotJson", Assert.Throws<MerchantApiException>(() => JsonValues.ToBody("walletId=1")).ErrorId);
        var loop = new Hashtable();
        loop["self"] = loop;
        Assert.Equal("BodyTooDeep", Assert.Throws<MerchantApiException>(() => JsonValues.ToBody(loop)).ErrorId);
        Assert.Equal("BodyNotJson", Assert.Throws<MerchantApiException>(() => JsonValues.ToBody(new Hashtable { ["x"] = double.NaN })).ErrorId);
    }

    [Fact]
    public void A_json_object_comes_back_in_the_servers_order_with_exact_numbers_and_strings_left_alone()
    {
        using var json = JsonDocument.Parse("""{"b":1,"a":"0.1","big":12345678901,"exact":0.1,"when":"2024-02-26T16:36:14.499Z","list":[1,"x",null],"yes":true}""");
        var value = Assert.IsType<PSObject>(JsonValues.FromJson(json.RootElement));
        Assert.Equal(["b", "a", "big", "exact", "when", "list", "yes"], value.Properties.Select(p => p.Name));
        Assert.Equal(1, value.Properties["b"].Value);
        Assert.Equal("0.1", value.Properties["a"].Value);
        Assert.Equal(12345678901L, value.Properties["big"].Value);
        Assert.Equal(0.1m, value.Properties["exact"].Value);
        Assert.Equal("2024-02-26T16:36:14.499Z", value.Properties["when"].Value);
        Assert.Equal(new object?[] { 1, "x", null }, (object?[])value.Properties["list"].Value);
        Assert.Equal(true, value.Properties["yes"].Value);
    }

    [Fact]
    public void Query_values_are_invariant_text_and_a_list_repeats_the_name()
    {
        var query = new OrderedDictionary { ["take"] = 5, ["type"] = new[] { "Deposit", "Withdraw" }, ["rate"] = 1.5m };
        Assert.Equal(["take=5", "type=Deposit", "type=Withdraw", "rate=1.5"], JsonValues.ToQuery(query).Select(p => $"{p.Key}={p.Value}"));
    }
}
