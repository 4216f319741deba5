namespace MerchantApi.Http;

/// <summary>Where a paged find takes its <c>skip</c> and <c>take</c>.</summary>
internal enum PagingPlace
{
    /// <summary>In the JSON body, beside the filters (<c>/v2/customer/find</c>).</summary>
    Body,

    /// <summary>In the query string (<c>/v2/operation/find?skip=0&amp;take=100</c>).</summary>
    Query,
}

/// <summary>
/// What the provider documents about its endpoints that decides how a request is sent: which are reads (safe to repeat
/// after any failure, though all are POST) and where a find takes its paging. A path is compared without its leading
/// slash, query or case.
/// </summary>
internal static class ApiEndpoints
{
    /// <summary>Reads by exact path.</summary>
    private static readonly string[] ReadPaths = ["v2/balance"];

    /// <summary>Reads by what the path starts with: every rate call.</summary>
    private static readonly string[] ReadPrefixes = ["v2/rate/"];

    /// <summary>Reads by what the path ends with: finds, details and the pre-requests that only quote a write.</summary>
    private static readonly string[] ReadSuffixes = ["/find", "/details", "/pre-request"];

    /// <summary>Finds that take skip and take in the body; every other find takes them in the query.</summary>
    private static readonly string[] BodyPagedPaths = ["v2/customer/find"];

    /// <summary>A GET, or a POST to a documented read, is a read; any other request counts as a write.</summary>
    public static RequestKind KindOf(HttpMethod method, string path)
    {
        if (method == HttpMethod.Get || method == HttpMethod.Head)
            return RequestKind.Read;
        var key = Key(path);
        return ReadPaths.Contains(key, StringComparer.Ordinal)
               || ReadPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal))
               || ReadSuffixes.Any(suffix => key.EndsWith(suffix, StringComparison.Ordinal))
            ? RequestKind.Read
            : RequestKind.Write;
    }

    public static PagingPlace PagingOf(string path) =>
        BodyPagedPaths.Contains(Key(path), StringComparer.Ordinal) ? PagingPlace.Body : PagingPlace.Query;

    private static string Key(string path)
    {
        var end = path.IndexOfAny(['?', '#']);
        return (end < 0 ? path : path[..end]).Trim('/').ToLowerInvariant();
    }
}
