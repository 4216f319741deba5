using System.Security;

namespace MerchantApi;

/// <summary>
/// The inputs of a connection, completed from MERCHANTAPI_* environment variables for unattended scripts.
/// Parameters always win over the environment.
/// </summary>
internal sealed class ConnectionSettings
{
    public Uri? BaseUri { get; private init; }
    public string? MerchantId { get; private init; }
    public string? Email { get; private init; }
    public SecureString? Password { get; private init; }
    public SecureString? ApiKey { get; private init; }
    public string? Problem { get; private init; }
    public string ProblemId { get; private init; } = "";

    public static ConnectionSettings Resolve(bool apiKeySet, Uri? baseUri, string? merchantId, string? credentialEmail,
        SecureString? credentialPassword, SecureString? apiKey, Func<string, string?> environment)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;

        var uriText = Env("MERCHANTAPI_BASEURI");
        var resolvedUri = baseUri ?? (uriText is null ? null : Uri.TryCreate(uriText, UriKind.Absolute, out var parsed) ? parsed : null);
        if (resolvedUri is null)
        {
            return Fail("MissingBaseUri", uriText is null
                ? "No base URI was given."
                : $"MERCHANTAPI_BASEURI '{uriText}' is not an absolute URI.");
        }
        var resolvedMerchant = merchantId ?? Env("MERCHANTAPI_MERCHANTID");

        // Which way to sign in: what the parameters say, else a credential from the environment, else an API key.
        var environmentKey = Env("MERCHANTAPI_APIKEY");
        var environmentEmail = Env("MERCHANTAPI_EMAIL");
        var environmentPassword = Env("MERCHANTAPI_PASSWORD");
        var useApiKey = apiKeySet || (credentialEmail is null && (environmentEmail is null || environmentPassword is null) && environmentKey is not null);
        if (useApiKey)
        {
            var key = apiKey ?? Secure(environmentKey);
            return key is null
                ? Fail("MissingCredential", "No API key was given.")
                : new ConnectionSettings { BaseUri = resolvedUri, MerchantId = resolvedMerchant, ApiKey = key };
        }

        var email = credentialEmail ?? environmentEmail;
        var password = credentialPassword ?? Secure(environmentPassword);
        if (email is null || password is null)
            return Fail("MissingCredential", "No credential (email and password) or API key was given.");
        if (resolvedMerchant is null)
            return Fail("MissingMerchantId", "Signing in with a credential needs the merchant id, and none was given.");
        return new ConnectionSettings { BaseUri = resolvedUri, MerchantId = resolvedMerchant, Email = email, Password = password };
    }

    private static ConnectionSettings Fail(string id, string problem) => new() { Problem = problem, ProblemId = id };

    private static SecureString? Secure(string? text)
    {
        if (text is null) return null;
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
