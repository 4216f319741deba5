using System.Text.Json;

namespace MerchantApi.Sandbox.Http;

/// <summary>
/// The properties of a posted object that the sandbox has no field for, kept as sent and written back after the known
/// ones: the provider's answers carry more than its pages list, and tests check that a client passes them through.
/// </summary>
internal sealed class ExtraProperties
{
    public static readonly ExtraProperties None = new([]);

    private readonly KeyValuePair<string, JsonElement>[] _properties;

    private ExtraProperties(KeyValuePair<string, JsonElement>[] properties) => _properties = properties;

    /// <summary>Every property of <paramref name="obj"/> not in <paramref name="known"/>, in the order sent (copied: they outlive the request).</summary>
    public static ExtraProperties Of(JsonElement obj, IReadOnlySet<string> known)
    {
        var extra = obj.EnumerateObject().Where(p => !known.Contains(p.Name)).Select(p => KeyValuePair.Create(p.Name, p.Value.Clone())).ToArray();
        return extra.Length == 0 ? None : new ExtraProperties(extra);
    }

    public void WriteTo(Utf8JsonWriter w)
    {
        foreach (var (name, value) in _properties)
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }
    }
}
