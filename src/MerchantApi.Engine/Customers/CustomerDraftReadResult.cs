namespace MerchantApi.Customers;

/// <summary>What <see cref="CustomerDraftReader"/> made of one row.</summary>
public sealed class CustomerDraftReadResult
{
    public CustomerDraftReadResult(CustomerDraft draft, IReadOnlyList<string> ignoredColumns, IReadOnlyList<ColumnConflict> conflicts)
    {
        Draft = draft;
        IgnoredColumns = ignoredColumns;
        Conflicts = conflicts;
    }

    /// <summary>The values as read: raw strings, not yet trimmed or validated.</summary>
    public CustomerDraft Draft { get; }

    /// <summary>Names that matched no customer field, in input order.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    /// <summary>Columns that gave the same field different values; worth a warning.</summary>
    public IReadOnlyList<ColumnConflict> Conflicts { get; }
}
