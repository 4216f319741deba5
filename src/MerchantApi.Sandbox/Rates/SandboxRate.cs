using System.Globalization;
using System.Text.Json;
using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Rates;

/// <summary>One row of <c>GET /v2/rate/equivalent</c>: an asset and what one unit of it is worth in other currencies.</summary>
internal sealed record SandboxRate(string Asset, IReadOnlyList<KeyValuePair<string, string>> Equivalent, ExtraProperties Extras)
{
    public static readonly IReadOnlySet<string> KnownNames = new HashSet<string>(["asset", "equivalent"], StringComparer.Ordinal);

    /// <summary>Field order: asset, equivalent {currency: amount text}, then any extra properties a test gave it.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("asset", Asset);
        w.WriteStartObject("equivalent");
        foreach (var (currency, amount) in Equivalent)
        {
            w.WriteString(currency, amount);
        }

        w.WriteEndObject();
        Extras.WriteTo(w);
        w.WriteEndObject();
    }
}

/// <summary>The rate table: the default one (from <see cref="SandboxAsset"/>'s prices) until a test replaces it.</summary>
internal sealed class RateTable
{
    public static readonly IReadOnlyList<SandboxRate> Default = SandboxAsset.All.Select(asset => new SandboxRate(asset.Name,
        SandboxAsset.EquivalentCurrencies.Select(currency => KeyValuePair.Create(currency,
            decimal.Round(asset.UsdPrice / SandboxAsset.UsdPriceOf(currency), 8).ToString("0.########", CultureInfo.InvariantCulture))).ToArray(),
        ExtraProperties.None)).ToArray();

    private volatile IReadOnlyList<SandboxRate> _rates = Default;

    public IReadOnlyList<SandboxRate> All => _rates;

    public void Replace(IReadOnlyList<SandboxRate> rates) => _rates = rates;

    public void Reset() => _rates = Default;
}
