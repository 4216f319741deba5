using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using MerchantApi.Customers;

namespace MerchantApi.Infrastructure;

/// <summary>
/// PowerShell values to JSON and back, for requests the module has no typed model for: a hashtable's keys or an
/// object's properties become a JSON object (names as spelled), lists become arrays, times ISO 8601 UTC; a JSON object
/// comes back as a PSCustomObject with its properties in the server's order, numbers as int, long or decimal (never
/// rounded through double when they fit), and strings stay strings (no guessing of dates).
/// </summary>
internal static class JsonValues
{
    private const int MaxDepth = 64;

    /// <summary>A request body: a JSON string as it is, anything else converted.</summary>
    /// <exception cref="MerchantApiException"><c>BodyNotJson</c>, <c>BodyTooDeep</c>.</exception>
    public static JsonNode? ToBody(object? body)
    {
        if (Unwrap(body) is string text)
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new MerchantApiException("BodyNotJson", MerchantErrorKind.InvalidArgument,
                    $"The body is a string but not JSON ({ex.Message}). Give JSON text, or a hashtable or object to be converted.", inner: ex);
            }
        }
        return ToNode(body, 0);
    }

    /// <summary>A query value as text: lists give one value each (the name repeated), times ISO 8601 UTC.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ToQuery(IDictionary? query)
    {
        if (query is null) yield break;
        foreach (DictionaryEntry entry in query)
        {
            var name = entry.Key?.ToString() ?? "";
            var value = Unwrap(entry.Value);
            if (value is IEnumerable list and not string)
            {
                foreach (var item in list)
                    yield return new(name, Text(Unwrap(item)));
            }
            else
            {
                yield return new(name, Text(value));
            }
        }
    }

    /// <summary>A JSON value as PowerShell sees it.</summary>
    public static object? FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var result = new PSObject();
                foreach (var property in element.EnumerateObject())
                {
                    var value = FromJson(property.Value);
                    if (result.Properties[property.Name] is { } existing)
                        existing.Value = value; // a repeated name: the last wins, as in most JSON readers
                    else
                        result.Properties.Add(new PSNoteProperty(property.Name, value));
                }
                return result;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(FromJson).ToArray();
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt32(out var small)) return small;
                if (element.TryGetInt64(out var large)) return large;
                if (element.TryGetDecimal(out var exact)) return exact;
                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    private static JsonNode? ToNode(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new MerchantApiException("BodyTooDeep", MerchantErrorKind.InvalidArgument,
                $"The body nests deeper than {MaxDepth} levels (an object that refers to itself?); it was not sent.");
        }
        value = Unwrap(value);
        switch (value)
        {
            case null:
                return null;
            case JsonNode node:
                return node.DeepClone();
            case JsonElement element:
                return JsonNode.Parse(element.GetRawText());
            case string or char or Guid or Uri or Enum or TimeSpan:
                return JsonValue.Create(Text(value));
            case bool flag:
                return JsonValue.Create(flag);
            case byte or sbyte or short or ushort or int or long:
                return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case uint or ulong:
                return JsonValue.Create(Convert.ToUInt64(value, CultureInfo.InvariantCulture));
            case decimal number:
                return JsonValue.Create(number);
            case double or float:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (!double.IsFinite(real))
                    throw new MerchantApiException("BodyNotJson", MerchantErrorKind.InvalidArgument, $"The body holds {real}, which JSON cannot carry.");
                return JsonValue.Create(real);
            case DateTime or DateTimeOffset:
                return JsonValue.Create(Text(value));
            case IDictionary dictionary:
                var map = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                    map[entry.Key?.ToString() ?? ""] = ToNode(entry.Value, depth + 1);
                return map;
            case IEnumerable list:
                var array = new JsonArray();
                foreach (var item in list)
                    array.Add(ToNode(item, depth + 1));
                return array;
            default:
                var properties = new JsonObject();
                foreach (var property in PSObject.AsPSObject(value).Properties)
                {
                    object? propertyValue;
                    try
                    {
                        propertyValue = property.Value;
                    }
                    catch (GetValueException)
                    {
                        continue; // a property that throws on read has no value to send
                    }
                    properties[property.Name] = ToNode(propertyValue, depth + 1);
                }
                return properties;
        }
    }

    /// <summary>A PSCustomObject (a CSV row) stays itself (its properties are the point); any other wrapper is unwrapped.</summary>
    private static object? Unwrap(object? value) =>
        value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value;

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime time => IsoUtcTimeConverter.Format(new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Local) : time)),
        DateTimeOffset time => IsoUtcTimeConverter.Format(time),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
