namespace MerchantApi.Customers;

/// <summary>
/// The eleven string fields of <c>POST /v2/customer/create</c>, in the API's order (the order in which problems of
/// a row are reported). <see cref="CustomerFieldMap"/> gives each one's JSON name, parameter name and aliases.
/// </summary>
public enum CustomerField
{
    Email,
    PhoneNumber,
    FirstName,
    LastName,
    Comment,
    ExternalId,
    ReferralId,
    Country,
    VerificationDocumentId,
    ResidenceAddress,
    Itn,
}
