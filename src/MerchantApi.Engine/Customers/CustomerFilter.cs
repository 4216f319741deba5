using System.Globalization;
using MerchantApi.Http;

namespace MerchantApi.Customers;

/// <summary>The filters of <c>/v2/customer/find</c>; absent (null or blank) ones are not sent.</summary>
public sealed class CustomerFilter
{
    public string? Email { get; set; }
    public string? WalletId { get; set; }
    public string? PhoneNumber { get; set; }

    /// <summary>"First Last".</summary>
    public string? FullName { get; set; }

    public string? Comment { get; set; }
    public string? ExternalId { get; set; }
    public string? ReferralId { get; set; }

    /// <summary>Sent as <c>createdFrom</c>, ISO 8601 in UTC.</summary>
    public DateTimeOffset? CreatedFrom { get; set; }

    /// <summary>Sent as <c>createdTo</c>, ISO 8601 in UTC.</summary>
    public DateTimeOffset? CreatedTo { get; set; }

    internal FindRequest ToRequest(int skip, int take) => new()
    {
        Email = Text(Email),
        WalletId = Text(WalletId),
        PhoneNumber = Text(PhoneNumber),
        FullName = Text(FullName),
        Comment = Text(Comment),
        ExternalId = Text(ExternalId),
        ReferralId = Text(ReferralId),
        CreatedFrom = Iso(CreatedFrom),
        CreatedTo = Iso(CreatedTo),
        Take = take,
        Skip = skip,
    };

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static string? Iso(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
