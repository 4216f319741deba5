using MerchantApi.Sandbox.Auth;
using MerchantApi.Sandbox.Customers;
using MerchantApi.Sandbox.Faults;
using MerchantApi.Sandbox.Stats;
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
        Hostile = new HostileRules();
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

    public FaultInjector Faults { get; }

    public HostileRules Hostile { get; }

    /// <summary>Fires when the server stops: ends hanging and streaming hostile answers.</summary>
    public CancellationToken Stopping { get; set; }

    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Clears customers, stats, sessions, hostile rules and a throttle burst. Keeps faults, clock skew, key and issued secrets.</summary>
    public void Reset()
    {
        Customers.Clear();
        Stats.Reset();
        Sessions.Clear();
        Hostile.Clear();
        Faults.EndBurst();
    }
}
