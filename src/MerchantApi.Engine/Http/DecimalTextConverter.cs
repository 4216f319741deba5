using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MerchantApi.Http;

/// <summary>
/// An amount as the provider sends it: decimal text (<c>"0.10000000"</c>), read exactly with the invariant culture,
/// never through a double. A JSON number is taken too, and text that is no number gives null rather than failing the
/// whole answer (the provider documents amounts only in part).
/// </summary>
internal sealed class DecimalTextConverter : JsonConverter<decimal?>
{
    public override bool HandleNull => true;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.TryGetDecimal(out var number) ? number : null,
        JsonTokenType.String => Parse(reader.GetString()),
        _ => Skip(ref reader),
    };

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
    {
        if (value is { } amount) writer.WriteStringValue(amount.ToString(CultureInfo.InvariantCulture));
        else writer.WriteNullValue();
    }

    public static decimal? Parse(string? text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) ? amount : null;

    private static decimal? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
