namespace MerchantApi.Customers;

/// <summary>
/// Two columns of one row map to the same field with different non-blank values (e.g. both <c>Email</c> and
/// <c>E-mail</c>). The column named exactly like the field wins, else the first one; the other is dropped.
/// Converts to its <see cref="Message"/>, so a cmdlet can write it as a warning or verbose line as is.
/// </summary>
public sealed record ColumnConflict(CustomerField Field, string UsedColumn, string UsedValue, string IgnoredColumn, string IgnoredValue, int RowNumber = 0)
{
    public string Message =>
        (RowNumber > 0 ? $"Row {RowNumber}: c" : "C") +
        $"olumns '{UsedColumn}' and '{IgnoredColumn}' both give '{CustomerFieldMap.ApiName(Field)}' with different values " +
        $"('{ValueText.Show(UsedValue)}' and '{ValueText.Show(IgnoredValue)}'); using '{UsedColumn}'.";

    public override string ToString() => Message;

    public static implicit operator string(ColumnConflict conflict) => conflict.Message;
}
