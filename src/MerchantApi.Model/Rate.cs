namespace MerchantApi;

/// <summary>What one unit of an asset is worth in one currency (<c>/v2/rate/equivalent</c>), as an exact decimal.</summary>
public sealed class Rate
{
    public Rate(string asset, string currency, decimal? value)
    {
        Asset = asset;
        Currency = currency;
        Value = value;
    }

    public string Asset { get; }
    public string Currency { get; }
    public decimal? Value { get; }

    public override string ToString() => $"1 {Asset} = {Value} {Currency}";
}
