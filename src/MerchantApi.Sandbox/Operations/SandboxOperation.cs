using System.Text.Json;
using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Operations;

internal enum OperationType
{
    Deposit,
    Withdraw,
    DepositWithExchange,
    WithdrawWithExchange,
    CryptoExchange,
    Transfer,
    BuyToSendCrypto,
}

internal enum OperationStatus
{
    Created,
    Processing,
    OnHold,
    Declined,
    Completed,
}

/// <summary>The string fields of an operation, in the order of the JSON; the amounts among them are decimal text.</summary>
internal static class OperationFields
{
    public const int SourceAsset = 0;
    public const int TargetAsset = 1;
    public const int SourceAmount = 2;
    public const int TargetAmount = 3;
    public const int Fee = 4;
    public const int ExternalId = 5;

    public static readonly string[] Names = ["sourceAsset", "targetAsset", "sourceAmount", "targetAmount", "fee", "externalId"];

    public static readonly bool[] IsAmount = [false, false, true, true, true, false];

    /// <summary>Every name the sandbox has a field for; a posted operation's other properties are kept as extras.</summary>
    public static readonly IReadOnlySet<string> KnownNames =
        new HashSet<string>(["id", "walletId", "type", "status", .. Names, "createdAt", "updatedAt"], StringComparer.Ordinal);

    public static int Count => Names.Length;
}

/// <summary>An operation of a wallet (immutable). <see cref="Values"/>[i] is the text of <see cref="OperationFields.Names"/>[i] or null.</summary>
internal sealed record SandboxOperation(
    string Id,
    Guid WalletId,
    OperationType Type,
    OperationStatus Status,
    string?[] Values,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ExtraProperties Extras)
{
    /// <summary>Field order: id, walletId, type, status, the six string fields (absent ones as null), createdAt, updatedAt, extras.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", Id);
        w.WriteString("walletId", WalletId);
        w.WriteString("type", Type.ToString());
        w.WriteString("status", Status.ToString());
        for (var i = 0; i < OperationFields.Count; i++)
        {
            w.WriteNullableString(OperationFields.Names[i], Values[i]);
        }

        w.WriteString("createdAt", ApiJson.FormatTimestamp(CreatedAt));
        w.WriteString("updatedAt", ApiJson.FormatTimestamp(UpdatedAt));
        Extras.WriteTo(w);
        w.WriteEndObject();
    }
}
