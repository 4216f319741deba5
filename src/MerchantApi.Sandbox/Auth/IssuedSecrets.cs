using System.Collections.Concurrent;

namespace MerchantApi.Sandbox.Auth;

/// <summary>
/// Every access and refresh token this process has handed out, for tests that grep logs for leaked secrets.
/// Kept across <c>/__sandbox/reset</c> on purpose (a leak check wants all of them); about 1.3 KB per login.
/// </summary>
internal sealed class IssuedSecrets
{
    private readonly ConcurrentQueue<string> _tokens = new();

    public void Add(string token) => _tokens.Enqueue(token);

    public string[] Snapshot() => _tokens.ToArray();
}
