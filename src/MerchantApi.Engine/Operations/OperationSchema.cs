namespace MerchantApi.Operations;

/// <summary>The values the provider documents for an operation's type and status: what -Type and -Status complete and accept.</summary>
internal static class OperationSchema
{
    public static readonly IReadOnlyList<string> Types =
        ["Deposit", "Withdraw", "DepositWithExchange", "WithdrawWithExchange", "CryptoExchange", "Transfer", "BuyToSendCrypto"];

    public static readonly IReadOnlyList<string> Statuses = ["Created", "Processing", "OnHold", "Declined", "Completed"];

    /// <summary>The documented spelling of <paramref name="value"/> (any case), or null when it is not one of <paramref name="documented"/>.</summary>
    public static string? Canonical(IReadOnlyList<string> documented, string value) =>
        documented.FirstOrDefault(known => string.Equals(known, value.Trim(), StringComparison.OrdinalIgnoreCase));
}
