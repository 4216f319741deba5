using System.Collections.Concurrent;

namespace MerchantApi.Sandbox.Auth;

/// <summary>A login session: when it began (Unix ms), when it ends for good (Unix s = begin + refresh lifetime), whose it is.</summary>
internal sealed record Session(long CreatedAtMs, long ExpiresAt, string MerchantId = SandboxOptions.DefaultMerchantId);

/// <summary>
/// The live refresh tokens, keyed by the fingerprint each token pair carries. A refresh token is valid only while
/// its fingerprint is here; using it removes it (atomically, so of two concurrent refreshes with one token exactly
/// one wins).
/// </summary>
internal sealed class SessionStore
{
    private ConcurrentDictionary<string, Session> _byFingerprint = new(StringComparer.Ordinal);

    public int Count => _byFingerprint.Count;

    public void Add(string fingerprint, Session session) => _byFingerprint[fingerprint] = session;

    public bool TryConsume(string fingerprint, out Session session) => _byFingerprint.TryRemove(fingerprint, out session!);

    public void Clear() => _byFingerprint = new ConcurrentDictionary<string, Session>(StringComparer.Ordinal);
}
