namespace MerchantApi;

/// <summary>
/// One answer of the API as <c>Invoke-MerchantApiRequest -Raw</c> gives it: the status, the headers (secret ones
/// redacted) and the whole parsed body, envelope included.
/// </summary>
public sealed class ApiResponse
{
    internal ApiResponse(string method, string path, int statusCode, IReadOnlyDictionary<string, string> headers, object? body)
    {
        Method = method;
        Path = path;
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
    }

    public string Method { get; }

    /// <summary>The path and query the request went to, below the session's base URI.</summary>
    public string Path { get; }

    public int StatusCode { get; }

    /// <summary>Response and content headers by name (several values joined with ", "); secret ones read [redacted].</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The parsed JSON body (objects as PSCustomObject), or null for an empty one.</summary>
    public object? Body { get; }
}
