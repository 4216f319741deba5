using System.Collections.Concurrent;

namespace MerchantApi.Customers;

/// <summary>How a field's value is checked and normalised beyond the rules every value gets.</summary>
internal enum FieldFormat
{
    /// <summary>Any text: trimmed, nothing else.</summary>
    Text,

    /// <summary>An email address (the provider's unique key): its domain in lower case.</summary>
    Email,

    /// <summary>ISO 3166-1 alpha-2 (the provider documents it): upper case; a name or alpha-3 code gets a suggestion.</summary>
    Country,

    /// <summary>Separators removed and <c>00</c> read as <c>+</c> when that gives an E.164 number; otherwise sent as given.</summary>
    PhoneNumber,

    /// <summary>Active, Blocked or Suspicious (the provider's three), in canonical case.</summary>
    Status,
}

/// <summary>One customer field, described once: everything the readers, the validator and the cmdlets know of it.</summary>
/// <param name="Field">Which field.</param>
/// <param name="ParameterAliases">The <c>[Alias]</c>es of the cmdlets' parameter for the field.</param>
/// <param name="ColumnSpellings">Column names accepted in files besides the parameter name (compared after
/// <see cref="CustomerSchema.Normalize"/>: case, spaces, underscores, hyphens and dots do not matter).</param>
/// <param name="OnCreate">Sent by a create.</param>
/// <param name="RequiredOnCreate">A create must have it (the provider's required fields).</param>
/// <param name="Updatable">An update may change it.</param>
/// <param name="FreeText">Free text keeps line breaks and tabs as given (several-line notes and addresses in real
/// exports); a single-line field with any control character is certainly broken input.</param>
/// <param name="Format">Its own check and normalisation.</param>
internal sealed record CustomerFieldSpec(
    CustomerField Field,
    IReadOnlyList<string> ParameterAliases,
    IReadOnlyList<string> ColumnSpellings,
    bool OnCreate,
    bool RequiredOnCreate,
    bool Updatable,
    bool FreeText = false,
    FieldFormat Format = FieldFormat.Text)
{
    /// <summary>The cmdlet parameter and <see cref="Customer"/> property name, PascalCase: <c>VerificationDocumentId</c>.</summary>
    public string ParameterName { get; } = Field.ToString();

    /// <summary>The JSON name in the API, camelCase: <c>verificationDocumentId</c>.</summary>
    public string ApiName { get; } = char.ToLowerInvariant(Field.ToString()[0]) + Field.ToString()[1..];

    /// <summary>The key of an update: required there, never sent by a create.</summary>
    public bool IsUpdateKey => Field == CustomerField.Id;

    /// <summary>Whether a row of this kind of write carries the field.</summary>
    public bool AppliesTo(CustomerWrite write) => write == CustomerWrite.Create ? OnCreate : Updatable || IsUpdateKey;
}

/// <summary>What a row is read and validated for.</summary>
internal enum CustomerWrite
{
    /// <summary>A new customer (<c>/v2/customer/create</c>).</summary>
    Create,

    /// <summary>A change to an existing customer (<c>/v2/customer/update</c>): the id and the fields present.</summary>
    Update,
}

/// <summary>
/// The one table of customer fields. Column names resolve however people spell them in their exports: case,
/// spaces, underscores, hyphens, dots and a byte-order mark are ignored (<c>E-mail</c>, <c>first_name</c>,
/// <c>COUNTRY CODE</c>), and each field knows the usual synonyms (<c>Surname</c>, <c>Passport</c>, <c>TIN</c>, …).
/// </summary>
internal static class CustomerSchema
{
    private static readonly string[] None = Array.Empty<string>();

    private static readonly CustomerFieldSpec[] Specs =
    {
        new(CustomerField.Id, new[] { "CustomerId" }, None, OnCreate: false, RequiredOnCreate: false, Updatable: false),
        new(CustomerField.Email, new[] { "EmailAddress", "Mail" },
            new[] { "E-mail", "Email Address", "E-mail Address", "Mail" },
            OnCreate: true, RequiredOnCreate: true, Updatable: true, Format: FieldFormat.Email),
        new(CustomerField.PhoneNumber, new[] { "Phone", "Mobile" },
            new[] { "Phone", "Phone Number", "Mobile", "Mobile Phone", "Mobile Number", "Telephone", "Telephone Number", "Tel", "Cell Phone" },
            OnCreate: true, RequiredOnCreate: false, Updatable: true, Format: FieldFormat.PhoneNumber),
        new(CustomerField.FirstName, new[] { "GivenName" }, new[] { "First Name", "Given Name", "Forename" },
            OnCreate: true, RequiredOnCreate: true, Updatable: true),
        new(CustomerField.LastName, new[] { "Surname" }, new[] { "Last Name", "Surname", "Family Name" },
            OnCreate: true, RequiredOnCreate: true, Updatable: true),
        new(CustomerField.Comment, new[] { "Notes" }, new[] { "Comments", "Notes", "Note", "Remarks" },
            OnCreate: true, RequiredOnCreate: false, Updatable: true, FreeText: true),
        new(CustomerField.ExternalId, None, new[] { "External ID", "Customer ID", "CRM ID", "Client ID" },
            OnCreate: true, RequiredOnCreate: false, Updatable: true),
        // The provider's update takes every create field but this one.
        new(CustomerField.ReferralId, None, new[] { "Referral ID", "Referrer", "Referrer ID" },
            OnCreate: true, RequiredOnCreate: false, Updatable: false),
        new(CustomerField.Country, new[] { "CountryCode" }, new[] { "Country Code" },
            OnCreate: true, RequiredOnCreate: true, Updatable: true, Format: FieldFormat.Country),
        new(CustomerField.VerificationDocumentId, new[] { "DocumentId", "Passport" },
            new[] { "Document ID", "Document Number", "Passport", "Passport Number", "Passport No", "ID Document", "ID Number", "Verification Document", "Verification Document ID" },
            OnCreate: true, RequiredOnCreate: true, Updatable: true),
        new(CustomerField.ResidenceAddress, new[] { "Address" },
            new[] { "Address", "Residence Address", "Home Address", "Residential Address", "Street Address" },
            OnCreate: true, RequiredOnCreate: true, Updatable: true, FreeText: true),
        new(CustomerField.Itn, new[] { "TaxId" },
            new[] { "ITN", "Tax ID", "TIN", "Taxpayer Number", "Taxpayer ID", "Tax Number", "Tax Identification Number" },
            OnCreate: true, RequiredOnCreate: false, Updatable: true),
        new(CustomerField.Status, None, new[] { "Wallet Status", "Customer Status" },
            OnCreate: false, RequiredOnCreate: false, Updatable: true, Format: FieldFormat.Status),
    };

