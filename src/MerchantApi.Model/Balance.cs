using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MerchantApi;

/// <summary>
/// What one wallet holds of one asset (<c>/v2/balance</c>). Amounts are exact decimals read from the provider's decimal
/// text with the invariant culture, never through a binary floating point number. In PowerShell the available amount
/// is also the property <c>Balance</c> (a C# type cannot have a member of its own name).
/// </summary>
public sealed class Balance
{
    /// <summary>The wallet asked about (the API does not repeat it in the answer).</summary>
    [JsonIgnore]
    public string WalletId { get; set; } = "";

    public string Asset { get; set; } = "";

    /// <summary>The provider's <c>balance</c>: what the wallet holds of the asset.</summary>
    [JsonPropertyName("balance")]
    public decimal? Available { get; set; }

    /// <summary>Funds in processing.</summary>
    public decimal? HoldBalance { get; set; }

    /// <summary>Funds blocked by the provider's AML policy.</summary>
    public decimal? LockBalance { get; set; }

    public decimal? ReferralBalance { get; set; }

    /// <summary>The customer whose wallet it is, when the wallet was given as a customer.</summary>
    [JsonIgnore]
    public string? CustomerId { get; set; }

    [JsonIgnore]
    public string? CustomerEmail { get; set; }

    /// <summary>Whatever else the server sent for the asset, as JSON (each also a property of the object in PowerShell).</summary>
    [JsonExtensionData]
    public JsonObject? AdditionalProperties { get; set; }

    public override string ToString() => $"{Asset} {Available}";
}
