using System.Text.Json;
using MerchantApi.Customers;

namespace MerchantApi.Http;

/// <summary>
/// Any endpoint of the API through the module's one HTTP path: the session's credential and renewal, the retry budget,
/// the redacted log, and the provider's errors as <see cref="MerchantApiException"/>s. What is retried follows
/// <see cref="ApiRequest.Kind"/>: a read after any transient failure, a write only when the server certainly did not act.
/// </summary>
internal static class RawApi
{
    public static async Task<ApiReply> SendAsync(MerchantSession session, ApiRequest request, CallOptions options,
        CancellationToken cancellationToken, RetryBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body is null ? null : Utf8(request.Body);
        try
        {
            using var response = await MerchantHttp.SendAsync(session, request.Method, request.PathAndQuery, body, request.Kind, options,
                cancellationToken, budget).ConfigureAwait(false);
            return ResponseReader.ReadReply(response, request.Kind) with { Method = request.Method.Method, Path = "/" + request.PathAndQuery };
        }
        catch (MerchantApiException ex) when (ex.OutcomeUnknown && request.Kind == RequestKind.Write)
        {
            // Not sent again and not guessed: only the caller can look up whether it was carried out.
            throw new MerchantApiException("WriteOutcomeUnknown", ex.Kind,
                $"{ex.Message} Whether the server carried out {request.Description} is unknown, so it was not sent again.",
                ex.StatusCode, ex.Errors, ex)
            { OutcomeUnknown = true };
        }
    }

    private static byte[] Utf8(System.Text.Json.Nodes.JsonNode body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            body.WriteTo(writer);
        return buffer.ToArray();
    }

    /// <summary>A find's pages, skip and take placed where the endpoint takes them (<see cref="ApiEndpoints.PagingOf"/>).</summary>
    public static IAsyncEnumerable<Page<ApiReply>> PagesAsync(MerchantSession session, ApiRequest request, FindPaging paging,
        CallOptions options, CancellationToken cancellationToken = default) =>
        PagedRead.PagesAsync(paging, (skip, take, token) => SendAsync(session, request.WithPage(skip, take), options, token),
            reply => reply.ItemCount, options.Log, request.Description, cancellationToken);
}

