using System.Text.Json;
using System.Text.Json.Serialization;

namespace MerchantApi.Customers;

/// <summary>
/// The values of one create or update, by <see cref="CustomerField"/>. Absent values stay null and are left out of
/// the request body, which is written by the schema's API names (<see cref="CustomerDraftJsonConverter"/>).
/// </summary>
[JsonConverter(typeof(CustomerDraftJsonConverter))]
internal sealed class CustomerDraft
{
    private readonly string?[] _values = new string?[CustomerSchema.Count];

    public string? this[CustomerField field]
    {
        get => _values[Slot(field)];
        set => _values[Slot(field)] = value;
    }

    public string? Id => this[CustomerField.Id];
    public string? Email => this[CustomerField.Email];
    public string? Status => this[CustomerField.Status];

    private static int Slot(CustomerField field) => (int)CustomerSchema.Of(field).Field;

    /// <summary>The fields that have a value, in schema order.</summary>
    public IEnumerable<(CustomerFieldSpec Spec, string Value)> Values()
    {
        foreach (var spec in CustomerSchema.Fields)
        {
            if (_values[(int)spec.Field] is { } value)
                yield return (spec, value);
        }
    }
}

/// <summary>Writes a <see cref="CustomerDraft"/> as the API's JSON object: each value under its field's API name.</summary>
internal sealed class CustomerDraftJsonConverter : JsonConverter<CustomerDraft>
{
    public override CustomerDraft Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A customer draft is only ever sent, never read.");

    public override void Write(Utf8JsonWriter writer, CustomerDraft value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (spec, text) in value.Values())
            writer.WriteString(spec.ApiName, text);
        writer.WriteEndObject();
    }
}
