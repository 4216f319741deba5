using MerchantApi.Sandbox.Auth;
using MerchantApi.Sandbox.Customers;
using MerchantApi.Sandbox.Faults;
using MerchantApi.Sandbox.Operations;
using MerchantApi.Sandbox.Rates;
using MerchantApi.Sandbox.Stats;
using MerchantApi.Sandbox.Wallets;
using Microsoft.Extensions.Logging.Abstractions;

namespace MerchantApi.Sandbox;

/// <summary>Everything one sandbox holds in memory. Each part is thread-safe on its own.</summary>
internal sealed class SandboxState
{
    public SandboxState(SandboxOptions options)
    {
        Options = options;
        Clock = new SandboxClock(options.ClockSkewSeconds);
        Keys = new SigningKeyRing();
        Secrets = new IssuedSecrets();
        Sessions = new SessionStore();
        Stats = new SandboxStats();
        Tokens = new TokenService(options, Clock, Keys, Sessions, Secrets, Stats);
        Customers = new CustomerStore();
        Faults = new FaultInjector(options);
        RateLimiter = new RateLimiter();
        Hostile = new HostileRules();
        DataSeed = options.Seed ?? Random.Shared.Next();
        Wallets = new WalletBalances(DataSeed);
        Operations = new OperationStore();
        Rates = new RateTable();
        SandboxSeeder.Seed(this);
    }

    /// <summary>The start-up options (credentials, lifetimes). Fault settings in force are in <see cref="Faults"/>.</summary>
    public SandboxOptions Options { get; }

    public SandboxClock Clock { get; }

    public SigningKeyRing Keys { get; }

    public IssuedSecrets Secrets { get; }

    public SessionStore Sessions { get; }

    public SandboxStats Stats { get; }

    public TokenService Tokens { get; }

    public CustomerStore Customers { get; }

    /// <summary>The seed of the seeded data and of generated balances: <c>--seed</c>, or one picked at start (kept by a reset).</summary>
    public int DataSeed { get; }

    /// <summary>Balances per wallet; which wallets exist, <see cref="Customers"/> knows.</summary>
    public WalletBalances Wallets { get; }

    public OperationStore Operations { get; }

    public RateTable Rates { get; }

    public FaultInjector Faults { get; }

    public HostileRules Hostile { get; }

    /// <summary>The merchants' token buckets; the limit in force is in <see cref="Faults"/>' settings.</summary>
    public RateLimiter RateLimiter { get; }

    /// <summary>Fires when the server stops: ends hanging and streaming hostile answers.</summary>
    public CancellationToken Stopping { get; set; }

    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>
    /// Clears customers, operations, balances set by tests, stats, sessions, hostile rules and a throttle burst, refills
    /// the rate limit's buckets, puts
    /// back the default rates and seeds again: a reset sandbox holds what a fresh one with the same options does (the
    /// seeded times then count back from the reset). Keeps faults, clock skew, key and issued secrets.
    /// </summary>
    public void Reset()
    {
        Customers.Clear();
        Operations.Clear();
        Wallets.Clear();
        Rates.Reset();
        SandboxSeeder.Seed(this);
        Stats.Reset();
        Sessions.Clear();
        Hostile.Clear();
        Faults.EndBurst();
        RateLimiter.Reset();
    }
}
