using MerchantApi.Customers;

namespace MerchantApi.Http;

/// <summary>The <c>/v2/customer/*</c> calls.</summary>
public static partial class CustomerApi
{
    /// <summary>
    /// Creates a customer exactly once. When an attempt's outcome is unknown (connection dropped after sending,
    /// timeout, 5xx), the email is looked up before anything is re-sent: a match is the customer we created.
    /// </summary>
    public static async Task<Customer> CreateAsync(MerchantSession session, CustomerDraft draft, CallOptions options,
        CancellationToken cancellationToken)
    {
        var budget = options.NewBudget();
        var outcomeUnknown = false;
        while (true)
        {
            try
            {
                return await MerchantHttp.PostAsync(session, "v2/customer/create", draft, MerchantJson.Default.CustomerDraft,
                    MerchantJson.Default.DataEnvelopeCustomer, RequestKind.Write, options, cancellationToken, budget).ConfigureAwait(false);
            }
            catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.Conflict && outcomeUnknown && draft.Email is not null)
            {
                // Our earlier attempt went through after all; the duplicate is ourselves.
                var ours = await FindByEmailAsync(session, draft.Email, options, cancellationToken).ConfigureAwait(false);
                if (ours is not null) return ours;
                throw;
            }
            catch (MerchantApiException ex) when (ex.OutcomeUnknown && draft.Email is not null)
            {
                outcomeUnknown = true;
                options.Log.Verbose($"Create of {draft.Email}: outcome unknown ({ex.ErrorId}); checking whether it was stored before retrying.");
                var stored = await FindByEmailAsync(session, draft.Email, options, cancellationToken).ConfigureAwait(false);
                if (stored is not null) return stored;
                var delay = budget.NextBackoff();
                if (!budget.CanRetryAfter(delay)) throw;
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One row of a bulk create, never throwing for the row's own problems: a duplicate email becomes
    /// <c>CustomerAlreadyExists</c> naming the existing id, or, with <paramref name="returnExisting"/>, the existing
    /// customer marked <see cref="Customer.AlreadyExisted"/> (so a re-run creates only what is missing).
    /// </summary>
    public static async Task<CustomerOutcome> CreateRowAsync(MerchantSession session, int row, object? input, CustomerDraft draft,
        bool returnExisting, CallOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return CustomerOutcome.Succeeded(row, input, await CreateAsync(session, draft, options, cancellationToken).ConfigureAwait(false));
        }
        catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.Conflict && draft.Email is not null)
        {
            try
            {
                var existing = await FindByEmailAsync(session, draft.Email, options, cancellationToken).ConfigureAwait(false);
                if (returnExisting && existing is not null)
                {
                    existing.AlreadyExisted = true;
                    return CustomerOutcome.Succeeded(row, input, existing);
                }
                return CustomerOutcome.Failed(row, input, new MerchantApiException("CustomerAlreadyExists", MerchantErrorKind.Conflict,
                    $"Row {row}: a customer with email '{draft.Email}' already exists (id {existing?.Id ?? "unknown"}). " +
                    "Use -ReturnExisting to get it instead of this error. " +
                    $"(HTTP {(int?)ex.StatusCode}: {string.Join("; ", ex.Errors)})", ex.StatusCode, ex.Errors, ex));
            }
            catch (MerchantApiException lookupFailure)
            {
                return CustomerOutcome.Failed(row, input, ForRow(row, lookupFailure));
            }
        }
        catch (MerchantApiException ex)
        {
            return CustomerOutcome.Failed(row, input, ForRow(row, ex));
        }
    }

    /// <summary>The same failure with the row number in front, so a message in a long log says which row.</summary>
    private static MerchantApiException ForRow(int row, MerchantApiException ex) =>
        ex.ErrorId == "RefreshTokenExpired"
            ? ex
            : new MerchantApiException(ex.ErrorId, ex.Kind, $"Row {row}: {ex.Message}", ex.StatusCode, ex.Errors, ex) { OutcomeUnknown = ex.OutcomeUnknown };

    public static Task<Customer> GetAsync(MerchantSession session, string id, CallOptions options, CancellationToken cancellationToken) =>
        MerchantHttp.PostAsync(session, "v2/customer/details", new IdRequest { Id = id }, MerchantJson.Default.IdRequest,
            MerchantJson.Default.DataEnvelopeCustomer, RequestKind.Read, options, cancellationToken);

    public static async Task<Customer?> FindByEmailAsync(MerchantSession session, string email, CallOptions options, CancellationToken cancellationToken)
    {
        var found = await MerchantHttp.PostAsync(session, "v2/customer/find", new FindRequest { Email = email, Take = 2 },
            MerchantJson.Default.FindRequest, MerchantJson.Default.DataEnvelopeListCustomer, RequestKind.Read, options,
            cancellationToken).ConfigureAwait(false);
        return found.FirstOrDefault(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A cheap authenticated call that proves the base URI and credential work.</summary>
    internal static Task ProbeAsync(MerchantSession session, CallOptions options, CancellationToken cancellationToken) =>
        MerchantHttp.PostAsync(session, "v2/customer/find", new FindRequest { Take = 1 }, MerchantJson.Default.FindRequest,
            MerchantJson.Default.DataEnvelopeListCustomer, RequestKind.Read, options, cancellationToken);
}
