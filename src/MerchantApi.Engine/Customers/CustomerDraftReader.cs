using System.Globalization;

namespace MerchantApi.Customers;

/// <summary>
/// Turns one input row (a CSV row's properties, a hashtable's entries) into a <see cref="CustomerDraft"/>, matching
/// names with <see cref="CustomerFieldMap"/>. Values are not trimmed or checked here: that is
/// <see cref="CustomerValidator"/>'s job.
/// </summary>
public static class CustomerDraftReader
{
    private static readonly int FieldCount = CustomerFieldMap.All.Count;

    /// <param name="properties">Name/value pairs in input order.</param>
    /// <param name="rowNumber">When positive, conflict messages start with "Row N:".</param>
    public static CustomerDraftReadResult Read(IEnumerable<KeyValuePair<string, object?>> properties, int rowNumber = 0)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var draft = new CustomerDraft();
        // Per field: the column whose value is used (null: none yet) and whether it is the canonical name.
        var columns = new string?[FieldCount];
        var canonical = new bool[FieldCount];
        List<string>? ignored = null;
        List<ColumnConflict>? conflicts = null;

        foreach (var (name, raw) in properties)
        {
            if (!CustomerFieldMap.TryResolve(name, out var field))
            {
                (ignored ??= new List<string>()).Add(name ?? "");
                continue;
            }

            var i = (int)field;
            var value = ToText(raw);
            var isCanonical = CustomerFieldMap.IsCanonicalName(name, field);
            var current = CustomerDraftFields.Get(draft, field);
            if (columns[i] is null || string.IsNullOrWhiteSpace(current))
            {
                // First column for the field, or the earlier one was blank: a value beats no value. A blank one
                // never displaces a value.
                if (columns[i] is null || !string.IsNullOrWhiteSpace(value))
                {
                    columns[i] = name;
                    canonical[i] = isCanonical;
                    CustomerDraftFields.Set(draft, field, value);
                }
                continue;
            }
            if (string.IsNullOrWhiteSpace(value) || value.AsSpan().Trim().SequenceEqual(current.AsSpan().Trim()))
                continue; // nothing new

            if (isCanonical && !canonical[i])
            {
                (conflicts ??= new List<ColumnConflict>()).Add(new ColumnConflict(field, name, value, columns[i]!, current, rowNumber));
                columns[i] = name;
                canonical[i] = true;
                CustomerDraftFields.Set(draft, field, value);
            }
            else
            {
                (conflicts ??= new List<ColumnConflict>()).Add(new ColumnConflict(field, columns[i]!, current, name, value, rowNumber));
            }
        }

        return new CustomerDraftReadResult(draft,
            (IReadOnlyList<string>?)ignored ?? Array.Empty<string>(),
            (IReadOnlyList<ColumnConflict>?)conflicts ?? Array.Empty<ColumnConflict>());
    }

    /// <summary>null and DBNull → null; a string as is; anything else by its invariant-culture text.</summary>
    public static string? ToText(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
