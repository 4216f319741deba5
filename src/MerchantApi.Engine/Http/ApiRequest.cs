using System.Text.Json.Nodes;

namespace MerchantApi.Http;

/// <summary>
/// One raw request to any endpoint: a path below the session's base URI, its query and JSON body, and whether it is a
/// read or a write. Built only through <see cref="Create"/>, which refuses anything that would leave the base URI, so
/// the session's credentials never go to another address.
/// </summary>
internal sealed class ApiRequest
{
    private ApiRequest(HttpMethod method, string path, IReadOnlyList<string> query, JsonNode? body, RequestKind kind)
    {
        Method = method;
        Path = path;
        _query = query;
        Body = body;
        Kind = kind;
    }

    public HttpMethod Method { get; }

    /// <summary>Relative to the base URI, without a leading slash or query: <c>v2/balance</c>.</summary>
    public string Path { get; }

    /// <summary>The query's <c>name=value</c> parts as sent: those typed in the path as typed (a <c>+</c> stays a
    /// <c>+</c>), those given as pairs escaped.</summary>
    private readonly IReadOnlyList<string> _query;

    public JsonNode? Body { get; }

    public RequestKind Kind { get; }

    /// <summary>What messages call the request: <c>POST /v2/balance</c>.</summary>
    public string Description => $"{Method} /{Path}";

    /// <summary>The path and query as sent, relative to the base URI.</summary>
    public string PathAndQuery => _query.Count == 0 ? Path : Path + "?" + string.Join('&', _query);

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
        var fragment = relative.IndexOf('#');
        if (fragment >= 0) relative = relative[..fragment];
        var queryStart = relative.IndexOf('?');
        var parts = new List<string>();
        if (queryStart >= 0)
        {
            parts.AddRange(relative[(queryStart + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries));
            relative = relative[..queryStart];
        }
        parts.AddRange(query.Select(pair => Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(pair.Value)));
        return new ApiRequest(method, relative.Trim('/'), parts, body, kind ?? ApiEndpoints.KindOf(method, relative));
    }

    /// <summary>This request for one page of a find: skip and take set where the endpoint takes them, replacing any given.</summary>
    public ApiRequest WithPage(int skip, int take)
    {
        if (ApiEndpoints.PagingOf(Path) == PagingPlace.Body)
        {
            var body = Body?.DeepClone() as JsonObject ?? new JsonObject();
            body["skip"] = skip;
            body["take"] = take;
            return new ApiRequest(Method, Path, _query, body, Kind);
        }
        var query = _query.Where(part => !IsPaging(part)).ToList();
        query.Add(FormattableString.Invariant($"skip={skip}"));
        query.Add(FormattableString.Invariant($"take={take}"));
        return new ApiRequest(Method, Path, query, Body, Kind);
    }

    private static bool IsPaging(string part)
    {
        var name = Uri.UnescapeDataString(part.Split('=', 2)[0]);
        return name.Equals("skip", StringComparison.OrdinalIgnoreCase) || name.Equals("take", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A path as an error may show it: an absolute URI without the user name and password it may hold (errors end up in
    /// logs and transcripts).
    /// </summary>
    public static string Shown(string path) =>
        !path.TrimStart().StartsWith('/') && Uri.TryCreate(path.Trim(), UriKind.Absolute, out var absolute) && absolute.UserInfo.Length > 0
            ? WithoutUserInfo(absolute).ToString()
            : path;

    private static Uri WithoutUserInfo(Uri uri) => new UriBuilder(uri) { UserName = "", Password = "" }.Uri;

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
        var shown = WithoutUserInfo(absolute).GetLeftPart(UriPartial.Path);
        throw new MerchantApiException("PathNotUnderBaseUri", MerchantErrorKind.InvalidArgument,
            $"'{shown}' is not below the session's base URI {root}: the session's credentials are only " +
            "ever sent there, so the request was not sent.");
    }
}
