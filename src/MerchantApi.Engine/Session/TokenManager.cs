using System.Diagnostics;
using MerchantApi.Http;

namespace MerchantApi;

/// <summary>
/// Keeps a credential session's access token valid. Proactive: renews when the token is within the margin of
/// expiry. Reactive: renews once when the server rejects the token. Single-flight: however many callers see
/// an expiring token at once, one renewal happens and everyone gets its result. Expiry is measured from the
/// token's own lifetime (exp − iat) on our monotonic clock, so a wrong wall clock does not matter.
/// </summary>
internal sealed class TokenManager
{
    private readonly MerchantSession _session;
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private volatile TokenSnapshot? _current;

    // Set when signing in again with the kept credential was refused (password changed, user removed): every
    // later request fails at once instead of trying the login again, which could lock the account.
    private volatile MerchantApiException? _reloginRejected;

    public TokenManager(MerchantSession session) => _session = session;

    public TokenSnapshot? Current => _current;

    public async Task LoginAsync(CallOptions options, CancellationToken cancellationToken)
    {
        await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _current = await AuthApi.LoginAsync(_session, options, cancellationToken).ConfigureAwait(false);
            _reloginRejected = null;
        }
        finally
        {
            _renewal.Release();
        }
    }

    /// <summary>A token that is good for the next request, renewing first if it is about to expire.</summary>
    public ValueTask<string> GetAccessTokenAsync(CallOptions options, CancellationToken cancellationToken)
    {
        if (_reloginRejected is { } rejected)
            return ValueTask.FromException<string>(rejected); // the session is over until the user signs in again
        var current = _current;
        if (current is not null && !current.AccessNeedsRenewal(_session.Settings.RefreshMargin, Stopwatch.GetTimestamp()))
            return ValueTask.FromResult(current.AccessToken);
        return new ValueTask<string>(RenewAsync(current, options, cancellationToken));
    }

    /// <summary>
    /// The server rejected <paramref name="rejectedToken"/>: renew unless someone already did. Null when renewing
    /// cannot help, because this very token was itself refused right after a renewal (the 401 is not about expiry).
    /// </summary>
    public async Task<string?> RenewAfterRejectionAsync(string rejectedToken, CallOptions options, CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && current.AccessToken != rejectedToken)
            return current.AccessToken;
        if (current is { RejectedWhenFresh: true })
            return null;
        return await RenewAsync(current, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A token straight from a renewal was refused too: later 401s with it do not renew again.</summary>
    public void MarkRejectedWhenFresh(string token)
    {
        if (_current is { } current && current.AccessToken == token)
            current.RejectedWhenFresh = true;
    }

    /// <summary>Renews if <paramref name="seen"/> is still the current pair; otherwise returns the newer token.</summary>
    public async Task<string> RenewAsync(TokenSnapshot? seen, CallOptions options, CancellationToken cancellationToken)
    {
        await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _current;
            if (current is not null && !ReferenceEquals(current, seen))
                return current.AccessToken;
            var next = await RefreshOrLoginAsync(current, options, cancellationToken).ConfigureAwait(false);
            _current = next;
            return next.AccessToken;
        }
        finally
        {
            _renewal.Release();
        }
    }

    private async Task<TokenSnapshot> RefreshOrLoginAsync(TokenSnapshot? current, CallOptions options, CancellationToken cancellationToken)
    {
        if (current is not null && !current.RefreshExpired(Stopwatch.GetTimestamp()))
        {
            try
            {
                var refreshed = await AuthApi.RefreshAsync(_session, current.RefreshToken, options, cancellationToken).ConfigureAwait(false);
                options.Log.Verbose($"Access token refreshed; it expires at {refreshed.AccessExpiresAt.ToLocalTime():T}.");
                return refreshed;
            }
            catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.Authentication)
            {
                // REFRESH_TOKEN_EXPIRED, or a server that no longer knows our tokens (e.g. it restarted with a new key).
                options.Log.Verbose($"The refresh token was rejected ({ex.ProviderCode ?? ex.StatusCode?.ToString()}).");
            }
        }
        if (!_session.Settings.ReloginWithCredential)
            throw RefreshTokenExpired();
        if (_reloginRejected is { } rejected)
            throw rejected;
        options.Log.Verbose("The session's refresh token has expired; signing in again with the kept credential.");
        try
        {
            return await AuthApi.LoginAsync(_session, options, cancellationToken).ConfigureAwait(false);
        }
        catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.Authentication)
        {
            _reloginRejected = new MerchantApiException("ReloginRejected", MerchantErrorKind.Authentication,
                $"The session expired and signing in again with the kept credential was refused ({string.Join("; ", ex.Errors)}). ", ex.StatusCode, ex.Errors);
            throw _reloginRejected;
        }
    }

    private static MerchantApiException RefreshTokenExpired() =>
        new("RefreshTokenExpired", MerchantErrorKind.Authentication,
            "The session has expired (refresh token expired or rejected).");
}
