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

    /// <summary>Every match, page by page (<see cref="PagedRead"/>).</summary>
    public static async IAsyncEnumerable<Customer> FindAsync(MerchantSession session, CustomerFilter filter, FindPaging paging,
        CallOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pages = PagedRead.PagesAsync(paging, (skip, take, token) => FindPageAsync(session, filter, skip, take, options, token),
            page => page.Count, options.Log, "Find customers", cancellationToken);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            foreach (var customer in page.Items.Take(page.Used))
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
