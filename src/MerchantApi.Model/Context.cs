namespace MerchantApi;

/// <summary>
/// What a user may see of a session: where it points, who it is, when its tokens expire. Holds no secret in
/// any property; the live session behind it is internal so that <c>-Context</c> can hand it back to cmdlets.
/// </summary>
public sealed class Context
{
    internal Context(object session, Uri baseUri, string? merchantId, AuthKind authKind, string? account, DateTimeOffset connectedAt)
    {
        Session = session;
        BaseUri = baseUri;
        MerchantId = merchantId;
        AuthKind = authKind;
        Account = account;
        ConnectedAt = connectedAt;
    }

    /// <summary>The engine's session object; opaque here because the engine lives in another load context.</summary>
    internal object Session { get; }

    public Uri BaseUri { get; }
    public string? MerchantId { get; }
    public AuthKind AuthKind { get; }

    /// <summary>The email used to sign in (credential sessions), otherwise null.</summary>
    public string? Account { get; }
    public string? UserId { get; internal init; }
    public string? Role { get; internal init; }
    public string? UserName { get; internal init; }
    public string? InstitutionId { get; internal init; }
    public string? Institution { get; internal init; }

    /// <summary>Local time at which the access token expires (computed from its own lifetime, not the server clock).</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; internal init; }
    public DateTimeOffset? RefreshTokenExpiresAt { get; internal init; }
    public DateTimeOffset ConnectedAt { get; }

    public override string ToString() => $"{BaseUri} ({AuthKind}{(MerchantId is null ? "" : ", merchant " + MerchantId)})";
}
