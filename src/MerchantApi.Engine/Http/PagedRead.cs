using System.Runtime.CompilerServices;
using MerchantApi.Customers;

namespace MerchantApi.Http;

/// <summary>One page of a find, and how many of its items are wanted (fewer than it holds when a server ignores take).</summary>
internal readonly record struct Page<T>(T Items, int Used);

/// <summary>
/// The one paging loop of the module, for every find: pages as <see cref="FindPaging"/> plans them, each requested only
/// when the consumer asks for more than the previous pages held, so <c>-First</c> costs no extra request.
/// </summary>
internal static class PagedRead
{
    /// <param name="fetch">Gets the page at skip with take.</param>
    /// <param name="countOf">How many items a page holds.</param>
    /// <param name="what">What the verbose lines call the find.</param>
    public static async IAsyncEnumerable<Page<T>> PagesAsync<T>(FindPaging paging, Func<int, int, CancellationToken, Task<T>> fetch,
        Func<T, int> countOf, IMerchantLog log, string what, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paging);
        while (paging.TryNext(out var skip, out var take))
        {
            var page = await fetch(skip, take, cancellationToken).ConfigureAwait(false);
            var count = countOf(page);
            paging.Record(take, count);
            log.Verbose($"{what}: page at {skip}, {count} item(s).");
            yield return new Page<T>(page, Math.Min(count, take));
        }
    }
}
