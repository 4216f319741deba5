using System.Collections.Concurrent;
using MerchantApi.Sandbox.Http;
using MerchantApi.Sandbox.Rates;

namespace MerchantApi.Sandbox.Wallets;

/// <summary>
/// The balances of every wallet. A wallet nobody has set balances for has generated ones, a pure function of the
/// sandbox's data seed and the wallet's id: seeded wallets and wallets of customers created later alike, unchanged by
/// a reset, equal in two sandboxes with the same seed. <c>POST /__sandbox/balances</c> replaces a wallet's.
/// Which wallets exist is the customers' business (<see cref="Customers.CustomerStore.HasWallet"/>).
/// </summary>
internal sealed class WalletBalances(int dataSeed)
{
    /// <summary>How many of <see cref="SandboxAsset.All"/> a generated wallet holds.</summary>
    private const int GeneratedAssets = 3;

    private readonly ConcurrentDictionary<Guid, IReadOnlyList<SandboxBalance>> _set = new();

    public IReadOnlyList<SandboxBalance> Of(Guid walletId) => _set.TryGetValue(walletId, out var set) ? set : Generate(walletId);

    public void Set(Guid walletId, IReadOnlyList<SandboxBalance> balances) => _set[walletId] = balances;

    public void Clear() => _set.Clear();

    private IReadOnlyList<SandboxBalance> Generate(Guid walletId)
    {
        var random = new Random(SeedFor(walletId));
        return SandboxAsset.All
            .Select((asset, index) => (asset, index, pick: random.Next()))
            .OrderBy(p => p.pick)
            .Take(GeneratedAssets)
            .OrderBy(p => p.index)
            .Select(p => Generate(random, p.asset))
            .ToArray();
    }

    private static SandboxBalance Generate(Random random, SandboxAsset asset)
    {
        var amounts = new string[BalanceFields.Count];
        amounts[BalanceFields.Balance] = asset.Format(asset.RandomAmount(random, 10m, 25_000m));
        // Most wallets have nothing in processing, blocked or earned by referrals; some do, so a client sees both.
        amounts[BalanceFields.HoldBalance] = asset.Format(random.Next(3) == 0 ? asset.RandomAmount(random, 1m, 500m) : 0m);
        amounts[BalanceFields.LockBalance] = asset.Format(random.Next(5) == 0 ? asset.RandomAmount(random, 1m, 200m) : 0m);
        amounts[BalanceFields.ReferralBalance] = asset.Format(random.Next(4) == 0 ? asset.RandomAmount(random, 1m, 50m) : 0m);
        return new SandboxBalance(asset.Name, amounts, ExtraProperties.None);
    }

    /// <summary>The seed and the wallet's bytes folded into one int (string hash codes differ per process, so not those).</summary>
    private int SeedFor(Guid walletId)
    {
        Span<byte> bytes = stackalloc byte[16];
        walletId.TryWriteBytes(bytes);
        var seed = dataSeed;
        for (var i = 0; i < bytes.Length; i += sizeof(int))
        {
            seed = unchecked(seed * 31 + BitConverter.ToInt32(bytes[i..]));
        }

        return seed;
    }
}
