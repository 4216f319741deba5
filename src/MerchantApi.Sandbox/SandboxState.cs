using MerchantApi.Sandbox.Auth;
using MerchantApi.Sandbox.Customers;
using MerchantApi.Sandbox.Faults;
using MerchantApi.Sandbox.Operations;
using MerchantApi.Sandbox.Rates;
using MerchantApi.Sandbox.Stats;
using MerchantApi.Sandbox.Wallets;
using Microsoft.Extensions.Logging.Abstractions;

namespace MerchantApi.Sandbox;

/// <summary>
/// Everything one sandbox holds in memory. Each part is thread-safe on its own. Customers, operations and wallets are
/// per merchant: the state the sandbox starts with is the first merchant's, <see cref="ForMerchant"/> gives each
/// merchant's (sharing everything else: options, keys, sessions, stats, faults, rates), and an API endpoint is handed
/// only its caller's.
/// </summary>
internal sealed class SandboxState
{
    private readonly SandboxState? _root;
    private readonly Dictionary<string, SandboxState> _merchants;
    private CancellationToken _stopping;
    private ILogger _logger = NullLogger.Instance;

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
        _merchants = new Dictionary<string, SandboxState>(StringComparer.Ordinal) { [options.MerchantId] = this };
        foreach (var other in options.OtherMerchants)
        {
            _merchants[other.MerchantId] = new SandboxState(this, other);
        }

        SandboxSeeder.Seed(this);
    }

    /// <summary>Another merchant's state: its own customers, operations and wallets; the rest is the sandbox's.</summary>
    private SandboxState(SandboxState root, MerchantAccount merchant)
    {
        _root = root;
        _merchants = root._merchants;
        _other = merchant;
        Options = root.Options;
        Clock = root.Clock;
        Keys = root.Keys;
        Secrets = root.Secrets;
        Sessions = root.Sessions;
        Stats = root.Stats;
        Tokens = root.Tokens;
        Faults = root.Faults;
        RateLimiter = root.RateLimiter;
        Hostile = root.Hostile;
        DataSeed = root.DataSeed;
        Rates = root.Rates;
        Customers = new CustomerStore();
        Wallets = new WalletBalances(DataSeed);
        Operations = new OperationStore();
    }

    private readonly MerchantAccount? _other;

    /// <summary>The merchant whose customers, operations and wallets these are. The first merchant's is read from the
    /// options each time, so an in-process test can change its password as an account change elsewhere would.</summary>
    public MerchantAccount Merchant => _other ?? new MerchantAccount(Options.MerchantId, Options.Email, Options.Password, Options.ApiKey);

    /// <summary>The state of the merchant with this id; null when the sandbox has no such merchant.</summary>
    public SandboxState? ForMerchant(string? merchantId) =>
        merchantId is not null && _merchants.TryGetValue(merchantId, out var state) ? state : null;

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
    public CancellationToken Stopping
    {
        get => _root?.Stopping ?? _stopping;
        set => _stopping = value;
    }

    public ILogger Logger
    {
        get => _root?.Logger ?? _logger;
        set => _logger = value;
    }

    /// <summary>
    /// Clears customers, operations, balances set by tests, stats, sessions, hostile rules and a throttle burst, refills
    /// the rate limit's buckets, puts
    /// back the default rates and seeds again (every merchant's data): a reset sandbox holds what a fresh one with the same options does (the
    /// seeded times then count back from the reset). Keeps faults, clock skew, key and issued secrets.
    /// </summary>
    public void Reset()
    {
        foreach (var merchant in _merchants.Values)
        {
            merchant.Customers.Clear();
            merchant.Operations.Clear();
            merchant.Wallets.Clear();
        }

        Rates.Reset();
        SandboxSeeder.Seed(this);
        Stats.Reset();
        Sessions.Clear();
        Hostile.Clear();
        Faults.EndBurst();
        RateLimiter.Reset();
    }
}
