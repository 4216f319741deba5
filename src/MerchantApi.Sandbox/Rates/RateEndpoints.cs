using System.Text.Json;
using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Rates;

/// <summary><c>GET /v2/rate/equivalent</c> and the test-support <c>POST /__sandbox/rates</c>.</summary>
internal static class RateEndpoints
{
    public static Task EquivalentAsync(HttpContext ctx, SandboxState state) => WriteRatesAsync(ctx, state.Rates.All);

    /// <summary>
    /// Test support: <c>{"rates":[{"asset","equivalent":{currency: amount text}, …extra properties kept}]}</c> replaces
    /// the whole table; answers the new table.
    /// </summary>
    public static async Task SetAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        if (!body.Root.TryGetProperty("rates", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            await ApiJson.ValidationAsync(ctx, "rates must be an array");
            return;
        }

        var rates = new List<SandboxRate>();
        var errors = new List<ApiError>();
        foreach (var (row, index) in list.EnumerateArray().Select((row, index) => (row, index)))
        {
            var name = $"rates[{index}]";
            if (row.ValueKind != JsonValueKind.Object)
            {
                errors.Add(ApiError.Validation($"{name} must be an object"));
                continue;
            }

            var asset = RequestJson.GetString(row, "asset");
            if (!asset.HasText)
            {
                errors.Add(ApiError.Validation($"{name}.asset is required (a string)"));
            }

            var equivalent = new List<KeyValuePair<string, string>>();
            if (!row.TryGetProperty("equivalent", out var currencies) || currencies.ValueKind != JsonValueKind.Object)
            {
                errors.Add(ApiError.Validation($"{name}.equivalent must be an object"));
            }
            else
            {
                foreach (var currency in currencies.EnumerateObject())
                {
                    if (currency.Value.ValueKind == JsonValueKind.String && SandboxAsset.IsAmount(currency.Value.GetString()!))
                    {
                        equivalent.Add(KeyValuePair.Create(currency.Name, currency.Value.GetString()!));
                    }
                    else
                    {
                        errors.Add(ApiError.Validation($"{name}.equivalent.{currency.Name} must be a decimal string"));
                    }
                }
            }

            rates.Add(new SandboxRate(asset.Value ?? "", equivalent, ExtraProperties.Of(row, SandboxRate.KnownNames)));
        }

        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        state.Rates.Replace(rates);
        await WriteRatesAsync(ctx, rates);
    }

    private static Task WriteRatesAsync(HttpContext ctx, IReadOnlyList<SandboxRate> rates) =>
        ApiJson.DataArrayAsync(ctx, rates, static (w, rate) => rate.WriteTo(w));
}
