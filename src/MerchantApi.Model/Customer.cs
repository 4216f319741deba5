using System.Text.Json.Serialization;

namespace MerchantApi;

/// <summary>A customer (and its wallet) as the provider returns it.</summary>
public sealed class Customer
{
    public string Id { get; set; } = "";
    public string? WalletId { get; set; }
    public string? Status { get; set; }
    public string Email { get; set; } = "";
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
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>True when the customer was not created by this call but already existed (re-runs).</summary>
    [JsonIgnore]
    public bool AlreadyExisted { get; set; }

    /// <summary>
    /// For an existing customer returned instead of created (<c>-ReturnExisting</c>): the fields (API names) whose
    /// stored value differs from the input row's; empty when the row matches what is stored.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string> FieldsDifferingFromInput { get; set; } = Array.Empty<string>();

    public override string ToString() => $"{FirstName} {LastName} <{Email}>";
}
