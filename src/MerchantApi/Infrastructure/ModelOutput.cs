using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MerchantApi.Infrastructure;

/// <summary>A typed object as the pipeline gets it: the properties the server sent beyond the type's are added as note
/// properties by their JSON names, so nothing the server sends is lost (the provider documents its shapes only in part).</summary>
internal static class ModelOutput
{
    public static PSObject With(object model, JsonObject? additional)
    {
        var wrapped = PSObject.AsPSObject(model);
        foreach (var (name, value) in additional ?? [])
        {
            if (wrapped.Properties[name] is null)
                wrapped.Properties.Add(new PSNoteProperty(name, value is null ? null : JsonValues.FromJson(JsonDocument.Parse(value.ToJsonString()).RootElement)));
        }
        return wrapped;
    }
}
