using System.Collections.Concurrent;

namespace MerchantApi.Customers;

/// <summary>
/// Resolves a column or property name to a <see cref="CustomerField"/>, however people spell it in their exports:
/// case, spaces, underscores, hyphens and dots are ignored (<c>E-mail</c>, <c>first_name</c>, <c>Phone.Number</c>,
/// <c>COUNTRY CODE</c>), and each field knows the usual synonyms (<c>Surname</c>, <c>Passport</c>, <c>TIN</c>, …).
/// </summary>
public static class CustomerFieldMap
{
    private static readonly CustomerField[] AllFields = Enum.GetValues<CustomerField>();
    private static readonly string[] ParameterNames = AllFields.Select(f => f.ToString()).ToArray();
    private static readonly string[] ApiNames = ParameterNames.Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToArray();

    /// <summary>Human spellings besides the parameter name itself, as shown in help text.</summary>
    private static readonly string[][] Aliases =
    {
        /* Email */ new[] { "E-mail", "Email Address", "E-mail Address", "Mail" },
        /* PhoneNumber */ new[] { "Phone", "Phone Number", "Mobile", "Mobile Phone", "Mobile Number", "Telephone", "Telephone Number", "Tel", "Cell Phone" },
        /* FirstName */ new[] { "First Name", "Given Name", "Forename" },
        /* LastName */ new[] { "Last Name", "Surname", "Family Name" },
        /* Comment */ new[] { "Comments", "Notes", "Note", "Remarks" },
        /* ExternalId */ new[] { "External ID", "Customer ID", "CRM ID", "Client ID" },
        /* ReferralId */ new[] { "Referral ID", "Referrer", "Referrer ID" },
        /* Country */ new[] { "Country Code" },
        /* VerificationDocumentId */ new[] { "Document ID", "Document Number", "Passport", "Passport Number", "Passport No", "ID Document", "ID Number", "Verification Document", "Verification Document ID" },
        /* ResidenceAddress */ new[] { "Address", "Residence Address", "Home Address", "Residential Address", "Street Address" },
        /* Itn */ new[] { "ITN", "Tax ID", "TIN", "Taxpayer Number", "Taxpayer ID", "Tax Number", "Tax Identification Number" },
    };

    /// <summary>Normalised spelling → field.</summary>
    private static readonly Dictionary<string, CustomerField> ByKey = BuildKeys();

    /// <summary>Raw column name → (field &lt;&lt; 1 | canonical) or -1: names repeat on every row, so each is normalised once.</summary>
    private static readonly ConcurrentDictionary<string, int> Resolved = new(StringComparer.Ordinal);

    private const int ResolvedCacheLimit = 4096;

    /// <summary>The eleven fields in API order.</summary>
    public static IReadOnlyList<CustomerField> All => AllFields;

    /// <summary>The field's JSON name in the API, camelCase: <c>verificationDocumentId</c>.</summary>
    public static string ApiName(CustomerField field) => ApiNames[Index(field)];

    /// <summary>The field's cmdlet parameter / property name, PascalCase: <c>VerificationDocumentId</c>.</summary>
    public static string ParameterName(CustomerField field) => ParameterNames[Index(field)];

    /// <summary>Other spellings recognised for the field (besides <see cref="ParameterName"/>), for help text.</summary>
    public static IReadOnlyList<string> AliasesOf(CustomerField field) => Aliases[Index(field)];

    /// <summary>Resolves a column name; false when it names no customer field.</summary>
    public static bool TryResolve(string? name, out CustomerField field)
    {
        var code = Lookup(name);
        field = code < 0 ? default : (CustomerField)(code >> 1);
        return code >= 0;
    }

    /// <summary>The field a column name stands for, or null.</summary>
    public static CustomerField? Resolve(string? name) => TryResolve(name, out var field) ? field : null;

    /// <summary>
    /// True when <paramref name="name"/> is the field's own name differing at most in case (<c>email</c>, <c>Email</c>,
    /// not <c>E-mail</c>): such a column wins over an alias column for the same field.
    /// </summary>
    public static bool IsCanonicalName(string? name, CustomerField field)
    {
        var code = Lookup(name);
        return code >= 0 && (code & 1) == 1 && (CustomerField)(code >> 1) == field;
    }

    /// <summary>
    /// The lookup key of a spelling: lower case (invariant), without spaces (any white space), underscores, hyphens,
    /// dots or a byte-order mark.
    /// </summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<char> buffer = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (c is ' ' or '_' or '-' or '.' or '\uFEFF' || char.IsWhiteSpace(c))
                continue;
            buffer[length++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..length]);
    }

    internal static int Index(CustomerField field) =>
        (uint)field < (uint)AllFields.Length ? (int)field : throw new ArgumentOutOfRangeException(nameof(field), field, "Not a customer field.");

    private static int Lookup(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return -1;
        if (Resolved.TryGetValue(name, out var code))
            return code;
        code = -1;
        if (ByKey.TryGetValue(Normalize(name), out var field))
        {
            var canonical = name.Trim().Equals(ApiNames[(int)field], StringComparison.OrdinalIgnoreCase);
            code = ((int)field << 1) | (canonical ? 1 : 0);
        }
        if (Resolved.Count < ResolvedCacheLimit)
            Resolved.TryAdd(name, code);
        return code;
    }

    private static Dictionary<string, CustomerField> BuildKeys()
    {
        if (Aliases.Length != AllFields.Length)
            throw new InvalidOperationException("Every customer field needs its row of aliases.");
        var keys = new Dictionary<string, CustomerField>(StringComparer.Ordinal);
        foreach (var field in AllFields)
        {
            foreach (var spelling in Aliases[(int)field].Prepend(ParameterNames[(int)field]))
            {
                var key = Normalize(spelling);
                if (keys.TryGetValue(key, out var other) && other != field)
                    throw new InvalidOperationException($"Alias '{spelling}' is claimed by both {other} and {field}.");
                keys[key] = field;
            }
        }
        return keys;
    }
}
