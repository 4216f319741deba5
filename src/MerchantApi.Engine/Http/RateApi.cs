using System.Text.Json;

namespace MerchantApi.Http;

/// <summary><c>GET /v2/rate/equivalent</c>, over the raw request path, as one <see cref="Rate"/> per asset and currency.</summary>
internal static class RateApi
{
    private const string EquivalentPath = "v2/rate/equivalent";

    public static async Task<List<Rate>> GetAsync(MerchantSession session, CallOptions options, CancellationToken cancellationToken)
    {
        var request = ApiRequest.Create(session.BaseUri, HttpMethod.Get, EquivalentPath, [], null, RequestKind.Read);
        var reply = await RawApi.SendAsync(session, request, options, cancellationToken).ConfigureAwait(false);
        var rates = new List<Rate>();
        foreach (var item in reply.Items)
        {
            if (!item.TryGetProperty("asset", out var asset) || asset.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("equivalent", out var equivalent) || equivalent.ValueKind != JsonValueKind.Object)
            {
                continue; // an entry of another shape carries no rate to read
            }
            foreach (var currency in equivalent.EnumerateObject())
            {
                var value = currency.Value.ValueKind switch
                {
                    JsonValueKind.String => DecimalTextConverter.Parse(currency.Value.GetString()),
                    JsonValueKind.Number when currency.Value.TryGetDecimal(out var number) => number,
                    _ => null,
                };
                rates.Add(new Rate(asset.GetString()!, currency.Name, value));
            }
        }
        return rates;
    }
}