    /// <summary>The statuses an update may set, in canonical case.</summary>
    public static IReadOnlyList<string> Statuses { get; } = new[] { "Active", "Blocked", "Suspicious" };

    /// <summary>Normalised spelling → field (the parameter name and every column spelling).</summary>
    private static readonly Dictionary<string, CustomerField> ByKey = BuildKeys();

    /// <summary>Raw column name → (field &lt;&lt; 1 | canonical) or -1: names repeat on every row, so each is normalised once.</summary>
    private static readonly ConcurrentDictionary<string, int> Resolved = new(StringComparer.Ordinal);

    private const int ResolvedCacheLimit = 4096;

    /// <summary>Every field, in reporting order (<see cref="CustomerField"/>'s order).</summary>
    public static IReadOnlyList<CustomerFieldSpec> Fields => Specs;

    public static int Count => Specs.Length;

    public static CustomerFieldSpec Of(CustomerField field) =>
        (uint)field < (uint)Specs.Length ? Specs[(int)field] : throw new ArgumentOutOfRangeException(nameof(field), field, "Not a customer field.");

    private static readonly System.Reflection.PropertyInfo?[] CustomerProperties =
        Specs.Select(spec => typeof(Customer).GetProperty(spec.ParameterName)).ToArray();

    /// <summary>The field's value on a customer the server returned (its property of the same name).</summary>
    public static string? ValueOn(Customer customer, CustomerField field) =>
        CustomerProperties[(int)Of(field).Field]?.GetValue(customer) as string;

    /// <summary>
    /// The fields (API names) a create of <paramref name="draft"/> sets to something other than what
    /// <paramref name="existing"/> holds: emails compare without case, everything else exactly.
    /// </summary>
    public static IReadOnlyList<string> Differences(CustomerDraft draft, Customer existing) =>
        draft.Values()
            .Where(v => v.Spec.OnCreate)
            .Where(v => !string.Equals(v.Value, ValueOn(existing, v.Spec.Field),
                v.Spec.Format == FieldFormat.Email ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            .Select(v => v.Spec.ApiName)
            .ToList();

    /// <summary>The fields a row of <paramref name="write"/> carries, in reporting order.</summary>
    public static IEnumerable<CustomerFieldSpec> For(CustomerWrite write) => Specs.Where(spec => spec.AppliesTo(write));

    /// <summary>Resolves a column name; false when it names no field.</summary>
    /// <param name="canonical">The name is the field's own (<c>email</c>, <c>Email</c>; not <c>E-mail</c>): such a
    /// column wins over another spelling of the same field.</param>
    public static bool TryResolve(string? name, out CustomerField field, out bool canonical)
    {
        var code = Lookup(name);
        field = code < 0 ? default : (CustomerField)(code >> 1);
        canonical = code >= 0 && (code & 1) == 1;
        return code >= 0;
    }

    /// <summary>
    /// The lookup key of a spelling: lower case (invariant), without spaces (any white space), underscores, hyphens,
    /// dots or a byte-order mark.
    /// </summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var buffer = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (c is ' ' or '_' or '-' or '.' or '\uFEFF' || char.IsWhiteSpace(c))
                continue;
            buffer[length++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..length]);
    }

    private static int Lookup(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return -1;
        if (Resolved.TryGetValue(name, out var code))
            return code;
        code = -1;
        if (ByKey.TryGetValue(Normalize(name), out var field))
        {
            var canonical = name.Trim().Trim('\uFEFF').Equals(Of(field).ParameterName, StringComparison.OrdinalIgnoreCase);
            code = ((int)field << 1) | (canonical ? 1 : 0);
        }
        if (Resolved.Count < ResolvedCacheLimit)
            Resolved.TryAdd(name, code);
        return code;
    }

    private static Dictionary<string, CustomerField> BuildKeys()
    {
        var keys = new Dictionary<string, CustomerField>(StringComparer.Ordinal);
        for (var i = 0; i < Specs.Length; i++)
        {
            var spec = Specs[i];
            if ((int)spec.Field != i)
                throw new InvalidOperationException($"The schema lists {spec.Field} out of the enum's order.");
            foreach (var spelling in spec.ColumnSpellings.Prepend(spec.ParameterName))
            {
                var key = Normalize(spelling);
                if (keys.TryGetValue(key, out var other) && other != spec.Field)
                    throw new InvalidOperationException($"The spelling '{spelling}' is claimed by both {other} and {spec.Field}.");
                keys[key] = spec.Field;
            }
        }
        return keys;
    }
}
