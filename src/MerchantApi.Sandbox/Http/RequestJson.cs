using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace MerchantApi.Sandbox.Http;

/// <summary>A request body read as a JSON object. An empty body reads as <c>{}</c>.</summary>
internal sealed class RequestJson : IDisposable
{
    private readonly JsonDocument? _document;

    private RequestJson(JsonDocument? document, string? error)
    {
        _document = document;
        Error = error;
    }

    /// <summary>Set when the body is not a JSON object; the caller answers 400 VALIDATION_ERROR with it.</summary>
    public string? Error { get; }

    public JsonElement Root => _document!.RootElement;

    public static async Task<RequestJson> ReadAsync(HttpContext ctx)
    {
        byte[] bytes;
        var reader = ctx.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(ctx.RequestAborted);
            if (result.IsCompleted || result.IsCanceled)
            {
                bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                break;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            bytes = "{}"u8.ToArray();
        }

        try
        {
            var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return new RequestJson(null, "Request body must be a JSON object");
            }

            return new RequestJson(document, null);
        }
        catch (JsonException)
        {
            return new RequestJson(null, "Request body must be valid JSON");
        }
    }

    /// <summary>Reads a string property: absent and <c>null</c> are told apart; any other JSON type is <see cref="FieldKind.Invalid"/>.</summary>
    public FieldValue GetString(string name) => GetString(Root, name);

    /// <summary>Reads a string property of <paramref name="obj"/> (an object of the body, e.g. one row of a list) as <see cref="GetString(string)"/> does.</summary>
    public static FieldValue GetString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var element))
        {
            return new FieldValue(FieldKind.Absent, null);
        }

        return element.ValueKind switch
        {
            JsonValueKind.Null => new FieldValue(FieldKind.Null, null),
            JsonValueKind.String => new FieldValue(FieldKind.String, element.GetString()),
            _ => new FieldValue(FieldKind.Invalid, null),
        };
    }

    /// <summary>
    /// Reads a required uuid property of <paramref name="obj"/>; null when it is one, else the problem, its message
    /// starting with <paramref name="label"/> (the field's name, or its path in the body such as <c>operations[2].walletId</c>).
    /// </summary>
    public static string? ReadUuid(JsonElement obj, string name, string label, out Guid value)
    {
        value = Guid.Empty;
        var field = GetString(obj, name);
        if (field.Kind == FieldKind.Invalid)
        {
            return $"{label} must be a string";
        }

        if (!field.HasText)
        {
            return $"{label} is required";
        }

        return Guid.TryParse(field.Value, out value) ? null : $"{label} must be a uuid";
    }

    /// <summary>Reads an array of strings; absent/null → false with no error; anything else → <paramref name="invalid"/> true.</summary>
    public bool TryGetStringArray(string name, out string[] values, out bool invalid)
    {
        values = [];
        invalid = false;
        if (!Root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            invalid = true;
            return false;
        }

        values = element.EnumerateArray().Select(e => e.GetString()!).ToArray();
        return true;
    }

    /// <summary>Reads an integer given as a JSON number or a numeric string; absent/null → false with no error.</summary>
    public bool TryGetInteger(string name, out long value, out bool invalid)
    {
        value = 0;
        invalid = false;
        if (!Root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value))
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.String &&
            long.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        invalid = true;
        return false;
    }

    /// <summary>Reads a number; absent/null → false with no error; a non-number → <paramref name="invalid"/> true.</summary>
    public bool TryGetDouble(string name, out double value, out bool invalid)
    {
        value = 0;
        invalid = false;
        if (!Root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value) && double.IsFinite(value))
        {
            return true;
        }

        invalid = true;
        return false;
    }

    public void Dispose() => _document?.Dispose();
}

internal enum FieldKind
{
    Absent,
    Null,
    String,
    Invalid,
}

internal readonly record struct FieldValue(FieldKind Kind, string? Value)
{
    public bool HasText => Kind == FieldKind.String && !string.IsNullOrWhiteSpace(Value);
}
