using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using MerchantApi.Customers;
using MerchantApi.Operations;

namespace MerchantApi.Http;

/// <summary>The <c>/v2/operation/*</c> reads, over the raw request path (its query paging, retries and errors).</summary>
internal static class OperationApi
{
    private const string FindPath = "v2/operation/find";
    private const string DetailsPath = "v2/operation/details";

    /// <summary>Every match, page by page, skip and take in the query as the provider documents.</summary>
    public static async IAsyncEnumerable<Operation> FindAsync(MerchantSession session, OperationFilter filter, FindPaging paging,
        CallOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ApiRequest.Create(session.BaseUri, HttpMethod.Post, FindPath, [],
            JsonSerializer.SerializeToNode(filter, MerchantJson.Default.OperationFilter), RequestKind.Read);
        await foreach (var page in RawApi.PagesAsync(session, request, paging, options, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items.Items.Take(page.Used))
                yield return page.Items.Read(item, MerchantJson.Default.Operation);
        }
    }

    /// <summary>
    /// <c>/v2/operation/details</c>, which the provider documents to answer an array holding the one operation (a lone
    /// object is taken too). An unknown id, or an empty array, fails with ErrorId <c>OperationNotFound</c>.
    /// </summary>
    public static async Task<Operation> GetByIdAsync(MerchantSession session, string id, CallOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var request = ApiRequest.Create(session.BaseUri, HttpMethod.Post, DetailsPath, [], new JsonObject { ["id"] = id }, RequestKind.Read);
        ApiReply reply;
        try
        {
            reply = await RawApi.SendAsync(session, request, options, cancellationToken).ConfigureAwait(false);
        }
        catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.NotFound)
        {
            throw NotFound(id, ex);
        }
        foreach (var item in reply.Items)
            return reply.Read(item, MerchantJson.Default.Operation);
        throw NotFound(id, null);
    }

    private static MerchantApiException NotFound(string id, MerchantApiException? ex) =>
        new("OperationNotFound", MerchantErrorKind.NotFound,
            $"No operation with id '{id}' was found." + (ex is null ? " (the server answered an empty list)" : $" (HTTP {(int?)ex.StatusCode}: {string.Join("; ", ex.Errors)})"),
            ex?.StatusCode, ex?.Errors, ex);
}
