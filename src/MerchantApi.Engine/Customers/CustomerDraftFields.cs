namespace MerchantApi.Customers;

/// <summary>Reads and writes a <see cref="CustomerDraft"/> property by <see cref="CustomerField"/>.</summary>
internal static class CustomerDraftFields
{
    public static string? Get(CustomerDraft draft, CustomerField field) => field switch
    {
        CustomerField.Email => draft.Email,
        CustomerField.PhoneNumber => draft.PhoneNumber,
        CustomerField.FirstName => draft.FirstName,
        CustomerField.LastName => draft.LastName,
        CustomerField.Comment => draft.Comment,
        CustomerField.ExternalId => draft.ExternalId,
        CustomerField.ReferralId => draft.ReferralId,
        CustomerField.Country => draft.Country,
        CustomerField.VerificationDocumentId => draft.VerificationDocumentId,
        CustomerField.ResidenceAddress => draft.ResidenceAddress,
        CustomerField.Itn => draft.Itn,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a customer field."),
    };

    public static void Set(CustomerDraft draft, CustomerField field, string? value)
    {
        switch (field)
        {
            case CustomerField.Email: draft.Email = value; break;
            case CustomerField.PhoneNumber: draft.PhoneNumber = value; break;
            case CustomerField.FirstName: draft.FirstName = value; break;
            case CustomerField.LastName: draft.LastName = value; break;
            case CustomerField.Comment: draft.Comment = value; break;
            case CustomerField.ExternalId: draft.ExternalId = value; break;
            case CustomerField.ReferralId: draft.ReferralId = value; break;
            case CustomerField.Country: draft.Country = value; break;
            case CustomerField.VerificationDocumentId: draft.VerificationDocumentId = value; break;
            case CustomerField.ResidenceAddress: draft.ResidenceAddress = value; break;
            case CustomerField.Itn: draft.Itn = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Not a customer field.");
        }
    }
}
