using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MerchantApi.Customers;

/// <summary>
/// Checks and normalises one <see cref="CustomerDraft"/> before anything is sent, reporting every problem of the
/// row at once, in field order. Never stricter than the provider: it checks only what the provider documents (the
/// required fields of a create, an email address, an ISO 3166-1 alpha-2 country, the three statuses, an id for an
/// update) and what is certainly broken (control characters in a single-line field). Lengths and formats the
/// provider does not document are left to the server, whose VALIDATION_ERROR becomes that row's error. Stateless
/// and thread-safe.
/// </summary>
/// <remarks>
/// Values are data, never formulas: one starting with <c>=</c>, <c>+</c>, <c>@</c> or <c>-</c> is neither altered
/// nor rejected for that. Normalising means: trimming white space (but not control characters, which a single-line
/// field reports and free text keeps), blank → null, and each <see cref="FieldFormat"/>'s own normalisation.
/// </remarks>
internal static partial class CustomerValidator
{
    /// <param name="draft">The row as read; not modified.</param>
    /// <param name="write">
    /// Create: the required fields must be present and non-blank. Update: every field is optional (a blank one counts
    /// as absent and stays null) but the id. Fields the write does not carry are left out.
    /// </param>
    /// <param name="label">How messages name a field: the caller knows what the user called it (a column as spelled
    /// in the file, a parameter). By default the field's API name in quotes.</param>
    public static CustomerValidationResult Validate(CustomerDraft draft, CustomerWrite write, Func<CustomerFieldSpec, string>? label = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var result = new CustomerDraft();
        List<ValidationProblem>? problems = null;

        foreach (var spec in CustomerSchema.For(write))
        {
            var raw = draft[spec.Field];
            var name = label?.Invoke(spec) ?? $"'{spec.ApiName}'";
            if (IsBlank(raw))
            {
                if (write == CustomerWrite.Create ? spec.RequiredOnCreate : spec.IsUpdateKey)
                    Add(ref problems, Missing(spec, name, raw));
                continue;
            }

            var value = TrimSpaces(raw);
            if ((ControlCharacter(spec, name, raw, value) ?? Misdecoded(spec, name, raw, value)) is { } textProblem)
            {
                Add(ref problems, textProblem);
                continue;
            }

            var problem = spec.Format switch
            {
                FieldFormat.Email => CheckEmail(name, raw, ref value),
                FieldFormat.Country => CheckCountry(name, raw, ref value),
                FieldFormat.Status => CheckStatus(name, raw, ref value),
                _ => null,
            };
            if (spec.Format == FieldFormat.PhoneNumber)
                value = NormalisedPhone(value);
            if (problem is not null)
                Add(ref problems, problem);
            else
                result[spec.Field] = value;
        }

        return problems is null ? CustomerValidationResult.Valid(result) : CustomerValidationResult.Invalid(problems);
    }

    /// <summary>Null, empty, or white space only (tabs and line breaks included): no value at all.</summary>
    private static bool IsBlank([NotNullWhen(false)] string? value) => string.IsNullOrWhiteSpace(value);

    private static bool IsTrimmable(char c) => char.IsWhiteSpace(c) && !ValueText.IsControl(c);

