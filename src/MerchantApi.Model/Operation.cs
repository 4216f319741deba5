using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MerchantApi;

/// <summary>
/// A deposit, withdrawal, exchange or transfer of a wallet (<c>/v2/operation/find</c>, <c>/v2/operation/details</c>).
/// Type and status are kept as the provider's text, so a value it adds later still comes through.
/// </summary>
public sealed class Operation
{
    public string Id { get; set; } = "";
    public string? WalletId { get; set; }

    /// <summary><c>Deposit</c>, <c>Withdraw</c>, <c>DepositWithExchange</c>, <c>WithdrawWithExchange</c>, <c>CryptoExchange</c>,
    /// <c>Transfer</c> or <c>BuyToSendCrypto</c>.</summary>
    public string? Type { get; set; }

    /// <summary><c>Created</c>, <c>Processing</c>, <c>OnHold</c> (e.g. an AML check), <c>Declined</c> or <c>Completed</c>.</summary>
    public string? Status { get; set; }

    public string? SourceAsset { get; set; }
    public string? TargetAsset { get; set; }
    public decimal? SourceAmount { get; set; }
    public decimal? TargetAmount { get; set; }
    public decimal? Fee { get; set; }

    /// <summary>The caller's unique id of the operation, given when it was requested.</summary>
    public string? ExternalId { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Whatever else the server sent, as JSON (each also a property of the object in PowerShell).</summary>
    [JsonExtensionData]
    public JsonObject? AdditionalProperties { get; set; }

    public override string ToString() => $"{Type} {Status} {Id}";
}
