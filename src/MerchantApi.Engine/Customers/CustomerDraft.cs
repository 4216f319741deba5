using System.Text.Json.Serialization;

namespace MerchantApi.Customers;

/// <summary>
/// The fields of <c>/v2/customer/create</c> (and, minus <see cref="ReferralId"/>, of update). Absent values stay
/// null and are left out of the request body.
/// </summary>
public sealed class CustomerDraft
{
    public string? Email { get; set; }
    public string? PhoneNumber { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Comment { get; set; }
    public string? ExternalId { get; set; }
    public string? ReferralId { get; set; }
    public string? Country { get; set; }
    public string? VerificationDocumentId { get; set; }
    public string? ResidenceAddress { get; set; }
    public string? Itn { get; set; }

    /// <summary>Only for update: Active, Blocked or Suspicious.</summary>
    public string? Status { get; set; }

    /// <summary>Only for update: the customer to change.</summary>
    public string? Id { get; set; }
}
