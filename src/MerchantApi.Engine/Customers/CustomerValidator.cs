using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MerchantApi.Customers;

/// <summary>
/// Checks and normalises one <see cref="CustomerDraft"/> before anything is sent, reporting every problem of the
/// row at once, in field order (id first, status last for an update). Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Values are data, never formulas: one starting with <c>=</c>, <c>+</c>, <c>@</c> or <c>-</c> is neither altered
/// nor rejected for that, only judged by its field's rules. Normalising means: trimming white space (but not control
/// characters, which are reported wherever they are), blank → null, the email's domain in lower case, the country
/// code in upper case, the phone number without separators and with <c>00</c> turned into <c>+</c>, and the status
/// in its canonical case.
/// </remarks>
public static partial class CustomerValidator
{
    public const int EmailMaxLength = 254;
    public const int PhoneNumberMaxLength = 32;
    public const int NameMaxLength = 100;
    public const int CommentMaxLength = 1000;
    public const int IdMaxLength = 100;
    public const int CountryMaxLength = 100;
    public const int DocumentMaxLength = 64;
    public const int AddressMaxLength = 300;
    public const int ItnMaxLength = 32;
    public const int EmailLocalPartMaxLength = 64;
    public const int DomainLabelMaxLength = 63;

    private const string IdName = "id";
    private const string StatusName = "status";

    private static readonly int[] MaxLengths =
    {
        EmailMaxLength, PhoneNumberMaxLength, NameMaxLength, NameMaxLength, CommentMaxLength, IdMaxLength, IdMaxLength,
        CountryMaxLength, DocumentMaxLength, AddressMaxLength, ItnMaxLength,
    };

    private static readonly bool[] Required =
    {
        true, false, true, true, false, false, false, true, true, true, false,
    };

    private static readonly string[] StatusValues = { "Active", "Blocked", "Suspicious" };

    /// <summary>The statuses an update may set, in canonical case.</summary>
    public static IReadOnlyList<string> Statuses => StatusValues;

    /// <summary>The longest value (after trimming, in UTF-16 characters) the field accepts.</summary>
    public static int MaxLength(CustomerField field) => MaxLengths[CustomerFieldMap.Index(field)];

    /// <summary>True for the fields a create must have.</summary>
    public static bool IsRequired(CustomerField field) => Required[CustomerFieldMap.Index(field)];

    /// <param name="draft">The row as read; not modified.</param>
    /// <param name="rowNumber">1-based, for the messages.</param>
    /// <param name="mode">
    /// Create: the required fields must be present and non-blank; status and id are not part of a create and are left
    /// out. Update: every field is optional (a blank one counts as absent and stays null), the id is required and the
    /// status, when given, must be Active, Blocked or Suspicious.
    /// </param>
    public static CustomerValidationResult Validate(CustomerDraft draft, int rowNumber, ValidationMode mode)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (mode is not (ValidationMode.Create or ValidationMode.Update))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown validation mode.");

        var result = new CustomerDraft();
        List<ValidationProblem>? problems = null;

        if (mode == ValidationMode.Update)
        {
            if (IsBlank(draft.Id))
                Add(ref problems, Missing(null, IdName, draft.Id, rowNumber));
            else if (CheckText(null, IdName, draft.Id, IdMaxLength, rowNumber) is { } idProblem)
                Add(ref problems, idProblem);
            else
                result.Id = TrimSpaces(draft.Id);
        }

        for (var i = 0; i < MaxLengths.Length; i++)
        {
            var field = (CustomerField)i;
            var raw = CustomerDraftFields.Get(draft, field);
            if (IsBlank(raw))
            {
                if (mode == ValidationMode.Create && IsRequired(field))
                    Add(ref problems, Missing(field, CustomerFieldMap.ApiName(field), raw, rowNumber));
                continue;
            }

            var name = CustomerFieldMap.ApiName(field);
            if (CheckText(field, name, raw, MaxLength(field), rowNumber) is { } textProblem)
            {
                Add(ref problems, textProblem);
                continue;
            }

            var value = TrimSpaces(raw);
            var problem = field switch
            {
                CustomerField.Email => CheckEmail(raw, ref value, rowNumber),
                CustomerField.Country => CheckCountry(raw, ref value, rowNumber),
                CustomerField.PhoneNumber => CheckPhone(raw, ref value, rowNumber),
                _ => null,
            };
            if (problem is not null)
                Add(ref problems, problem);
            else
                CustomerDraftFields.Set(result, field, value);
        }

