using MerchantApi.Customers;

namespace MerchantApi.Http;

internal static partial class CustomerApi
{
    /// <summary>
    /// <c>/v2/customer/update</c>: sends the id and the fields that are set (null ones are left out, so they keep their
    /// values). An update sets values rather than adding to them, so repeating it is harmless: it is retried like a read
    /// after a timeout or server error. Unknown id → <c>CustomerNotFound</c>; a provider-set Blocked/Suspicious the
    /// merchant may not lift → <c>Forbidden</c> (PermissionDenied).
    /// </summary>
    public static async Task<Customer> UpdateAsync(MerchantSession session, CustomerDraft draft, CallOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (string.IsNullOrWhiteSpace(draft.Id))
            throw new ArgumentException("An update needs the customer's id.", nameof(draft));
        if (draft.Values().FirstOrDefault(v => !v.Spec.AppliesTo(CustomerWrite.Update)) is { Spec: { } notUpdatable })
            throw new ArgumentException($"{notUpdatable.ApiName} cannot be updated.", nameof(draft));
        try
        {
            return await MerchantHttp.PostAsync(session, UpdatePath, draft, MerchantJson.Default.CustomerDraft,
                MerchantJson.Default.DataEnvelopeCustomer, RequestKind.Read, options, cancellationToken).ConfigureAwait(false);
        }
        catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.NotFound)
        {
            throw NotFound(draft.Id, ex);
        }
        catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.PermissionDenied)
        {
            throw new MerchantApiException("Forbidden", MerchantErrorKind.PermissionDenied,
                $"Customer '{draft.Id}' was not changed: the provider refused it" +
                (draft.Status is null ? "" : $" (a Blocked or Suspicious status set by the provider cannot be lifted by the merchant; requested status {draft.Status})") +
                $". (HTTP {(int?)ex.StatusCode}: {string.Join("; ", ex.Errors)})", ex.StatusCode, ex.Errors, ex);
        }
    }

    /// <summary>One row of a bulk update, never throwing for the row's own problems.</summary>
    public static async Task<CustomerOutcome> UpdateRowAsync(MerchantSession session, int row, object? input, CustomerDraft draft,
        CallOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return CustomerOutcome.Succeeded(row, input, await UpdateAsync(session, draft, options, cancellationToken).ConfigureAwait(false));
        }
        catch (MerchantApiException ex)
        {
            return CustomerOutcome.Failed(row, input, ex);
        }
    }
}
