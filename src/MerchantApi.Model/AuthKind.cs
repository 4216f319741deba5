namespace MerchantApi;

/// <summary>How a session authenticates its requests.</summary>
public enum AuthKind
{
    /// <summary>Email and password: short-lived JWT access tokens, renewed with a refresh token.</summary>
    Credential,

    /// <summary>A persistent API key sent in the <c>Api-key</c> header.</summary>
    ApiKey,
}
