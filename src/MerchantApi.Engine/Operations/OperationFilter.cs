using System.Text.Json.Serialization;

namespace MerchantApi.Operations;

/// <summary>The body of <c>/v2/operation/find</c>: every filter optional (null ones are not sent); paging goes in the query.</summary>
internal sealed class OperationFilter
{
    public string? Type { get; init; }
    public string? Status { get; init; }
    public string? WalletId { get; init; }
    public string? ExternalId { get; init; }
    public string? SourceAsset { get; init; }
    public string? TargetAsset { get; init; }

    /// <summary>Created at or after (sent as ISO 8601 UTC with milliseconds, like every time the module sends).</summary>
    [JsonConverter(typeof(Customers.IsoUtcTimeConverter))]
    public DateTimeOffset? DateFrom { get; init; }

    [JsonConverter(typeof(Customers.IsoUtcTimeConverter))]
    public DateTimeOffset? DateTo { get; init; }
}
