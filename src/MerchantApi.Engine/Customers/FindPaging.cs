namespace MerchantApi.Customers;

/// <summary>
/// Plans the take/skip pages of one find: pages of at most <see cref="MaxPageSize"/>, never asking for more than the
/// caller still wants (<c>-First</c>), and stopping after a short page, so no request is made that cannot be used.
/// </summary>
internal sealed class FindPaging
{
    /// <summary>The most the API returns per find (it caps <c>take</c> at 100).</summary>
    public const int MaxPageSize = 100;

    private ulong? _remaining;
    private bool _done;

    /// <param name="skip">Matches to pass over first (server side).</param>
    /// <param name="first">The most matches wanted; null for all.</param>
    /// <param name="pageSize">1–100.</param>
    public FindPaging(ulong skip, ulong? first, int pageSize = MaxPageSize)
    {
        if (pageSize is < 1 or > MaxPageSize)
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"The page size must be 1 to {MaxPageSize}.");
        PageSize = pageSize;
        NextSkip = skip;
        _remaining = first;
        _done = first == 0;
    }

    public int PageSize { get; }

    /// <summary>Where the next page starts.</summary>
    public ulong NextSkip { get; private set; }

    /// <summary>Matches received so far.</summary>
    public ulong Received { get; private set; }

    /// <summary>True once a page came back short: every match has been seen (the total is then known).</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>The next page to ask for; false when no further request is needed.</summary>
    public bool TryNext(out int skip, out int take)
    {
        skip = 0;
        take = 0;
        if (_done) return false;
        if (NextSkip > int.MaxValue) { _done = true; return false; }
        skip = (int)NextSkip;
        take = _remaining is { } left ? (int)Math.Min((ulong)PageSize, left) : PageSize;
        return true;
    }

    /// <summary>Records the page just received (<paramref name="asked"/> is the take that was sent).</summary>
    public void Record(int asked, int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        var used = (ulong)Math.Min(count, asked); // a server that ignores take must not make us overshoot
        Received += used;
        NextSkip += used;
        if (_remaining is { } left)
        {
            _remaining = left - Math.Min(left, used);
            if (_remaining == 0) _done = true;
        }
        if (count < asked)
        {
            ReachedEnd = true;
            _done = true;
        }
    }
}
