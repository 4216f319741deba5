namespace MerchantApi.Customers;

/// <summary>
/// How an update is put into words for its confirmation, <c>-WhatIf</c> and errors: which customer it is for (as much
/// as the input tells) and the values it sets. Values are the customer's data, not secrets, so they are shown; control
/// characters are escaped and long values shortened (<see cref="ValueText"/>).
/// </summary>
internal static class UpdateDescription
{
    /// <summary>The fields an update sets, with their values, in schema order: everything but the id.</summary>
    public static IEnumerable<(CustomerFieldSpec Spec, string Value)> Changes(CustomerDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft.Values().Where(v => !v.Spec.IsUpdateKey);
    }

    /// <summary>Whether the update sets anything besides the id.</summary>
    public static bool HasChanges(CustomerDraft draft) => Changes(draft).Any();

    /// <summary>
    /// <c>status = Blocked, comment = 'Checked by phone'</c>: each field by its API name with the value as it will be
    /// sent (normalised), quoted; the status, one of three words, unquoted.
    /// </summary>
    public static string Values(CustomerDraft draft) =>
        string.Join(", ", Changes(draft).Select(v =>
            $"{v.Spec.ApiName} = {(v.Spec.Format == FieldFormat.Status ? v.Value : ValueText.Quote(v.Value))}"));

    /// <summary>
    /// The customer an update is for. A <see cref="Customer"/> (from Get-MerchantCustomer) is named by its name and
    /// email, then its id: <c>customer Alex Smith &lt;alex.smith@example.com&gt; (id 4a1d…)</c>. An id or a row tells
    /// only the id: <c>customer 4a1d…</c>, with <c>(row 3)</c> for a row. A row's email or name columns are not used to
    /// name it: in an update they are the new values (shown among the values), not necessarily the customer's current ones.
    /// </summary>
    /// <param name="item">The input item (the error target): a Customer, an id or a row.</param>
    /// <param name="id">The id the update is sent for.</param>
    /// <param name="row">The 1-based input row.</param>
    public static string Subject(object? item, string? id, int row)
    {
        var shownId = ValueText.Show(id);
        if (item is Customer { Email: { Length: > 0 } email } customer)
        {
            var name = string.Join(" ", new[] { customer.FirstName, customer.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
            var who = name.Length == 0 ? $"<{ValueText.Show(email)}>" : $"{ValueText.Show(name)} <{ValueText.Show(email)}>";
            return $"customer {who} (id {shownId})";
        }
        return item is string or Customer ? $"customer {shownId}" : $"customer {shownId} (row {row})";
    }
}
