using System.Globalization;

namespace MerchantApi.Sandbox.Rates;

/// <summary>
/// An asset of the sandbox's seeded data: the decimals its amounts are written with and its price in USD, from which
/// the default rate table and the seeded operations' exchange amounts are derived (sandbox convention: made-up prices).
/// </summary>
internal sealed record SandboxAsset(string Name, int Decimals, decimal UsdPrice)
{
    public static readonly IReadOnlyList<SandboxAsset> All =
    [
        new("BTC", 8, 64250.12m),
        new("ETH", 8, 3120.55m),
        new("USDT", 6, 1.0003m),
        new("UAH", 2, 0.0247m),
        new("EUR", 2, 1.0842m),
    ];

    /// <summary>The currencies the default rate table gives every asset's equivalent in (the provider's example's).</summary>
    public static readonly IReadOnlyList<string> EquivalentCurrencies = ["USD", "UAH", "BTC", "EUR"];

    public static decimal UsdPriceOf(string currency) => currency == "USD" ? 1m : All.First(a => a.Name == currency).UsdPrice;

    /// <summary>An amount as the API writes it: exact decimal text with this asset's decimals, e.g. <c>0.10000000</c>.</summary>
    public string Format(decimal amount) =>
        decimal.Round(amount, Decimals, MidpointRounding.ToZero).ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>An amount worth between <paramref name="minUsd"/> and <paramref name="maxUsd"/>, at least the smallest unit.</summary>
    public decimal RandomAmount(Random random, decimal minUsd, decimal maxUsd)
    {
        var usd = minUsd + (maxUsd - minUsd) * (decimal)random.NextDouble();
        var smallest = new decimal(1, 0, 0, false, (byte)Decimals);
        return Math.Max(decimal.Round(usd / UsdPrice, Decimals, MidpointRounding.ToZero), smallest);
    }

    /// <summary>Whether text is an amount the API would accept: a plain decimal number (no exponent, no thousands separators).</summary>
    public static bool IsAmount(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
}
