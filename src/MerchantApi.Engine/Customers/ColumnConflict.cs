namespace MerchantApi.Customers;

/// <summary>
/// Two columns of one row map to the same field with different non-blank values (e.g. both <c>Email</c> and
/// <c>E-mail</c>). The column named exactly like the field wins, else the first one; the other is dropped.
/// </summary>
internal sealed record ColumnConflict(CustomerField Field, string UsedColumn, string UsedValue, string IgnoredColumn, string IgnoredValue)
{
    public string Message =>
        $"Columns '{UsedColumn}' and '{IgnoredColumn}' both give '{CustomerSchema.Of(Field).ApiName}' with different values " +
        $"('{ValueText.Show(UsedValue)}' and '{ValueText.Show(IgnoredValue)}'); using '{UsedColumn}'.";

    public override string ToString() => Message;
}
