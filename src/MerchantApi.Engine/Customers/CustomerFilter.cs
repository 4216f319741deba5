using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MerchantApi.Customers;

/// <summary>
/// The body of <c>/v2/customer/find</c>: the filters (blank ones become null and are not sent) and the page
/// (<see cref="Skip"/>/<see cref="Take"/>, set by the paging loop through <see cref="Page"/>).
/// </summary>
internal sealed record CustomerFilter
{
    public string? Email { get; init => field = Clean(value); }
    public string? WalletId { get; init => field = Clean(value); }
    public string? PhoneNumber { get; init => field = Clean(value); }

    /// <summary>"First Last".</summary>
    public string? FullName { get; init => field = Clean(value); }

    public string? Comment { get; init => field = Clean(value); }
    public string? ExternalId { get; init => field = Clean(value); }
    public string? ReferralId { get; init => field = Clean(value); }

    /// <summary>Sent as ISO 8601 in UTC with milliseconds, as the provider writes its own times.</summary>
    [JsonConverter(typeof(IsoUtcTimeConverter))]
    public DateTimeOffset? CreatedFrom { get; init; }

    [JsonConverter(typeof(IsoUtcTimeConverter))]
    public DateTimeOffset? CreatedTo { get; init; }

    public int? Take { get; init; }
    public int? Skip { get; init; }

    /// <summary>
    /// The text filters whose value holds <c>*</c> or <c>?</c>, by property name (the name of the Get-MerchantCustomer
    /// parameter too), in the order of this record. The provider documents no wildcards in find and the sandbox takes
    /// them literally, so such a filter that finds nothing was most likely meant as a pattern.
    /// </summary>
    public IEnumerable<(string Name, string Value)> WithWildcards()
    {
        foreach (var (name, value) in TextFilters())
        {
            if (value is not null && value.AsSpan().IndexOfAny('*', '?') >= 0)
                yield return (name, value);
        }
    }

    private IEnumerable<(string Name, string? Value)> TextFilters()
    {
        yield return (nameof(Email), Email);
        yield return (nameof(WalletId), WalletId);
        yield return (nameof(PhoneNumber), PhoneNumber);
        yield return (nameof(FullName), FullName);
        yield return (nameof(Comment), Comment);
        yield return (nameof(ExternalId), ExternalId);
        yield return (nameof(ReferralId), ReferralId);
    }

    /// <summary>The same filters for one page.</summary>
    public CustomerFilter Page(int skip, int take) => this with { Skip = skip, Take = take };

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A time as the provider writes it: <c>2024-02-26T16:36:14.499Z</c>.</summary>
internal sealed class IsoUtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    /// <summary>Every time the module sends, in a body or a query.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
