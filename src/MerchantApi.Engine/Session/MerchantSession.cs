using System.Security;
using MerchantApi.Http;

namespace MerchantApi;

/// <summary>
/// One connection to one merchant: base URI, how it authenticates, and (for credential sessions) the tokens.
/// Secrets are held only as read-only SecureStrings and are turned into text only while a request is built.
/// Thread-safe: any number of runspaces and workers share one session.
/// </summary>
internal sealed class MerchantSession
{
    private MerchantSession(Uri baseUri, string? merchantId, AuthKind authKind, string? accountName,
        SecureString? password, SecureString? apiKey, SessionSettings settings)
    {
        BaseUri = baseUri;
        MerchantId = merchantId;
        AuthKind = authKind;
        AccountName = accountName;
        Password = password;
        ApiKey = apiKey;
        Settings = settings;
        ConnectedAt = DateTimeOffset.Now;
        Tokens = authKind == AuthKind.Credential ? new TokenManager(this) : null;
        Throttle = new ThrottleGate();
        Rate = new AdaptiveRate(settings.AdaptiveRate);
    }

    public Uri BaseUri { get; }
    public string? MerchantId { get; }
    public AuthKind AuthKind { get; }
    public string? AccountName { get; }
    public DateTimeOffset ConnectedAt { get; }
    public SessionSettings Settings { get; }

    internal SecureString? Password { get; }
    internal SecureString? ApiKey { get; }
    internal TokenManager? Tokens { get; }

    /// <summary>Shared by every request of the session: one 429 pauses all workers.</summary>
    internal ThrottleGate Throttle { get; }

    /// <summary>The session's pace, learnt from the server's 429s: every request of the session keeps to it.</summary>
    internal AdaptiveRate Rate { get; }

    /// <summary>A snapshot for users: no secrets.</summary>
    public Context ToContext()
    {
        var tokens = Tokens?.Current;
        return new Context(this, BaseUri, MerchantId, AuthKind, AccountName, ConnectedAt)
        {
            UserId = tokens?.Claims.UserId,
            Role = tokens?.Claims.Role,
            UserName = tokens?.Claims.UserName,
            InstitutionId = tokens?.Claims.InstitutionId,
            Institution = tokens?.Claims.InstitutionTitle,
            AccessTokenExpiresAt = tokens?.AccessExpiresAt,
            RefreshTokenExpiresAt = tokens?.RefreshExpiresAt,
        };
    }

    /// <summary>The session behind a context a user passed back with -Context.</summary>
    public static MerchantSession FromContext(Context context) => (MerchantSession)context.Session;

    /// <summary>Signs in with email and password; returns the session only if the login succeeded.</summary>
    public static async Task<MerchantSession> ConnectWithCredentialAsync(Uri baseUri, string merchantId, string email,
        SecureString password, SessionSettings settings, CallOptions options, CancellationToken cancellationToken)
    {
        RequireSafeTransport(baseUri, settings);
        var session = new MerchantSession(Normalize(baseUri), merchantId, AuthKind.Credential, email,
            ReadOnlyCopy(password), null, settings);
        options.Log.Verbose($"Signing in to {session.BaseUri.Authority} as {email}...");
        await session.Tokens!.LoginAsync(options, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>Checks the key with one cheap authenticated call; returns the session only if the key works.</summary>
    public static async Task<MerchantSession> ConnectWithApiKeyAsync(Uri baseUri, SecureString apiKey, string? merchantId,
        SessionSettings settings, CallOptions options, CancellationToken cancellationToken)
    {
        RequireSafeTransport(baseUri, settings);
        var session = new MerchantSession(Normalize(baseUri), merchantId, AuthKind.ApiKey, null, null,
            ReadOnlyCopy(apiKey), settings);
        options.Log.Verbose($"Checking the API key with {session.BaseUri.Authority} (a search for one customer)...");
        await CustomerApi.ProbeAsync(session, options, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>Renews the access token now (Update-MerchantToken).</summary>
    public Task RefreshNowAsync(CallOptions options, CancellationToken cancellationToken) =>
        Tokens is null
            ? throw new InvalidOperationException("An API-key session has no token to refresh.")
            : Tokens.RenewAsync(Tokens.Current, options, cancellationToken);

    /// <summary>Secrets must never cross plain HTTP to another machine; loopback is fine (the sandbox).</summary>
    private static void RequireSafeTransport(Uri baseUri, SessionSettings settings)
    {
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new MerchantApiException("InvalidBaseUri", MerchantErrorKind.InvalidArgument,
                $"Base URI '{baseUri}' must be an absolute http:// or https:// address.");
        }
        if (baseUri.Scheme == Uri.UriSchemeHttp && !baseUri.IsLoopback && !settings.AllowInsecureTransport)
        {
            throw new MerchantApiException("InsecureTransport", MerchantErrorKind.PermissionDenied,
                $"Refusing to send credentials over plain http:// to '{baseUri.Host}'. Use https://, or a loopback address for the sandbox.");
        }
    }

    private static Uri Normalize(Uri baseUri) =>
        baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");

    private static SecureString ReadOnlyCopy(SecureString value)
    {
        var copy = value.Copy();
        copy.MakeReadOnly();
        return copy;
    }
}

/// <summary>Per-session knobs chosen at connect time.</summary>
internal sealed class SessionSettings
{
    /// <summary>Renew the access token when it is this close to expiry (capped at a quarter of its lifetime).</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>When the refresh token has expired, sign in again with the kept credential.</summary>
    public bool ReloginWithCredential { get; init; } = true;

    /// <summary>Learn a pace from the server's 429s (<see cref="AdaptiveRate"/>); off, every 429 pauses the session for its Retry-After.</summary>
    public bool AdaptiveRate { get; init; } = true;

    /// <summary>Whose certificates the session trusts and which proxy it goes through.</summary>
    public Http.TransportSettings Transport { get; init; } = Http.TransportSettings.Default;

    /// <summary>Only for tests of the transport rule itself; never exposed as a cmdlet parameter.</summary>
    internal bool AllowInsecureTransport { get; init; }
}