    /// <summary>Trims white space that is not a control character: line breaks in free text stay as given.</summary>
    private static string TrimSpaces(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && IsTrimmable(value[start])) start++;
        while (end > start && IsTrimmable(value[end - 1])) end--;
        return start == 0 && end == value.Length ? value : value[start..end];
    }

    /// <summary>Free text may hold line breaks and tabs; nothing else that does not print belongs in any field.</summary>
    private static bool IsAllowedControl(CustomerFieldSpec spec, char c) => spec.FreeText && c is '\n' or '\r' or '\t';

    /// <param name="value">The value trimmed (<see cref="TrimSpaces"/>), as messages show it.</param>
    private static ValidationProblem? ControlCharacter(CustomerFieldSpec spec, string name, string raw, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!ValueText.IsControl(c) || IsAllowedControl(spec, c))
                continue;
            var rule = spec.FreeText
                ? "only line breaks and tabs may appear in it"
                : "it is a single-line field, so line breaks, tabs and other non-printing characters are not allowed";
            return new ValidationProblem(CustomerErrorIds.ControlCharacterInField, spec.Field, raw,
                $"{name} value {ValueText.Quote(value)} contains a control character " +
                $"('{ValueText.Show(c.ToString())}' at position {(i + 1).ToString(CultureInfo.InvariantCulture)}); {rule}.");
        }
        return null;
    }

    /// <summary>U+FFFD is what a decoder leaves for bytes it could not read: the file was read with the wrong encoding.</summary>
    private static ValidationProblem? Misdecoded(CustomerFieldSpec spec, string name, string raw, string value) =>
        value.Contains('\uFFFD')
            ? new ValidationProblem(CustomerErrorIds.MisdecodedText, spec.Field, raw,
                $"{name} value {ValueText.Quote(value)} holds U+FFFD, the character a decoder leaves for bytes it could not read: the file was read with the wrong encoding.")
            : null;

    private static ValidationProblem Missing(CustomerFieldSpec spec, string name, string? raw) =>
        new(CustomerErrorIds.MissingRequiredField, spec.Field, raw, $"{name} is required but is missing or blank.");

    private static void Add(ref List<ValidationProblem>? problems, ValidationProblem problem) =>
        (problems ??= new List<ValidationProblem>(4)).Add(problem);

    // ---- email -------------------------------------------------------------------------------------------------

    private static ValidationProblem? CheckEmail(string name, string raw, ref string value)
    {
        var reason = EmailProblem(value, out var normalised);
        if (reason is null)
        {
            value = normalised;
            return null;
        }
        return new ValidationProblem(CustomerErrorIds.InvalidEmail, CustomerField.Email, raw,
            $"{name} value {ValueText.Quote(value)} is not a valid email address: {reason}.");
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
                        return $"the domain contains '{label.Slice(i, 2)}', which is not a letter, digit or hyphen";
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

    private static ValidationProblem? CheckCountry(string name, string raw, ref string value)
    {
        if (IsoCountries.CanonicalCode(value) is { } code)
        {
            value = code;
            return null;
        }
        var message = $"{name} value {ValueText.Quote(value)} is not an ISO 3166-1 alpha-2 code";
        message += IsoCountries.TryGetCode(value, out var suggestion)
            ? $"; did you mean '{suggestion}'?"
            : " (two letters, such as 'FR', 'DE' or 'US').";
        return new ValidationProblem(CustomerErrorIds.InvalidCountry, CustomerField.Country, raw, message);
    }

    // ---- phone -------------------------------------------------------------------------------------------------

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    /// <summary>
    /// Removes spaces, dashes, dots and parentheses and reads a leading <c>00</c> as <c>+</c>, when that gives an E.164
    /// number; any other value is sent as given, for the server to judge (the provider documents no format).
    /// </summary>
    private static string NormalisedPhone(string value)
    {
        var buffer = value.Length <= 128 ? stackalloc char[value.Length] : new char[value.Length];
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
        return E164().IsMatch(number) && !number.SequenceEqual(value) ? number.ToString() : value;
    }

    // ---- status ------------------------------------------------------------------------------------------------

    private static ValidationProblem? CheckStatus(string name, string raw, ref string value)
    {
        var status = value;
        if (CustomerSchema.Statuses.FirstOrDefault(s => s.Equals(status, StringComparison.OrdinalIgnoreCase)) is { } canonical)
        {
            value = canonical;
            return null;
        }
        return new ValidationProblem(CustomerErrorIds.InvalidStatus, CustomerField.Status, raw,
            $"{name} value {ValueText.Quote(value)} is not a valid status; use {string.Join(", ", CustomerSchema.Statuses.SkipLast(1))} or {CustomerSchema.Statuses[^1]}.");
    }
}
