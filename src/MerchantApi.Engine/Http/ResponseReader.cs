using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MerchantApi.Http;

/// <summary>
/// Turns a buffered response into data or a <see cref="MerchantApiException"/>. Tolerant of what a real server
/// or a proxy in between may send: HTML pages, empty or truncated bodies, redirects, unexpected shapes.
/// </summary>
internal static class ResponseReader
{
    public static T Read<T>(HttpResponseMessage response, JsonTypeInfo<DataEnvelope<T>> resultType, RequestKind kind)
    {
        var body = Succeeded(response, kind);
        var (status, where) = Describe(response);
        if (body.Length == 0)
            throw Protocol("EmptyResponse", $"{where}: the server answered HTTP {status} with an empty body.", response);
        DataEnvelope<T>? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body.Span, resultType);
        }
        catch (JsonException ex)
        {
            throw Protocol("MalformedResponse", $"{where}: the server's JSON could not be read ({Short(ex.Message)}).", response, ex);
        }
        if (envelope is null || envelope.Data is null)
            throw Protocol("MalformedResponse", $"{where}: the server's answer has no 'data'.", response);
        return envelope.Data;
    }

    /// <summary>
    /// Any endpoint's successful answer, kept whole: an empty body is no data, and a JSON body without the
    /// <c>{"data": …}</c> envelope is taken as the data itself (the provider does not document every endpoint's shape).
    /// </summary>
    public static ApiReply ReadReply(HttpResponseMessage response, RequestKind kind)
    {
        var body = Succeeded(response, kind);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            headers[name] = SecretHeaders.Show(name, values);
        JsonElement? parsed = null;
        if (body.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                parsed = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                var (_, where) = Describe(response);
                throw Protocol("MalformedResponse", $"{where}: the server's JSON could not be read ({Short(ex.Message)}).", response, ex);
            }
        }
        var data = parsed is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("data", out var inner) ? inner : parsed;
        return new ApiReply((int)response.StatusCode, headers, parsed, data);
    }

    /// <summary>The body of a 2xx answer in JSON; any other answer throws the error it is.</summary>
    private static ReadOnlyMemory<byte> Succeeded(HttpResponseMessage response, RequestKind kind)
    {
        var body = response.Content is BufferedContent buffered ? buffered.Body : ReadOnlyMemory<byte>.Empty;
        var (status, where) = Describe(response);

        if (status is >= 200 and < 300)
        {
            if (body.Length > 0 && !IsJson(response))
                throw Protocol("UnexpectedContentType", $"{where}: the server answered HTTP {status} with {MediaType(response)} instead of JSON. Is the base URI right, or is a proxy in the way?", response);
            return body;
        }

        if (status is >= 300 and < 400)
        {
            var target = response.Headers.Location;
            throw Protocol("UnexpectedRedirect",
                $"{where}: the server redirected (HTTP {status}) to {(target is null ? "an unnamed location" : target.IsAbsoluteUri ? target.GetLeftPart(UriPartial.Path) : target.OriginalString)}. " +
                "Redirects are not followed, so credentials are never sent to another address; check the base URI.", response);
        }

        if (status == 407)
        {
            // A proxy in between (plain http) wants credentials: not the API's answer, and not about the API's sign-in.
            throw new MerchantApiException("ProxyAuthenticationRequired", MerchantErrorKind.Transport,
                $"The proxy in between asks for a user name and password, or refused the ones given ({where}: HTTP 407 Proxy Authentication Required).",
                response.StatusCode);
        }

        var errors = IsJson(response) ? ParseErrors(body.Span) : Array.Empty<ApiError>();
        var first = errors.Count > 0 ? errors[0] : null;
        var kindOfError = KindOf(status, first?.Code);
        var errorId = first is not null ? ErrorIdOf(first.Code) : $"Http{status}";
        var detail = errors.Count > 0
            ? string.Join("; ", errors.Select(e => e.ToString()))
            : IsJson(response) || body.Length == 0 ? response.ReasonPhrase ?? "no details" : $"{MediaType(response)} body (e.g. a proxy error page)";
        // What the server said comes first; which call and status, last (the user's data matters more than our route).
        throw new MerchantApiException(errorId, kindOfError, $"{detail} ({where}: HTTP {status})",
            response.StatusCode, errors)
        {
            // A write that met a server error may or may not have been carried out.
            OutcomeUnknown = kind == RequestKind.Write && RetryHandler.IsTransientServerError(status),
        };
    }

    private static (int Status, string Where) Describe(HttpResponseMessage response) =>
        ((int)response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}");

    internal static IReadOnlyList<ApiError> ParseErrors(ReadOnlySpan<byte> body)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize(body, MerchantJson.Default.ErrorEnvelope);
            if (envelope?.Errors is not { Count: > 0 } entries) return Array.Empty<ApiError>();
            return entries.Select(e => e.Message.ValueKind switch
            {
                JsonValueKind.String => new ApiError(e.Code ?? "UNKNOWN", e.Message.GetString() ?? ""),
                JsonValueKind.Object => new ApiError(e.Code ?? "UNKNOWN",
                    e.Message.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : e.Message.GetRawText(),
                    e.Message.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null),
                _ => new ApiError(e.Code ?? "UNKNOWN", ""),
            }).ToList();
        }
        catch (JsonException)
        {
            return Array.Empty<ApiError>();
        }
    }

    /// <summary>CUSTOMER_ALREADY_EXISTS → CustomerAlreadyExists: the provider's code as a PowerShell ErrorId.</summary>
    internal static string ErrorIdOf(string code)
    {
        var id = new StringBuilder(code.Length);
        foreach (var word in code.Split(new[] { '_', '-', ' ' }, StringSplitOptions.RemoveEmptyEntries))
            id.Append(char.ToUpperInvariant(word[0])).Append(word[1..].ToLowerInvariant());
        return id.Length > 0 ? id.ToString() : "ServerError";
    }

    private static MerchantErrorKind KindOf(int status, string? code) => (status, code) switch
    {
        (_, "REFRESH_TOKEN_EXPIRED") or (401, _) => MerchantErrorKind.Authentication,
        (403, _) => MerchantErrorKind.PermissionDenied,
        (404, _) => MerchantErrorKind.NotFound,
        (409, _) => MerchantErrorKind.Conflict,
        (400, _) or (422, _) => MerchantErrorKind.InvalidData,
        (429, _) => MerchantErrorKind.Throttled,
        _ => status >= 500 ? MerchantErrorKind.ServerError : MerchantErrorKind.Protocol,
    };

    private static bool IsJson(HttpResponseMessage response)
    {
        var media = response.Content.Headers.ContentType?.MediaType;
        return media is null || media.Contains("json", StringComparison.OrdinalIgnoreCase);
    }

    private static string MediaType(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType ?? "an untyped body";

    private static string Short(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private static MerchantApiException Protocol(string errorId, string message, HttpResponseMessage response, Exception? inner = null) =>
        new(errorId, MerchantErrorKind.Protocol, message, response.StatusCode, inner: inner);
}

/// <summary>A successful answer of any endpoint: status, headers (secret ones redacted), the whole body and its data.</summary>
/// <param name="Data">The envelope's <c>data</c>, or the whole body when it has no envelope; null for an empty body.</param>
internal sealed record ApiReply(int StatusCode, IReadOnlyDictionary<string, string> Headers, JsonElement? Body, JsonElement? Data)
{
    /// <summary>The request answered: <c>POST</c> and <c>/v2/operation/find?skip=0&amp;take=100</c> (below the base URI).</summary>
    public string Method { get; init; } = "";
    public string Path { get; init; } = "";

    /// <summary>Items of a find's page: the length of an array of data, else none (a page that is not a list ends the paging).</summary>
    public int ItemCount => Data is { ValueKind: JsonValueKind.Array } items ? items.GetArrayLength() : 0;

    /// <summary>The data as a list: an array's items, or a lone object as the one item.</summary>
    public IEnumerable<JsonElement> Items => Data switch
    {
        { ValueKind: JsonValueKind.Array } items => items.EnumerateArray(),
        { ValueKind: JsonValueKind.Object } item => [item],
        _ => [],
    };

    /// <summary>One item of the data as a typed object; unknown properties are kept where the type has room for them.</summary>
    public T Read<T>(JsonElement item, JsonTypeInfo<T> type)
    {
        try
        {
            return item.Deserialize(type) ?? throw new JsonException("null item");
        }
        catch (JsonException ex)
        {
            throw new MerchantApiException("MalformedResponse", MerchantErrorKind.Protocol,
                $"{Method} {Path}: an item of the server's answer could not be read ({ex.Message}).", (System.Net.HttpStatusCode)StatusCode, inner: ex);
        }
    }
}
