using System.Text.Json;
using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Customers;

internal enum CustomerStatus
{
    Active,
    Blocked,
    Suspicious,
}

/// <summary>The eleven string fields of a customer, in the order of the provider's create table (and of the JSON).</summary>
internal static class CustomerFields
{
    public const int Email = 0;
    public const int PhoneNumber = 1;
    public const int FirstName = 2;
    public const int LastName = 3;
    public const int Comment = 4;
    public const int ExternalId = 5;
    public const int ReferralId = 6;
    public const int Country = 7;
    public const int VerificationDocumentId = 8;
    public const int ResidenceAddress = 9;
    public const int Itn = 10;

    public static readonly string[] Names =
    [
        "email", "phoneNumber", "firstName", "lastName", "comment", "externalId", "referralId", "country",
        "verificationDocumentId", "residenceAddress", "itn",
    ];

    public static readonly bool[] Required = [true, false, true, true, false, false, false, true, true, true, false];

    public static int Count => Names.Length;
}

/// <summary>
/// An immutable customer; an update makes a new one. <see cref="Sequence"/> is the insertion order that breaks
/// createdAt ties. <see cref="StatusSetByProvider"/> is true when the provider (not the merchant) set Blocked/Suspicious.
/// </summary>
internal sealed record Customer(
    Guid Id,
    Guid WalletId,
    CustomerStatus Status,
    bool StatusSetByProvider,
    string?[] Values,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Sequence)
{
    public string Email => Values[CustomerFields.Email]!;

    public string FullName => $"{Values[CustomerFields.FirstName]} {Values[CustomerFields.LastName]}";

    /// <summary>Field order: id, walletId, status, the eleven fields (absent ones as null), createdAt, updatedAt.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", Id);
        w.WriteString("walletId", WalletId);
        w.WriteString("status", Status.ToString());
        for (var i = 0; i < CustomerFields.Count; i++)
        {
            w.WriteNullableString(CustomerFields.Names[i], Values[i]);
        }

        w.WriteString("createdAt", ApiJson.FormatTimestamp(CreatedAt));
        w.WriteString("updatedAt", ApiJson.FormatTimestamp(UpdatedAt));
        w.WriteEndObject();
    }

    public static bool TryParseStatus(string? value, out CustomerStatus status)
    {
        switch (value)
        {
            case "Active":
                status = CustomerStatus.Active;
                return true;
            case "Blocked":
                status = CustomerStatus.Blocked;
                return true;
            case "Suspicious":
                status = CustomerStatus.Suspicious;
                return true;
            default:
                status = default;
                return false;
        }
    }
}
