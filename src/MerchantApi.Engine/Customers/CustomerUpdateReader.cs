namespace MerchantApi.Customers;

/// <summary>
/// Reads one row of an update: the customer fields as <see cref="CustomerDraftReader"/> matches them, plus the
/// <c>Id</c> and <c>Status</c> columns. ReferralId cannot be updated, so such a column is ignored (and listed).
/// Values given on the command line replace the row's value for the same field.
/// </summary>
public static class CustomerUpdateReader
{
    private static readonly HashSet<string> IdNames = new(StringComparer.Ordinal) { "id" };
    private static readonly HashSet<string> StatusNames = new(StringComparer.Ordinal) { "status", "walletstatus", "customerstatus" };

    /// <param name="row">The row's name/value pairs in input order.</param>
    /// <param name="overrides">Command-line values by field name (Id, Status or any field name or alias); they win.</param>
    public static CustomerDraftReadResult Read(IEnumerable<KeyValuePair<string, object?>> row,
        IReadOnlyDictionary<string, object?>? overrides = null, int rowNumber = 0)
    {
        ArgumentNullException.ThrowIfNull(row);
        overrides ??= new Dictionary<string, object?>();
        var overridden = new HashSet<string>(overrides.Keys.Select(KeyOf), StringComparer.Ordinal);

        string? id = null, status = null;
        var fields = new List<KeyValuePair<string, object?>>();
        var ignored = new List<string>();
        foreach (var pair in overrides.Concat(row.Where(p => !overridden.Contains(KeyOf(p.Key)))))
        {
            var key = CustomerFieldMap.Normalize(pair.Key ?? "");
            if (IdNames.Contains(key))
                id ??= Blank(CustomerDraftReader.ToText(pair.Value));
            else if (StatusNames.Contains(key))
                status ??= Blank(CustomerDraftReader.ToText(pair.Value));
            else if (CustomerFieldMap.Resolve(pair.Key) == CustomerField.ReferralId)
                ignored.Add($"{pair.Key} (referralId cannot be updated)");
            else
                fields.Add(pair);
        }

        var read = CustomerDraftReader.Read(fields, rowNumber);
        read.Draft.Id = id;
        read.Draft.Status = status;
        return new CustomerDraftReadResult(read.Draft, ignored.Concat(read.IgnoredColumns).ToList(), read.Conflicts);
    }

    /// <summary>Which value a name sets: the field, Id or Status; otherwise the name itself.</summary>
    private static string KeyOf(string name)
    {
        var key = CustomerFieldMap.Normalize(name ?? "");
        if (IdNames.Contains(key)) return "id";
        if (StatusNames.Contains(key)) return "status";
        return CustomerFieldMap.Resolve(name) is { } field ? "field:" + field : "other:" + key;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
