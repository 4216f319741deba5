namespace MerchantApi.Customers;

/// <summary>What a draft is validated for.</summary>
public enum ValidationMode
{
    /// <summary>A new customer: email, firstName, lastName, country, verificationDocumentId and residenceAddress are required.</summary>
    Create,

    /// <summary>A change to an existing customer: only the fields present are checked; the id is required.</summary>
    Update,
}
