using System.Text.RegularExpressions;

namespace MerchantApi.Sandbox.Customers;

/// <summary>
/// Format rules for the customer fields (sandbox convention; the provider documents only "ISO 3166-1 alpha-2" for
/// country and the phone example). Values are stored as sent: the sandbox neither trims nor re-cases them.
/// </summary>
internal static partial class CustomerValidator
{
    public const int MaxLength = 1024;

    /// <returns>null when <paramref name="value"/> (non-blank) is acceptable for the field; else a message naming the field.</returns>
    public static string? Check(int field, string value)
    {
        var name = CustomerFields.Names[field];
        if (value.Length > MaxLength)
        {
            return $"{name} must be at most {MaxLength} characters";
        }

        return field switch
        {
            CustomerFields.Email when value.Length > 254 || !EmailPattern().IsMatch(value) => "email must be a valid email address",
            CustomerFields.PhoneNumber when !PhonePattern().IsMatch(value) => "phoneNumber must be in E.164 format, e.g. +380991234567",
            CustomerFields.Country when !Countries.IsValid(value) => "country must be an ISO 3166-1 alpha-2 code",
            CustomerFields.ReferralId when !Guid.TryParseExact(value, "D", out _) => "referralId must be a uuid",
            _ => null,
        };
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
