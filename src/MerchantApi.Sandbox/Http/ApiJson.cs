using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MerchantApi.Sandbox.Http;

/// <summary>One error of an <c>{"errors":[...]}</c> envelope; the message is a string (the expired-JWT case is written apart).</summary>
internal readonly record struct ApiError(string Code, string Message)
{
    /// <summary>A VALIDATION_ERROR; by convention its message starts with the name of the field at fault.</summary>
    public static ApiError Validation(string message) => new(ErrorCodes.ValidationError, message);
}

internal static class ErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string RefreshTokenExpired = "REFRESH_TOKEN_EXPIRED";
    public const string NotFound = "NOT_FOUND";
    public const string CustomerAlreadyExists = "CUSTOMER_ALREADY_EXISTS";
    public const string Forbidden = "FORBIDDEN";
    public const string TooManyRequests = "TOO_MANY_REQUESTS";
    public const string InternalError = "INTERNAL_ERROR";
}

/// <summary>
/// Writes the API's envelopes byte for byte: compact camelCase JSON, <c>{"data":...}</c> or
/// <c>{"errors":[{"code","message"}]}</c>, with a Content-Length. Non-ASCII text is written as is (not \u-escaped).
/// </summary>
internal static class ApiJson
{
    public const string ContentType = "application/json; charset=utf-8";

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer, state);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static Task WriteBytesAsync(HttpContext ctx, int status, ReadOnlyMemory<byte> body, string contentType = ContentType)
    {
        var response = ctx.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return body.Length == 0 ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    public static Task WriteAsync<TState>(HttpContext ctx, int status, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer, state);
        }

        return WriteBytesAsync(ctx, status, buffer.WrittenMemory);
    }

    /// <summary><c>{"data": value}</c> where <paramref name="writeValue"/> writes the value.</summary>
    public static Task DataAsync<TState>(HttpContext ctx, TState state, Action<Utf8JsonWriter, TState> writeValue, int status = StatusCodes.Status200OK) =>
        WriteAsync(ctx, status, (state, writeValue), static (w, s) =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            s.writeValue(w, s.state);
            w.WriteEndObject();
        });

    /// <summary><c>{"data": [item, …]}</c> where <paramref name="writeItem"/> writes one item.</summary>
    public static Task DataArrayAsync<TItem>(HttpContext ctx, IEnumerable<TItem> items, Action<Utf8JsonWriter, TItem> writeItem) =>
        DataAsync(ctx, (items, writeItem), static (w, s) =>
        {
            w.WriteStartArray();
            foreach (var item in s.items)
            {
                s.writeItem(w, item);
            }

            w.WriteEndArray();
        });

    public static Task ErrorAsync(HttpContext ctx, int status, string code, string message) =>
        ErrorsAsync(ctx, status, [new ApiError(code, message)]);

    public static Task ErrorsAsync(HttpContext ctx, int status, IReadOnlyList<ApiError> errors) =>
        WriteAsync(ctx, status, errors, static (w, list) => WriteErrors(w, list));

    public static byte[] ErrorBytes(string code, string message) =>
        Serialize<IReadOnlyList<ApiError>>([new ApiError(code, message)], static (w, list) => WriteErrors(w, list));

    public static Task NotFoundAsync(HttpContext ctx) => ErrorAsync(ctx, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found");

    public static Task ValidationAsync(HttpContext ctx, string message) =>
        ErrorAsync(ctx, StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, message);

    private static void WriteErrors(Utf8JsonWriter w, IReadOnlyList<ApiError> errors)
    {
        w.WriteStartObject();
        w.WriteStartArray("errors");
        foreach (var e in errors)
        {
            w.WriteStartObject();
            w.WriteString("code", e.Code);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>ISO 8601 UTC with milliseconds, e.g. <c>2024-02-26T16:36:14.499Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The API shows times to the millisecond; the stores keep them so, so that a filter compares what a client saw.</summary>
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <summary>Reads an ISO 8601 date-time as the filters and test-support bodies take it (no offset: UTC).</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    public static void WriteNullableString(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
