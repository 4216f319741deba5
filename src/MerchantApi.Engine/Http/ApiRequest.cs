using System.Text;
using System.Text.Json.Nodes;

namespace MerchantApi.Http;

/// <summary>
/// One raw request to any endpoint: a path below the session's base URI, its query and JSON body, and whether it is a
/// read or a write. Built only through <see cref="Create"/>, which refuses anything that would leave the base URI, so
/// the session's credentials never go to another address.
/// </summary>
internal sealed class ApiRequest
{
    private ApiRequest(HttpMethod method, string path, IReadOnlyList<KeyValuePair<string, string>> query, JsonNode? body, RequestKind kind)
    {
        Method = method;
        Path = path;
        Query = query;
        Body = body;
        Kind = kind;
    }

    public HttpMethod Method { get; }

    /// <summary>Relative to the base URI, without a leading slash or query: <c>v2/balance</c>.</summary>
    public string Path { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    public JsonNode? Body { get; }

    public RequestKind Kind { get; }

    /// <summary>What messages call the request: <c>POST /v2/balance</c>.</summary>
    public string Description => $"{Method} /{Path}";

    /// <summary>The path and query as sent, relative to the base URI.</summary>
    public string PathAndQuery
    {
        get
        {
            if (Query.Count == 0) return Path;
            var text = new StringBuilder(Path).Append('?');
            foreach (var (name, value) in Query)
                text.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
            return text.ToString(0, text.Length - 1);
        }
    }

    /// <param name="path"><c>/v2/balance</c> or <c>v2/balance</c> (both below the base URI, whatever its own path), a query
    /// included; or an absolute URI below the base URI.</param>
    /// <param name="kind">Null: guessed from the method and path (<see cref="ApiEndpoints.KindOf"/>).</param>
    /// <exception cref="MerchantApiException"><c>PathNotUnderBaseUri</c> for an absolute URI elsewhere.</exception>
    public static ApiRequest Create(Uri baseUri, HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>> query,
        JsonNode? body, RequestKind? kind)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(path);
        var relative = Relative(baseUri, path.Trim());
        var queryStart = relative.IndexOf('?');
        var pairs = new List<KeyValuePair<string, string>>();
        if (queryStart >= 0)
        {
            foreach (var part in relative[(queryStart + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=');
                pairs.Add(equals < 0
                    ? new(Uri.UnescapeDataString(part), "")
                    : new(Uri.UnescapeDataString(part[..equals]), Uri.UnescapeDataString(part[(equals + 1)..])));
            }
            relative = relative[..queryStart];
        }
        var fragment = relative.IndexOf('#');
        if (fragment >= 0) relative = relative[..fragment];
        pairs.AddRange(query);
        return new ApiRequest(method, relative.Trim('/'), pairs, body, kind ?? ApiEndpoints.KindOf(method, relative));
    }

    /// <summary>This request for one page of a find: skip and take set where the endpoint takes them, replacing any given.</summary>
    public ApiRequest WithPage(int skip, int take)
    {
        if (ApiEndpoints.PagingOf(Path) == PagingPlace.Body)
        {
            var body = Body?.DeepClone() as JsonObject ?? new JsonObject();
            body["skip"] = skip;
            body["take"] = take;
            return new ApiRequest(Method, Path, Query, body, Kind);
        }
        var query = Query.Where(p => !IsPagingName(p.Key)).ToList();
        query.Add(new("skip", skip.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        query.Add(new("take", take.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ApiRequest(Method, Path, query, Body, Kind);
    }

    private static bool IsPagingName(string name) =>
        name.Equals("skip", StringComparison.OrdinalIgnoreCase) || name.Equals("take", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path below the base URI: a leading slash means the base URI's root, not the host's (on Unix a path
    /// with a leading slash would otherwise parse as an absolute file URI).</summary>
    private static string Relative(Uri baseUri, string path)
    {
        if (path.StartsWith('/') || !Uri.TryCreate(path, UriKind.Absolute, out var absolute))
            return path.TrimStart('/');
        var root = baseUri.GetLeftPart(UriPartial.Path);
        if (!root.EndsWith('/')) root += "/";
        var target = absolute.GetLeftPart(UriPartial.Path);
        if ((absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)
            && string.Equals(absolute.GetLeftPart(UriPartial.Authority), baseUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
            && (target + "/").StartsWith(root, StringComparison.Ordinal))
        {
            return target.Length > root.Length ? absolute.PathAndQuery[new Uri(root).AbsolutePath.Length..] : absolute.Query;
        }
        throw new MerchantApiException("PathNotUnderBaseUri", MerchantErrorKind.InvalidArgument,
            $"'{absolute.GetLeftPart(UriPartial.Path)}' is not below the session's base URI {root}: the session's credentials are only " +
            "ever sent there, so the request was not sent.");
    }
}
