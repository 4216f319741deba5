using MerchantApi.Customers;

namespace MerchantApi.Http;

/// <summary>
/// The <c>/v2/customer/*</c> calls. Each row of a bulk command gets one <see cref="RetryBudget"/> for everything done
/// for it: its attempts, their waits and the look-ups that settle an unknown outcome.
/// </summary>
internal static partial class CustomerApi
{
    private const string CreatePath = "v2/customer/create";
    private const string DetailsPath = "v2/customer/details";
    private const string UpdatePath = "v2/customer/update";
    private const string FindPath = "v2/customer/find";

    /// <summary>
    /// Creates a customer exactly once. When an attempt's outcome is unknown (connection dropped after sending,
    /// timeout, 5xx), the email is looked up before anything is re-sent: a match is the customer we created.
    /// </summary>
    public static async Task<Customer> CreateAsync(MerchantSession session, CustomerDraft draft, CallOptions options,
        CancellationToken cancellationToken, RetryBudget? budget = null)
    {
        budget ??= options.NewBudget();
        var outcomeUnknown = false;
        while (true)
        {
            try
            {
                return await MerchantHttp.PostAsync(session, CreatePath, draft, MerchantJson.Default.CustomerDraft,
                    MerchantJson.Default.DataEnvelopeCustomer, RequestKind.Write, options, cancellationToken, budget).ConfigureAwait(false);
            }
            catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.Conflict && outcomeUnknown && draft.Email is not null)
            {
                // Our earlier attempt went through after all; the duplicate is ourselves.
                var ours = await FindByEmailAsync(session, draft.Email, options, cancellationToken, budget).ConfigureAwait(false);
                if (ours is not null) return ours;
                throw;
            }
            catch (MerchantApiException ex) when (ex.OutcomeUnknown && draft.Email is not null)
            {
                outcomeUnknown = true;
                options.Log.Verbose($"Create of {draft.Email}: outcome unknown ({ex.ErrorId}); checking whether it was stored before retrying.");
                Customer? stored;
                try
                {
                    stored = await FindByEmailAsync(session, draft.Email, options, cancellationToken, budget).ConfigureAwait(false);
                }
                catch (MerchantApiException lookup)
                {
                    // Neither sent again nor guessed: the error says the outcome is unknown.
                    throw new MerchantApiException(ex.ErrorId, ex.Kind,
                        $"{ex.Message} Whether customer '{draft.Email}' was created is unknown: looking it up failed too ({lookup.Message}).",
                        ex.StatusCode, ex.Errors, ex)
                    { OutcomeUnknown = true };
                }
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
        var budget = options.NewBudget();
        try
        {
            return CustomerOutcome.Succeeded(row, input, await CreateAsync(session, draft, options, cancellationToken, budget).ConfigureAwait(false));
        }
        catch (MerchantApiException ex) when (ex.Kind == MerchantErrorKind.Conflict && draft.Email is not null)
        {
            try
            {
                var existing = await FindByEmailAsync(session, draft.Email, options, cancellationToken, budget).ConfigureAwait(false);
                if (returnExisting && existing is not null)
                {
                    existing.AlreadyExisted = true;
                    existing.FieldsDifferingFromInput = CustomerSchema.Differences(draft, existing);
                    return CustomerOutcome.Succeeded(row, input, existing);
                }
                return CustomerOutcome.Failed(row, input, new MerchantApiException("CustomerAlreadyExists", MerchantErrorKind.Conflict,
                    $"A customer with email '{draft.Email}' already exists (id {existing?.Id ?? "unknown"}). " +
                    $"(HTTP {(int?)ex.StatusCode}: {string.Join("; ", ex.Errors)})", ex.StatusCode, ex.Errors, ex));
            }
            catch (MerchantApiException lookupFailure)
            {
                return CustomerOutcome.Failed(row, input, lookupFailure);
            }
        }
        catch (MerchantApiException ex)
        {
            return CustomerOutcome.Failed(row, input, ex);
        }
    }

    public static Task<Customer> GetAsync(MerchantSession session, string id, CallOptions options, CancellationToken cancellationToken) =>
        MerchantHttp.PostAsync(session, DetailsPath, new IdRequest { Id = id }, MerchantJson.Default.IdRequest,
            MerchantJson.Default.DataEnvelopeCustomer, RequestKind.Read, options, cancellationToken);

    public static async Task<Customer?> FindByEmailAsync(MerchantSession session, string email, CallOptions options,
        CancellationToken cancellationToken, RetryBudget? budget = null)
    {
        var found = await FindPageAsync(session, new CustomerFilter { Email = email }, 0, 2, options, cancellationToken, budget).ConfigureAwait(false);
        return found.FirstOrDefault(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A cheap authenticated call that proves the base URI and credential work.</summary>
    internal static Task ProbeAsync(MerchantSession session, CallOptions options, CancellationToken cancellationToken) =>
        FindPageAsync(session, new CustomerFilter(), 0, 1, options, cancellationToken);
}