        if (mode == ValidationMode.Update && !IsBlank(draft.Status))
        {
            if (CheckText(null, StatusName, draft.Status, int.MaxValue, rowNumber) is { } statusProblem)
            {
                Add(ref problems, statusProblem);
            }
            else
            {
                var status = TrimSpaces(draft.Status);
                var canonical = Array.Find(StatusValues, s => s.Equals(status, StringComparison.OrdinalIgnoreCase));
                if (canonical is null)
                {
                    Add(ref problems, new ValidationProblem(CustomerErrorIds.InvalidStatus, null, draft.Status,
                        $"Row {rowNumber}: '{StatusName}' value {ValueText.Quote(status)} is not a valid status; use Active, Blocked or Suspicious."));
                }
                result.Status = canonical;
            }
        }

        return problems is null ? CustomerValidationResult.Valid(result) : CustomerValidationResult.Invalid(problems);
    }

    /// <summary>Null, empty, or white space only (tabs and line breaks included): no value at all.</summary>
    private static bool IsBlank([NotNullWhen(false)] string? value) => string.IsNullOrWhiteSpace(value);

    private static bool IsTrimmable(char c) => char.IsWhiteSpace(c) && !ValueText.IsControl(c);

    /// <summary>Trims white space that is not a control character; control characters are reported, not hidden.</summary>
    private static string TrimSpaces(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && IsTrimmable(value[start])) start++;
        while (end > start && IsTrimmable(value[end - 1])) end--;
        return start == 0 && end == value.Length ? value : value[start..end];
    }

    /// <summary>The checks every value gets: control characters, then length (of the trimmed value).</summary>
    private static ValidationProblem? CheckText(CustomerField? field, string name, string raw, int maxLength, int rowNumber)
    {
        var value = TrimSpaces(raw);
        var control = ValueText.IndexOfControl(value);
        if (control >= 0)
        {
            return new ValidationProblem(CustomerErrorIds.ControlCharacterInField, field, raw,
                $"Row {rowNumber}: '{name}' value {ValueText.Quote(value)} contains a control character " +
                $"('{ValueText.Show(value[control].ToString())}' at position {control + 1}); line breaks, tabs and other " +
                "non-printing characters are not allowed.");
        }
        if (value.Length > maxLength)
        {
            return new ValidationProblem(CustomerErrorIds.FieldTooLong, field, raw,
                $"Row {rowNumber}: '{name}' value {ValueText.Quote(value)} is {value.Length.ToString(CultureInfo.InvariantCulture)} " +
                $"characters long; the limit is {maxLength.ToString(CultureInfo.InvariantCulture)}.");
        }
        return null;
    }

    private static ValidationProblem Missing(CustomerField? field, string name, string? raw, int rowNumber) =>
        new(CustomerErrorIds.MissingRequiredField, field, raw, $"Row {rowNumber}: '{name}' is required but is missing or blank.");

    private static void Add(ref List<ValidationProblem>? problems, ValidationProblem problem) =>
        (problems ??= new List<ValidationProblem>(4)).Add(problem);

    // ---- email -------------------------------------------------------------------------------------------------

    private static ValidationProblem? CheckEmail(string raw, ref string value, int rowNumber)
    {
        var reason = EmailProblem(value, out var normalised);
        if (reason is null)
        {
            value = normalised;
            return null;
        }
        return new ValidationProblem(CustomerErrorIds.InvalidEmail, CustomerField.Email, raw,
            $"Row {rowNumber}: 'email' value {ValueText.Quote(value)} is not a valid email address: {reason}.");
    }

    /// <summary>Null when <paramref name="email"/> is acceptable (then <paramref name="normalised"/> has a lower-case domain); else why not.</summary>
    internal static string? EmailProblem(string email, out string normalised)
    {
        normalised = email;
        var at = email.IndexOf('@');
        if (at < 0)
            return "it has no '@'";
        if (email.IndexOf('@', at + 1) >= 0)
            return "it has more than one '@'";
        var local = email.AsSpan(0, at);
        var domain = email.AsSpan(at + 1);
        if (local.IsEmpty)
            return "there is nothing before the '@'";
        foreach (var c in local)
        {
            if (char.IsWhiteSpace(c))
                return "the part before the '@' contains a space";
        }
        if (local.Length > EmailLocalPartMaxLength)
            return $"the part before the '@' is longer than {EmailLocalPartMaxLength} characters";
        if (domain.IsEmpty)
            return "there is nothing after the '@'";
        if (domain.IndexOf('.') < 0)
            return "the domain has no '.'";

        var hasUpper = false;
        var rest = domain;
        while (true)
        {
            var dot = rest.IndexOf('.');
            var label = dot < 0 ? rest : rest[..dot];
            if (label.IsEmpty)
                return "the domain has an empty part (two dots in a row, or a dot at the start or end)";
            if (label.Length > DomainLabelMaxLength)
                return $"a part of the domain is longer than {DomainLabelMaxLength} characters";
            if (label[0] == '-' || label[^1] == '-')
                return $"the domain part '{ValueText.Show(label.ToString())}' starts or ends with '-'";
            for (var i = 0; i < label.Length; i++)
            {
                var c = label[i];
                if (c == '-' || char.IsAsciiDigit(c))
                    continue;
                if (char.IsHighSurrogate(c) && i + 1 < label.Length && char.IsLowSurrogate(label[i + 1]))
                {
                    if (!IsLetterOrMark(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, label[i + 1]))))
                        return $"the domain contains '{label.Slice(i, 2).ToString()}', which is not a letter, digit or hyphen";
                    i++;
                    continue;
                }
                if (!IsLetterOrMark(CharUnicodeInfo.GetUnicodeCategory(c)))
                    return $"the domain contains '{ValueText.Show(c.ToString())}', which is not a letter, digit or hyphen";
                hasUpper |= char.IsUpper(c);
            }
            if (dot < 0)
            {
                if (!IsTopLevelDomain(label))
                    return $"the top-level domain '{ValueText.Show(label.ToString())}' is not at least two letters";
                break;
            }
            rest = rest[(dot + 1)..];
        }

        if (hasUpper)
            normalised = string.Concat(email.AsSpan(0, at + 1), domain.ToString().ToLowerInvariant());
        return null;
    }

    private static bool IsLetterOrMark(UnicodeCategory category) => category is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Two or more letters (any script), or an ASCII-encoded IDN TLD such as <c>xn--p1ai</c>.</summary>
    private static bool IsTopLevelDomain(ReadOnlySpan<char> label)
    {
        if (label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase))
            return label.Length > 4;
        var letters = 0;
        foreach (var c in label)
        {
            if (char.IsAsciiDigit(c) || c == '-')
                return false;
            if (!char.IsLowSurrogate(c))
                letters++;
        }
        return letters >= 2;
    }

    // ---- country -----------------------------------------------------------------------------------------------

    private static ValidationProblem? CheckCountry(string raw, ref string value, int rowNumber)
    {
        if (IsoCountries.CanonicalCode(value) is { } code)
        {
            value = code;
            return null;
        }
        var message = $"Row {rowNumber}: 'country' value {ValueText.Quote(value)} is not an ISO 3166-1 alpha-2 code";
        message += IsoCountries.TryGetCode(value, out var suggestion)
            ? $"; did you mean '{suggestion}'?"
            : " (two letters, such as 'FR', 'DE' or 'US').";
        return new ValidationProblem(CustomerErrorIds.InvalidCountry, CustomerField.Country, raw, message);
    }

    // ---- phone -------------------------------------------------------------------------------------------------

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    private static ValidationProblem? CheckPhone(string raw, ref string value, int rowNumber)
    {
        // The length was checked, so the buffer is small.
        Span<char> buffer = stackalloc char[value.Length + 1];
        var length = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '-' or '.' or '(' or ')' || char.IsWhiteSpace(c))
                continue;
            buffer[length++] = c;
        }
        var number = buffer[..length];
        if (number.StartsWith("00"))
        {
            number[1] = '+'; // 00 is the international prefix dialled in most countries
            number = number[1..];
        }

        string? reason = null;
        if (!E164().IsMatch(number))
        {
            var other = -1;
            for (var i = 0; i < number.Length && other < 0; i++)
            {
                if (!char.IsAsciiDigit(number[i]) && !(i == 0 && number[i] == '+'))
                    other = i;
            }
            var digits = number.Length - (number.Length > 0 && number[0] == '+' ? 1 : 0);
            reason = other >= 0 ? $"'{ValueText.Show(number[other].ToString())}' is not a digit"
                : number.Length == 0 || number[0] != '+' ? "it has no international prefix ('+' or '00' and the country code)"
                : digits > 1 && number[1] == '0' ? "a country code never starts with 0"
                : $"it has {digits.ToString(CultureInfo.InvariantCulture)} digits after the '+', an E.164 number has 7 to 15";
        }
        if (reason is not null)
        {
            return new ValidationProblem(CustomerErrorIds.InvalidPhoneNumber, CustomerField.PhoneNumber, raw,
                $"Row {rowNumber}: 'phoneNumber' value {ValueText.Quote(value)} is not a valid phone number: {reason}. " +
                "Use the international E.164 format, e.g. '+380991234567'.");
        }
        if (!number.SequenceEqual(value))
            value = number.ToString();
        return null;
    }
}
