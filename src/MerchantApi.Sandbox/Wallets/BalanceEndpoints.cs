using System.Text.Json;
using MerchantApi.Sandbox.Http;
using MerchantApi.Sandbox.Rates;

namespace MerchantApi.Sandbox.Wallets;

/// <summary><c>POST /v2/balance</c> and the test-support <c>POST /__sandbox/balances</c>.</summary>
internal static class BalanceEndpoints
{
    /// <summary>
    /// <c>{"walletId", "assets"?}</c>: the wallet's balances, in their order. <c>assets</c> keeps only the balances of
    /// the assets it names (exact names; an unknown one yields nothing); absent, null or empty it keeps all.
    /// </summary>
    public static async Task BalanceAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var errors = new List<ApiError>();
        if (RequestJson.ReadUuid(body.Root, "walletId", "walletId", out var walletId) is { } walletProblem)
        {
            errors.Add(ApiError.Validation(walletProblem));
        }

        var filtered = body.TryGetStringArray("assets", out var assets, out var badAssets) && assets.Length > 0;
        if (badAssets)
        {
            errors.Add(ApiError.Validation("assets must be an array of strings"));
        }

        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        if (!state.Customers.HasWallet(walletId))
        {
            await WalletNotFoundAsync(ctx, walletId);
            return;
        }

        var balances = state.Wallets.Of(walletId);
        await WriteBalancesAsync(ctx, filtered ? balances.Where(b => assets.Contains(b.Asset, StringComparer.Ordinal)) : balances);
    }

    /// <summary>
    /// Test support: <c>{"walletId", "balances":[{"asset", "balance"?, "holdBalance"?, "lockBalance"?, "referralBalance"?,
    /// …extra properties kept}]}</c> replaces the wallet's balances (an amount not sent is "0"); answers the new ones.
    /// </summary>
    public static async Task SetAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var errors = new List<ApiError>();
        if (RequestJson.ReadUuid(body.Root, "walletId", "walletId", out var walletId) is { } walletProblem)
        {
            errors.Add(ApiError.Validation(walletProblem));
        }

        var balances = new List<SandboxBalance>();
        if (!body.Root.TryGetProperty("balances", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(ApiError.Validation("balances must be an array"));
        }
        else
        {
            foreach (var (row, index) in list.EnumerateArray().Select((row, index) => (row, index)))
            {
                if (ReadBalance(row, $"balances[{index}]", errors) is { } balance)
                {
                    balances.Add(balance);
                }
            }
        }

        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        if (!state.Customers.HasWallet(walletId))
        {
            await WalletNotFoundAsync(ctx, walletId);
            return;
        }

        state.Wallets.Set(walletId, balances);
        await WriteBalancesAsync(ctx, balances);
    }

    public static Task WalletNotFoundAsync(HttpContext ctx, Guid walletId) =>
        ApiJson.ErrorAsync(ctx, StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Wallet {walletId} not found");

    private static SandboxBalance? ReadBalance(JsonElement row, string label, List<ApiError> errors)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            errors.Add(ApiError.Validation($"{label} must be an object"));
            return null;
        }

        var count = errors.Count;
        var asset = RequestJson.GetString(row, "asset");
        if (!asset.HasText)
        {
            errors.Add(ApiError.Validation($"{label}.asset is required (a string)"));
        }

        var amounts = new string[BalanceFields.Count];
        for (var i = 0; i < BalanceFields.Count; i++)
        {
            var field = RequestJson.GetString(row, BalanceFields.Names[i]);
            if (field.Kind is FieldKind.Absent)
            {
                amounts[i] = "0";
            }
            else if (field.Kind == FieldKind.String && SandboxAsset.IsAmount(field.Value!))
            {
                amounts[i] = field.Value!;
            }
            else
            {
                errors.Add(ApiError.Validation($"{label}.{BalanceFields.Names[i]} must be a decimal string"));
            }
        }

        return errors.Count > count ? null : new SandboxBalance(asset.Value!, amounts, ExtraProperties.Of(row, BalanceFields.KnownNames));
    }

    private static Task WriteBalancesAsync(HttpContext ctx, IEnumerable<SandboxBalance> balances) =>
        ApiJson.DataArrayAsync(ctx, balances, static (w, balance) => balance.WriteTo(w));
}
