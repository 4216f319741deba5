namespace MerchantApi.Customers;

/// <summary>
/// What an input row of the customer cmdlets can carry: the update key, the eleven string fields of
/// <c>POST /v2/customer/create</c> in the API's order, and the status an update may set. The order is the order in
/// which a row's problems are reported. <see cref="CustomerSchema"/> describes each one.
/// </summary>
internal enum CustomerField
{
    Id,
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
    Status,
}
