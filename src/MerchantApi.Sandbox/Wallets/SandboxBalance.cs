using System.Text.Json;
using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Wallets;

/// <summary>The amount fields of a balance, in the order of the provider's page (and of the JSON); each is decimal text.</summary>
internal static class BalanceFields
{
    public const int Balance = 0;
    public const int HoldBalance = 1;
    public const int LockBalance = 2;
    public const int ReferralBalance = 3;

    public static readonly string[] Names = ["balance", "holdBalance", "lockBalance", "referralBalance"];

    /// <summary>Every name the sandbox has a field for; a posted balance's other properties are kept as extras.</summary>
    public static readonly IReadOnlySet<string> KnownNames = new HashSet<string>(["asset", .. Names], StringComparer.Ordinal);

    public static int Count => Names.Length;
}

/// <summary>One asset's balance in a wallet: <see cref="Amounts"/>[i] is the text of <see cref="BalanceFields.Names"/>[i].</summary>
internal sealed record SandboxBalance(string Asset, string[] Amounts, ExtraProperties Extras)
{
    /// <summary>Field order: asset, balance, holdBalance, lockBalance, referralBalance, then any extra properties.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("asset", Asset);
        for (var i = 0; i < BalanceFields.Count; i++)
        {
            w.WriteString(BalanceFields.Names[i], Amounts[i]);
        }

        Extras.WriteTo(w);
        w.WriteEndObject();
    }
}
