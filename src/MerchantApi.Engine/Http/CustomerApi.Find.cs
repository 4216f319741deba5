using System.Runtime.CompilerServices;
using MerchantApi.Customers;

namespace MerchantApi.Http;

internal static partial class CustomerApi
{
    /// <summary>One page of <c>/v2/customer/find</c> (take is capped at <see cref="FindPaging.MaxPageSize"/>).</summary>
    public static Task<List<Customer>> FindPageAsync(MerchantSession session, CustomerFilter filter, int skip, int take,
        CallOptions options, CancellationToken cancellationToken, RetryBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return MerchantHttp.PostAsync(session, FindPath, filter.Page(Math.Max(0, skip), Math.Clamp(take, 1, FindPaging.MaxPageSize)),
            MerchantJson.Default.CustomerFilter, MerchantJson.Default.DataEnvelopeListCustomer, RequestKind.Read, options,
            cancellationToken, budget);
    }

    /// <summary>
    /// The one paging loop: every match, page by page as <paramref name="paging"/> plans it. A page is requested
    /// only when the consumer asks for more than the previous pages held, so <c>-First</c> costs no extra request.
    /// </summary>
    public static async IAsyncEnumerable<Customer> FindAsync(MerchantSession session, CustomerFilter filter, FindPaging paging,
        CallOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paging);
        while (paging.TryNext(out var skip, out var take))
        {
            var page = await FindPageAsync(session, filter, skip, take, options, cancellationToken).ConfigureAwait(false);
            paging.Record(take, page.Count);
            options.Log.Verbose($"Find page at {skip}: {page.Count} customer(s).");
            foreach (var customer in page.Take(take))
                yield return customer;
        }
    }

    /// <summary>
    /// <c>/v2/customer/details</c> for one id; an unknown id fails with ErrorId <c>CustomerNotFound</c> (kind NotFound)
    /// and a message naming the id.
    /// </summary>
    public static async Task<Customer> GetByIdAsync(MerchantSession session, string id, CallOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        try
        {
            return await GetAsync(session, id, options, cancellationToken).ConfigureAwait(false);
        }
        catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.NotFound)
        {
            throw NotFound(id, ex);
        }
    }

    internal static MerchantApiException NotFound(string id, MerchantApiException ex) =>
        new("CustomerNotFound", MerchantErrorKind.NotFound,
            $"No customer with id '{id}' was found. (HTTP {(int?)ex.StatusCode}: {string.Join("; ", ex.Errors)})",
            ex.StatusCode, ex.Errors, ex);
}
