using System.Globalization;

namespace MerchantApi.Customers;

/// <summary>What <see cref="CustomerRowReader"/> made of one row.</summary>
/// <param name="Draft">The values as read: raw strings, not yet trimmed or validated.</param>
/// <param name="IgnoredColumns">Names that the write does not use, in input order (with the reason where it is not
/// obvious, e.g. <c>Referrer (referralId cannot be updated)</c>).</param>
/// <param name="Conflicts">Columns that gave the same field different values; worth a verbose line.</param>
/// <param name="Columns">Per field (by <see cref="CustomerField"/>), the column its value came from as the input spells
/// it; null for a field given on the command line or not given at all.</param>
internal sealed record CustomerRow(CustomerDraft Draft, IReadOnlyList<string> IgnoredColumns, IReadOnlyList<ColumnConflict> Conflicts,
    IReadOnlyList<string?> Columns)
{
    /// <summary>True when the row had properties and none of them named a field: a file read with the wrong delimiter
    /// or encoding, or objects that are not customers.</summary>
    public bool NoColumnMatched => IgnoredColumns.Count > 0 && Columns.All(c => c is null);

    /// <summary>The column the field's value came from, as spelled in the input; null if none.</summary>
    public string? ColumnOf(CustomerField field) => Columns[(int)CustomerSchema.Of(field).Field];
}

/// <summary>
/// Turns one input row (a CSV row's properties, a hashtable's entries, an object's properties) into a
/// <see cref="CustomerDraft"/> for a create or an update, matching names with <see cref="CustomerSchema"/>. Values
/// given on the command line win over the row's columns for the same field. Values are not trimmed or checked here:
/// that is <see cref="CustomerValidator"/>'s job.
/// </summary>
internal static class CustomerRowReader
{
    /// <param name="properties">Name/value pairs in input order.</param>
    /// <param name="write">Which fields the row may carry.</param>
    /// <param name="commandLine">Values given as parameters, by field; the row's columns for these fields are not read.</param>
    public static CustomerRow Read(IEnumerable<KeyValuePair<string, object?>> properties, CustomerWrite write,
        IReadOnlyDictionary<CustomerField, object?>? commandLine = null)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var draft = new CustomerDraft();
        if (commandLine is not null)
        {
            foreach (var (field, value) in commandLine)
                draft[field] = ToText(value);
        }

        // Per field: the column whose value is used (null: none yet) and whether it is the field's own name.
        var columns = new string?[CustomerSchema.Count];
        var canonical = new bool[CustomerSchema.Count];
        List<string>? ignored = null;
        List<ColumnConflict>? conflicts = null;

        foreach (var (name, raw) in properties)
        {
            if (!CustomerSchema.TryResolve(name, out var field, out var isCanonical))
            {
                (ignored ??= new List<string>()).Add(name ?? "");
                continue;
            }
            var spec = CustomerSchema.Of(field);
            if (!spec.AppliesTo(write))
            {
                (ignored ??= new List<string>()).Add(write == CustomerWrite.Update && spec.OnCreate
                    ? $"{name} ({spec.ApiName} cannot be updated)"
                    : name);
                continue;
            }
            if (commandLine is not null && commandLine.ContainsKey(field))
                continue; // the parameter wins

            var i = (int)field;
            var value = ToText(raw);
            var current = draft[field];
            if (columns[i] is null || string.IsNullOrWhiteSpace(current))
            {
                // First column for the field, or the earlier one was blank: a value beats no value. A blank one
                // never displaces a value.
                if (columns[i] is null || !string.IsNullOrWhiteSpace(value))
                {
                    columns[i] = name;
                    canonical[i] = isCanonical;
                    draft[field] = value;
                }
                continue;
            }
            if (string.IsNullOrWhiteSpace(value) || value.AsSpan().Trim().SequenceEqual(current.AsSpan().Trim()))
                continue; // nothing new

            conflicts ??= new List<ColumnConflict>();
            if (isCanonical && !canonical[i])
            {
                conflicts.Add(new ColumnConflict(field, name, value, columns[i]!, current));
                columns[i] = name;
                canonical[i] = true;
                draft[field] = value;
            }
            else
            {
                conflicts.Add(new ColumnConflict(field, columns[i]!, current, name, value));
            }
        }

        return new CustomerRow(draft, (IReadOnlyList<string>?)ignored ?? Array.Empty<string>(),
            (IReadOnlyList<ColumnConflict>?)conflicts ?? Array.Empty<ColumnConflict>(), columns);
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
