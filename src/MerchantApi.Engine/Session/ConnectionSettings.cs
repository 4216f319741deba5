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

    /// <summary>What the problem is about, for the error's TargetObject: the value refused, else the base URI.</summary>
    public object? ProblemTarget { get; private init; }

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
                : $"MERCHANTAPI_BASEURI '{uriText}' is not an absolute URI.", uriText);
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
            if (key is null)
                return Fail("MissingCredential", "No API key was given.", resolvedUri);

            // With a key the merchant id is never sent (only shown in the context), so no server would catch a wrong
            // one. The value is not repeated in the message: it may be a secret pasted into the wrong place.
            if (resolvedMerchant is not null && !Guid.TryParse(resolvedMerchant, out _))
            {
                return Fail("InvalidMerchantId", $"{(merchantId is null ? "MERCHANTAPI_MERCHANTID" : "-MerchantId")} is not a merchant id: " +
                    "merchant ids are GUIDs, like b34555b7-dca4-5ec1-ade3-64a3ad545310.", resolvedMerchant);
            }
            return new ConnectionSettings { BaseUri = resolvedUri, MerchantId = resolvedMerchant, ApiKey = key };
        }

        var email = credentialEmail ?? environmentEmail;
        var password = credentialPassword ?? Secure(environmentPassword);
        if (email is null || password is null)
            return Fail("MissingCredential", "No credential (email and password) or API key was given.", resolvedUri);
        if (resolvedMerchant is null)
            return Fail("MissingMerchantId", "Signing in with a credential needs the merchant id, and none was given.", resolvedUri);
        return new ConnectionSettings { BaseUri = resolvedUri, MerchantId = resolvedMerchant, Email = email, Password = password };
    }

    private static ConnectionSettings Fail(string id, string problem, object? target) => new() { Problem = problem, ProblemId = id, ProblemTarget = target };

    private static SecureString? Secure(string? text)
    {
        if (text is null) return null;
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
