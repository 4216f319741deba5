using System.Globalization;
using MerchantApi.Sandbox.Customers;
using MerchantApi.Sandbox.Http;
using MerchantApi.Sandbox.Operations;
using MerchantApi.Sandbox.Rates;

namespace MerchantApi.Sandbox;

/// <summary>
/// Seeds <c>--customers</c> customers (each with its wallet) and <c>--operations</c> operations spread over their
/// wallets, at start and on every reset. Everything but the times comes from one <see cref="Random"/> seeded with
/// <see cref="SandboxState.DataSeed"/> (not the fault RNG, whose sequence seeding must not shift), so two sandboxes with
/// the same <c>--seed</c> hold the same data; the times are offsets back from the moment of seeding by the sandbox clock.
/// </summary>
internal static class SandboxSeeder
{
    private static readonly TimeSpan OperationSpan = TimeSpan.FromDays(30);

    private static readonly string[] FirstNames = ["Alex", "Maria", "Taras", "Olena", "Luca", "Sofia", "Pierre", "Ines"];
    private static readonly string[] LastNames = ["Smith", "Kovalenko", "Rossi", "Garcia", "Martin", "Shevchenko", "Dubois"];
    private static readonly string[] SeededCountries = ["UA", "FR", "IT", "ES", "DE", "PL"];

    private static readonly OperationType[] Types = Enum.GetValues<OperationType>();
    private static readonly OperationStatus[] Statuses = Enum.GetValues<OperationStatus>();

    public static void Seed(SandboxState state)
    {
        var options = state.Options;
        var random = new Random(state.DataSeed);
        var now = ApiJson.TruncateToMilliseconds(state.Clock.UtcNow);
        var customers = new (string?[] Values, DateTimeOffset CreatedAt, Guid Id, Guid WalletId)[options.Customers];
        for (var i = 0; i < customers.Length; i++)
        {
            // Customers are older than every operation, so each wallet exists before its first operation.
            var createdAt = now - OperationSpan - TimeSpan.FromMilliseconds(random.NextInt64((long)OperationSpan.TotalMilliseconds));
            customers[i] = (CustomerValues(random, i), createdAt, NextGuid(random), NextGuid(random));
        }

        // Created oldest first, so that each is appended to the store's order rather than inserted into its middle.
        foreach (var (values, createdAt, id, walletId) in customers.OrderBy(c => c.CreatedAt))
        {
            state.Customers.Create(values, createdAt, id, walletId);
        }

        var wallets = customers.Select(c => c.WalletId).ToArray();

        var operations = new SandboxOperation[wallets.Length == 0 ? 0 : options.Operations];
        for (var i = 0; i < operations.Length; i++)
        {
            operations[i] = Operation(random, i, wallets[random.Next(wallets.Length)], now);
        }

        state.Operations.Add(operations);
    }

    private static string?[] CustomerValues(Random random, int index)
    {
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var values = new string?[CustomerFields.Count];
        // The index makes the email unique.
        values[CustomerFields.Email] = $"{first}.{last}.{index + 1}@seed.sandbox.test".ToLowerInvariant();
        values[CustomerFields.PhoneNumber] = "+38099" + random.Next(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);
        values[CustomerFields.FirstName] = first;
        values[CustomerFields.LastName] = last;
        values[CustomerFields.ExternalId] = $"seed-customer-{index + 1}";
        values[CustomerFields.Country] = SeededCountries[random.Next(SeededCountries.Length)];
        values[CustomerFields.VerificationDocumentId] = "FV" + random.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
        values[CustomerFields.ResidenceAddress] = $"{random.Next(1, 200).ToString(CultureInfo.InvariantCulture)} Seed Street, Kyiv";
        return values;
    }

    /// <summary>
    /// Operation <paramref name="index"/>: type and status cycle (7 and 5 are coprime, so 35 operations hold every
    /// pair and 7 every type and status); an exchange converts at the default rates, anything else keeps its asset.
    /// </summary>
    private static SandboxOperation Operation(Random random, int index, Guid walletId, DateTimeOffset now)
    {
        var type = Types[index % Types.Length];
        var status = Statuses[index % Statuses.Length];
        var assets = SandboxAsset.All;
        var sourceIndex = random.Next(assets.Count);
        var source = assets[sourceIndex];
        var target = source;
        if (type is OperationType.DepositWithExchange or OperationType.WithdrawWithExchange or OperationType.CryptoExchange or OperationType.BuyToSendCrypto)
        {
            target = assets[(sourceIndex + 1 + random.Next(assets.Count - 1)) % assets.Count];
        }

        var sourceAmount = source.RandomAmount(random, 5m, 5_000m);
        var fee = sourceAmount * 0.005m;
        var values = new string?[OperationFields.Count];
        values[OperationFields.SourceAsset] = source.Name;
        values[OperationFields.TargetAsset] = target.Name;
        values[OperationFields.SourceAmount] = source.Format(sourceAmount);
        values[OperationFields.TargetAmount] = target.Format((sourceAmount - fee) * source.UsdPrice / target.UsdPrice);
        values[OperationFields.Fee] = source.Format(fee);
        values[OperationFields.ExternalId] = $"seed-operation-{index + 1}";
        var createdAt = now - TimeSpan.FromMilliseconds(random.NextInt64((long)OperationSpan.TotalMilliseconds));
        // A finished or held operation was last changed after it was created (within an hour, never after now).
        var updatedAt = status == OperationStatus.Created
            ? createdAt
            : Min(createdAt + TimeSpan.FromMilliseconds(random.Next(1, 3_600_000)), now);
        return new SandboxOperation(NextGuid(random).ToString(), walletId, type, status, values, createdAt, updatedAt, ExtraProperties.None);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>A version-4 uuid from <paramref name="random"/>'s bytes (Guid.NewGuid cannot be seeded).</summary>
    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
