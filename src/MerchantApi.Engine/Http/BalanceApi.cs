using System.Text.Json;

namespace MerchantApi.Http;

/// <summary><c>/v2/balance</c>, over the raw request path.</summary>
internal static class BalanceApi
{
    private const string BalancePath = "v2/balance";

    /// <summary>What the wallet holds, one <see cref="Balance"/> per asset; an unknown wallet fails with <c>WalletNotFound</c>.</summary>
    /// <param name="assets">Null or empty: every asset.</param>
    public static async Task<List<Balance>> GetAsync(MerchantSession session, string walletId, IReadOnlyList<string>? assets,
        CallOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(walletId);
        var body = new BalanceRequest { WalletId = walletId, Assets = assets is { Count: > 0 } ? assets : null };
        var request = ApiRequest.Create(session.BaseUri, HttpMethod.Post, BalancePath, [],
            JsonSerializer.SerializeToNode(body, MerchantJson.Default.BalanceRequest), RequestKind.Read);
        ApiReply reply;
        try
        {
            reply = await RawApi.SendAsync(session, request, options, cancellationToken).ConfigureAwait(false);
        }
        catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.NotFound)
        {
            throw new MerchantApiException("WalletNotFound", MerchantErrorKind.NotFound,
                $"No wallet with id '{walletId}' was found. (HTTP {(int?)ex.StatusCode}: {string.Join("; ", ex.Errors)})", ex.StatusCode, ex.Errors, ex);
        }
        var balances = new List<Balance>();
        foreach (var item in reply.Items)
        {
            var balance = reply.Read(item, MerchantJson.Default.Balance);
            balance.WalletId = walletId;
            balances.Add(balance);
        }
        return balances;
    }
}
