using System.Globalization;

namespace MerchantApi.Sandbox;

/// <summary>How a <c>Retry-After</c> header is written on a 429.</summary>
public enum RetryAfterFormat
{
    /// <summary><c>Retry-After: 1</c> (delta-seconds).</summary>
    Seconds,

    /// <summary><c>Retry-After: Tue, 09 Feb 2024 19:23:18 GMT</c> (HTTP-date, RFC 1123, by the server's clock).</summary>
    Date,
}

/// <summary>A merchant the sandbox knows: its id and its owner's login and API key (test credentials).</summary>
public sealed record MerchantAccount(string MerchantId, string Email, string Password, string ApiKey);

/// <summary>
/// Everything the sandbox can be configured with. Each property has a command-line option (see <see cref="Usage"/>);
/// the fault settings can also be changed at run time with <c>POST /__sandbox/faults</c>.
/// </summary>
public sealed class SandboxOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const string DefaultMerchantId = "b34555b7-dca4-5ec1-ade3-64a3ad545310";
    public const string DefaultEmail = "owner@sandbox.test";
    public const string DefaultPassword = "Sandbox-Passw0rd!";
    public const string DefaultApiKey = "sk_sandbox_4f1c2a9e7b3d48e6a0c5f9d21b7e8a63";
    public const string ReadyFileEnvironmentVariable = "SANDBOX_READY_FILE";

    /// <summary>Kestrel URL(s); <c>http://127.0.0.1:0</c> picks a free port. The first bound address is reported.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>
    /// Serve TLS with a certificate made at start (<see cref="ListenUrls"/> turns http:// into https://). An https://
    /// URL in <see cref="Urls"/> needs that certificate too, so it turns this on by itself.
    /// </summary>
    public bool Https { get; set; }

    /// <summary>
    /// If set, a JSON file with url, processId and the seeded credentials (and under HTTPS certificatePath) is written
    /// (atomically) once listening.
    /// </summary>
    public string? ReadyFile { get; set; }

    /// <summary>Print only the <c>SANDBOX_LISTENING</c> line once listening, not the banner with the credentials.</summary>
    public bool Quiet { get; set; }

    public string MerchantId { get; set; } = DefaultMerchantId;
    public string Email { get; set; } = DefaultEmail;
    public string Password { get; set; } = DefaultPassword;
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>
    /// Merchants besides the first (<see cref="MerchantId"/>, <see cref="Email"/>, <see cref="Password"/>, <see cref="ApiKey"/>):
    /// <c>--merchant id:email:password:apikey</c>. Each has its own customers, operations and wallets, and its tokens and
    /// API key reach only those.
    /// </summary>
    public List<MerchantAccount> OtherMerchants { get; set; } = [];

    /// <summary>Every merchant: the first, then <see cref="OtherMerchants"/>.</summary>
    public IEnumerable<MerchantAccount> Merchants => [new MerchantAccount(MerchantId, Email, Password, ApiKey), .. OtherMerchants];

    /// <summary>Access-token lifetime. JWT times are whole seconds, so a fraction is rounded up.</summary>
    public double AccessTokenLifetimeSeconds { get; set; } = 1800;

    /// <summary>Refresh-token (= session) lifetime. Rounded up to whole seconds like the access lifetime.</summary>
    public double RefreshTokenLifetimeSeconds { get; set; } = 172800;

    /// <summary>Delay added to every /v2 request.</summary>
    public double LatencyMs { get; set; }

    /// <summary>Share of /v2 requests answered 500 INTERNAL_ERROR without doing the work.</summary>
    public double FailureRate { get; set; }

    /// <summary>Share of /v2 requests that start a 429 burst.</summary>
    public double ThrottleRate { get; set; }

    /// <summary>Length of a 429 burst; 0 = only the request that started it.</summary>
    public double ThrottleBurstMs { get; set; }

    /// <summary>Requests a second each merchant may make to the API (a token bucket per merchant); 0 = no limit.</summary>
    public double RateLimitPerSecond { get; set; }

    /// <summary>Capacity of each merchant's bucket: requests that may come at once; null = <see cref="DefaultRateBurst"/>.</summary>
    public int? RateBurst { get; set; }

    /// <summary>Value of the Retry-After header, in seconds (rounded up to a whole second).</summary>
    public double RetryAfterSeconds { get; set; } = 1;

    public RetryAfterFormat RetryAfterFormat { get; set; } = RetryAfterFormat.Seconds;

    /// <summary>Share of committed writes (create, update) whose connection is then aborted without a response.</summary>
    public double DropAfterCommitRate { get; set; }

    /// <summary>Shift of the server's clock (iat, exp, expiresIn, createdAt, expiry checks, Date, Retry-After dates).</summary>
    public double ClockSkewSeconds { get; set; }

    /// <summary>Seed of the fault RNG and (through a separate RNG) of the seeded data and generated balances; null = random.</summary>
    public int? Seed { get; set; }

    /// <summary>Customers (each with a wallet) seeded at start and on reset.</summary>
    public int Customers { get; set; }

    /// <summary>Operations seeded at start and on reset, spread over the seeded customers' wallets (so it needs <see cref="Customers"/> &gt; 0).</summary>
    public int Operations { get; set; }

    /// <summary>The most of <see cref="Customers"/> or <see cref="Operations"/> that can be seeded.</summary>
    public const int MaxSeeded = 100_000;

    /// <summary>The most of <see cref="RateLimitPerSecond"/> and <see cref="RateBurst"/>.</summary>
    public const int MaxRate = 1_000_000;

    /// <summary>The least <see cref="RateLimitPerSecond"/> but 0: a request in 1000 s keeps Retry-After a sane number.</summary>
    public const double MinRate = 0.001;

    /// <summary>A rate limit is 0 (none) or from <see cref="MinRate"/> to <see cref="MaxRate"/>.</summary>
    internal static bool IsValidRateLimit(double ratePerSecond) => ratePerSecond == 0 || ratePerSecond is >= MinRate and <= MaxRate;

    internal const string RateLimitRange = "must be 0 (no limit) or from 0.001 to 1000000 requests a second";

    internal static bool IsValidRateBurst(long burst) => burst is >= 1 and <= MaxRate;

    internal const string RateBurstRange = "must be a whole number from 1 to 1000000";

    /// <summary>A burst of one second's worth of requests (at least one, so a slow limit still lets requests through).</summary>
    public static int DefaultRateBurst(double ratePerSecond) => Math.Max(1, (int)Math.Ceiling(ratePerSecond));

    /// <summary>Whether the sandbox serves TLS: <c>--https</c>, or an https:// URL in <see cref="Urls"/>.</summary>
    public bool UsesHttps => Https || Urls.Contains("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>What Kestrel listens on: <see cref="Urls"/>, every http:// one made https:// under <see cref="Https"/>.</summary>
    public string ListenUrls =>
        Https
            ? string.Join(';', Urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "https://" + u["http://".Length..] : u))
            : Urls;

    public SandboxOptions Clone()
    {
        var clone = (SandboxOptions)MemberwiseClone();
        clone.OtherMerchants = [.. OtherMerchants];
        return clone;
    }

    public static string Usage { get; } =
        """
        MerchantApi.Sandbox - an in-memory imitation of the Merchant API, with fault injection for tests.

        Usage: dotnet MerchantApi.Sandbox.dll [options]
               merchant-sandbox [options]            (installed as a .NET tool: dotnet tool install -g MerchantApi.Sandbox)

        Options (value options take "--name value" or "--name=value"):
          --help, -h                        Print this help and exit 0.
          --urls <url>                      Listen address (default http://127.0.0.1:5080; port 0 = a free port).
                                            Once listening, prints a line "SANDBOX_LISTENING <url>" to stdout, then
                                            a banner: the credentials and a Connect-MerchantApi line to paste.
          --quiet                           Print only the SANDBOX_LISTENING line, not the banner.
          --ready-file <path>               Then also write {"url","processId","merchantId","email","password","apiKey"}
                                            (and "certificatePath" under --https) to this file (atomically).
                                            Env SANDBOX_READY_FILE does the same.
          --https                           Serve HTTPS (http:// URLs become https://) with a certificate for
                                            127.0.0.1, ::1 and localhost made at start, signed by a private CA made
                                            with it. The CA's certificate (PEM), which a client must trust, is written
                                            next to the ready file (<ready-file name>.ca.pem) or to a temporary folder
                                            removed at exit; its path is the ready file's "certificatePath".
          --merchant-id <id>                The seeded merchant (default b34555b7-dca4-5ec1-ade3-64a3ad545310).
          --email <email>                   The owner's login (default owner@sandbox.test).
          --password <password>             The owner's password (default Sandbox-Passw0rd!).
          --api-key <key>                   The merchant's API key (default sk_sandbox_4f1c2a9e7b3d48e6a0c5f9d21b7e8a63).
          --merchant <id>:<email>:<password>:<apikey>
                                            Another merchant (repeatable; the options above are the first). Each
                                            merchant has its own customers, operations and wallets: its tokens and API
                                            key reach only those, another merchant's ids answer 404. Seeded data and
                                            the test-support endpoints are the first merchant's.
          --access-token-lifetime <s>       Access-token lifetime in seconds (default 1800; decimals rounded up).
          --refresh-token-lifetime <s>      Refresh-token/session lifetime in seconds (default 172800).
          --latency <ms>                    Delay added to every /v2 request (default 0).
          --failure-rate <0..1>             Share of /v2 requests answered 500 INTERNAL_ERROR without doing the work.
          --throttle-rate <0..1>            Share of /v2 requests that start a 429 TOO_MANY_REQUESTS burst.
          --throttle-burst <ms>             Length of a 429 burst (default 0 = just that request).
          --retry-after <s>                 Retry-After value on a throttled 429 (default 1).
          --retry-after-format <f>          seconds | date (HTTP-date, RFC 1123) (default seconds).
          --rate-limit <per second>         Enforce a rate limit per merchant (default 0 = none): a token bucket refilled
                                            continuously at this rate. A request finding it empty gets 429
                                            TOO_MANY_REQUESTS at once, without the work, and a Retry-After of the
                                            seconds until a token is back, rounded up (at least 1; in the
                                            --retry-after-format). Login and refresh count for their merchant_id.
          --rate-burst <n>                  The bucket's capacity: requests that may come at once (default the rate
                                            rounded up, at least 1).
          --drop-after-commit-rate <0..1>   Share of creates/updates that are committed, then the connection is aborted.
          --clock-skew <s>                  Shift the server's clock by this many seconds (may be negative).
          --seed <int>                      Seed of the fault RNG and of the seeded data, for reproducible runs
                                            (default random).
          --customers <n>                   Seed n customers, each with a wallet (default 0; at most 100000).
          --operations <n>                  Seed n operations over the seeded wallets (default 0; needs --customers).
                                            Seeded data is made again on POST /__sandbox/reset.

        Faults, the rate limit and latency apply to /v2/* only, never to /__sandbox/*. Stop with SIGTERM or POST /__sandbox/shutdown.
        Test-support endpoints (POST, no auth): /__sandbox/stats, reset, issued-secrets, rotate-key, faults,
        provider-status, hostile, balances, rates, operations, shutdown. They answer only requests from this machine
        (a loopback address): from any other address they answer 404.

        """;

    /// <summary>Parses a command line. Never throws for bad input: the result says what was wrong.</summary>
    public static SandboxOptionsParseResult Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var options = new SandboxOptions { ReadyFile = NullIfEmpty(environment?.Invoke(ReadyFileEnvironmentVariable)) };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?" or "/?")
            {
                return new SandboxOptionsParseResult(options, ShowHelp: true, Error: null);
            }

            var name = arg;
            string? value = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }

            if (Switches.TryGetValue(arg, out var turnOn))
            {
                turnOn(options);
                continue;
            }

            if (Switches.ContainsKey(name))
            {
                return Fail(options, $"option '{name}' takes no value: '{arg}'");
            }

            if (!Setters.TryGetValue(name, out var setter))
            {
                return Fail(options, $"unknown option '{arg}'");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    return Fail(options, $"option '{name}' needs a value");
                }

                value = args[++i];
            }

            var error = setter(options, value);
            if (error is not null)
            {
                return Fail(options, $"option '{name}': {error}");
            }
        }

        return options.Inconsistency() is { } inconsistency
            ? Fail(options, inconsistency)
            : new SandboxOptionsParseResult(options, ShowHelp: false, Error: null);
    }

    /// <summary>What is wrong with the options taken together (each one alone being valid); null when nothing is.</summary>
    internal string? Inconsistency()
    {
        if (Operations > 0 && Customers == 0)
        {
            return "option '--operations' needs --customers: operations are seeded over the seeded customers' wallets";
        }

        var merchants = Merchants.ToList();
        if (merchants.Select(m => m.MerchantId).Distinct(StringComparer.Ordinal).Count() != merchants.Count)
        {
            return "option '--merchant': two merchants have the same id";
        }

        return merchants.Select(m => m.ApiKey).Distinct(StringComparer.Ordinal).Count() != merchants.Count
            ? "option '--merchant': two merchants have the same API key"
            : null;
    }

    private static SandboxOptionsParseResult Fail(SandboxOptions options, string error) => new(options, false, error);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>Options without a value.</summary>
    private static readonly Dictionary<string, Action<SandboxOptions>> Switches = new(StringComparer.Ordinal)
    {
        ["--https"] = o => o.Https = true,
        ["--quiet"] = o => o.Quiet = true,
    };

    private static readonly Dictionary<string, Func<SandboxOptions, string, string?>> Setters = new(StringComparer.Ordinal)
    {
        ["--urls"] = (o, v) => NonEmpty(v, x => o.Urls = x),
        ["--ready-file"] = (o, v) => NonEmpty(v, x => o.ReadyFile = x),
        ["--merchant-id"] = (o, v) => NonEmpty(v, x => o.MerchantId = x),
        ["--email"] = (o, v) => NonEmpty(v, x => o.Email = x),
        ["--password"] = (o, v) => NonEmpty(v, x => o.Password = x),
        ["--api-key"] = (o, v) => NonEmpty(v, x => o.ApiKey = x),
        ["--merchant"] = (o, v) => ParseMerchant(v) is { } m ? Set(() => o.OtherMerchants.Add(m)) : "must be <id>:<email>:<password>:<apikey>, none empty",
        ["--access-token-lifetime"] = (o, v) => Number(v, 0.001, 1e9, x => o.AccessTokenLifetimeSeconds = x),
        ["--refresh-token-lifetime"] = (o, v) => Number(v, 0.001, 1e9, x => o.RefreshTokenLifetimeSeconds = x),
        ["--latency"] = (o, v) => Number(v, 0, 600_000, x => o.LatencyMs = x),
        ["--failure-rate"] = (o, v) => Number(v, 0, 1, x => o.FailureRate = x),
        ["--throttle-rate"] = (o, v) => Number(v, 0, 1, x => o.ThrottleRate = x),
        ["--throttle-burst"] = (o, v) => Number(v, 0, 3_600_000, x => o.ThrottleBurstMs = x),
        ["--retry-after"] = (o, v) => Number(v, 0, 86_400, x => o.RetryAfterSeconds = x),
        ["--retry-after-format"] = (o, v) => ParseRetryAfterFormat(v, out var f) ? Set(() => o.RetryAfterFormat = f) : "must be 'seconds' or 'date'",
        ["--rate-limit"] = (o, v) => Number(v, 0, MaxRate, x => o.RateLimitPerSecond = x) ?? (IsValidRateLimit(o.RateLimitPerSecond) ? null : RateLimitRange),
        ["--rate-burst"] = (o, v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && IsValidRateBurst(n)
            ? Set(() => o.RateBurst = n)
            : RateBurstRange,
        ["--drop-after-commit-rate"] = (o, v) => Number(v, 0, 1, x => o.DropAfterCommitRate = x),
        ["--clock-skew"] = (o, v) => Number(v, -1e9, 1e9, x => o.ClockSkewSeconds = x),
        ["--seed"] = (o, v) => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? Set(() => o.Seed = s) : "must be an integer",
        ["--customers"] = (o, v) => Count(v, x => o.Customers = x),
        ["--operations"] = (o, v) => Count(v, x => o.Operations = x),
    };

    /// <summary><c>id:email:password:apikey</c>; the password may hold colons (the id, email and key do not).</summary>
    internal static MerchantAccount? ParseMerchant(string value)
    {
        var first = value.IndexOf(':');
        var second = first < 0 ? -1 : value.IndexOf(':', first + 1);
        var last = value.LastIndexOf(':');
        if (first <= 0 || second <= first + 1 || last <= second + 1 || last == value.Length - 1)
        {
            return null;
        }

        var account = new MerchantAccount(value[..first], value[(first + 1)..second], value[(second + 1)..last], value[(last + 1)..]);
        return new[] { account.MerchantId, account.Email, account.Password, account.ApiKey }.Any(string.IsNullOrWhiteSpace) ? null : account;
    }

    internal static bool ParseRetryAfterFormat(string value, out RetryAfterFormat format)
    {
        switch (value.ToLowerInvariant())
        {
            case "seconds":
                format = RetryAfterFormat.Seconds;
                return true;
            case "date":
                format = RetryAfterFormat.Date;
                return true;
            default:
                format = default;
                return false;
        }
    }

    private static string? Set(Action set)
    {
        set();
        return null;
    }

    private static string? NonEmpty(string value, Action<string> set)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "must not be empty";
        }

        set(value);
        return null;
    }

    private static string? Count(string value, Action<int> set)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxSeeded)
        {
            return $"must be a whole number from 0 to {MaxSeeded.ToString(CultureInfo.InvariantCulture)}";
        }

        set(n);
        return null;
    }

    private static string? Number(string value, double min, double max, Action<double> set)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
        {
            return $"'{value}' is not a number";
        }

        if (x < min || x > max)
        {
            return $"{x.ToString(CultureInfo.InvariantCulture)} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]";
        }

        set(x);
        return null;
    }
}

/// <summary>The outcome of <see cref="SandboxOptions.Parse"/>: options, or a request for help, or an error message.</summary>
public sealed record SandboxOptionsParseResult(SandboxOptions Options, bool ShowHelp, string? Error);
