using System.Management.Automation;
using System.Management.Automation.Host;
using MerchantApi.Completion;
using MerchantApi.Customers;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>
/// Changes customers (<c>/v2/customer/update</c>): any create field but ReferralId, and the status. Takes Customer
/// objects (<c>Get-MerchantCustomer … | Set-MerchantCustomer -Status Blocked</c>: only their Id is used), ids, or rows
/// (<c>Import-Csv updates.csv | Set-MerchantCustomer</c>: an Id column, the other columns matched as for
/// New-MerchantCustomer). Values given as parameters apply to every item and win over a row's columns. Rows are
/// validated before anything is sent; up to -ThrottleLimit requests run at once and -PassThru output keeps input order.
/// </summary>
/// <remarks>
/// Blocking or marking Suspicious is high impact: besides ShouldProcess, it asks for confirmation (ShouldContinue,
/// with Yes to All) unless -Force, -Confirm:$false, -Confirm (already asked) or $ConfirmPreference = 'None'. A host
/// that cannot ask gets a ConfirmationRequired error and nothing is sent. Confirmations and -WhatIf name the customer
/// as far as the item tells (a Customer object: name, email and id; an id or a row: the id; no details request is made
/// just for the message) and the new values (<see cref="UpdateDescription"/>). An item whose update would carry only the
/// id is a NothingToChange error of its own, checked per item (a row may carry values even when no parameter does),
/// and nothing is sent for it.
/// </remarks>
[Cmdlet(VerbsCommon.Set, "MerchantCustomer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Customer))]
public sealed class SetMerchantCustomerCommand : BulkCustomerCmdlet
{
    // The field parameters and their aliases follow CustomerSchema (a test compares them). -InputObject (from the
    // base) takes a Customer, an id, or a row (CSV row, hashtable, object) read by name.

    /// <summary>The customer(s) to change, when not given through the pipeline.</summary>
    [Parameter(Position = 0)]
    [Alias("CustomerId")]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    [Parameter]
    [Alias("EmailAddress", "Mail")]
    public string? Email { get; set; }

    [Parameter]
    [Alias("Phone", "Mobile")]
    public string? PhoneNumber { get; set; }

    [Parameter]
    [Alias("GivenName")]
    public string? FirstName { get; set; }

    [Parameter]
    [Alias("Surname")]
    public string? LastName { get; set; }

    [Parameter]
    [Alias("Notes")]
    public string? Comment { get; set; }

    [Parameter]
    public string? ExternalId { get; set; }

    [Parameter]
    [Alias("CountryCode")]
    [ArgumentCompleter(typeof(CountryCompleter))]
    public string? Country { get; set; }

    [Parameter]
    [Alias("DocumentId", "Passport")]
    public string? VerificationDocumentId { get; set; }

    [Parameter]
    [Alias("Address")]
    public string? ResidenceAddress { get; set; }

    [Parameter]
    [Alias("TaxId")]
    public string? Itn { get; set; }

    [Parameter]
    [ValidateSet("Active", "Blocked", "Suspicious")]
    public string? Status { get; set; }

    /// <summary>Output the updated customers.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Block or mark Suspicious without the extra confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private bool _yesToAll;
    private bool _noToAll;

    public SetMerchantCustomerCommand()
        : base(CustomerWrite.Update, BulkProgress.ForUpdate())
    {
    }

    /// <summary>-Id given with pipeline input names the customer for it only when it is a single id.</summary>
    private protected override object? CommandLineValue(CustomerFieldSpec spec, object? bound) =>
        spec.IsUpdateKey ? (bound is string[] { Length: 1 } ids ? ids[0] : null) : bound;

    private protected override void SubmitWithoutInput()
    {
        if (Id is null)
        {
            WriteError(ErrorRecords.New("MissingCustomerId", MerchantErrorKind.InvalidArgument,
                "No customer to change was given.", null));
            return;
        }
        Progress.Total += Id.Length;
        foreach (var id in Id)
            Submit(id, IdRow(id));
    }

    private protected override List<KeyValuePair<string, object?>> RowOf(object? item) => Unwrap(item) switch
    {
        // Only the id: the object's other values are what the customer already has.
        Customer customer => IdRow(customer.Id),
        string id => IdRow(id),
        _ => base.RowOf(item),
    };

    private static List<KeyValuePair<string, object?>> IdRow(string id) => new() { new(nameof(Id), id) };

    private protected override bool Confirm(CustomerDraft draft, int row, object? target)
    {
        // Nothing to ask about an update that sets nothing: it is that item's error, and nothing is sent.
        if (!UpdateDescription.HasChanges(draft))
        {
            Refuse(row, target, new MerchantApiException("NothingToChange", MerchantErrorKind.InvalidArgument,
                $"Nothing to change for {UpdateDescription.Subject(target, draft.Id, row)}: no new value was given (an empty value counts as not given), so nothing was sent."));
            return false;
        }
        var confirmed = Ask(draft, row, target);
        if (confirmed == false) Progress.Skipped++;
        return confirmed == true;
    }

    private protected override Func<CancellationToken, Task<CustomerOutcome>> Request(CustomerDraft draft, int row, object? target)
    {
        var session = Session;
        var options = CallOptions;
        return token => CustomerApi.UpdateRowAsync(session, row, target, draft, options, token);
    }

    /// <summary>
    /// ShouldProcess, naming the customer and the new values; then, for Blocked/Suspicious (high impact),
    /// ShouldContinue unless opted out. A declined item counts as skipped; one that needs a confirmation the host
    /// cannot ask for, as failed.
    /// </summary>
    /// <returns>true to send, false if declined, null if the confirmation could not be asked (the item's error).</returns>
    private bool? Ask(CustomerDraft draft, int row, object? target)
    {
        var customer = UpdateDescription.Subject(target, draft.Id, row);
        if (!ShouldProcess(customer, $"Set {UpdateDescription.Values(draft)}"))
            return false;
        if (draft.Status is not ("Blocked" or "Suspicious") || Force || _yesToAll)
            return true;
        if (MyInvocation.BoundParameters.ContainsKey("Confirm") || IsConfirmPreferenceNone())
            return true; // -Confirm:$false opts out; -Confirm already asked through ShouldProcess
        if (_noToAll)
            return false;
        try
        {
            return ShouldContinue($"Set the status of {customer} to {draft.Status}? The customer's wallet stops working until it is set Active again.",
                $"Confirm: {draft.Status} customer", ref _yesToAll, ref _noToAll);
        }
        catch (Exception ex) when (ex is HostException or PSInvalidOperationException or NotImplementedException)
        {
            Refuse(row, target, new MerchantApiException("ConfirmationRequired", MerchantErrorKind.PermissionDenied,
                $"Setting {customer} to {draft.Status} needs confirmation, and this host cannot ask for it.", inner: ex));
            return null;
        }
    }

    private bool IsConfirmPreferenceNone() =>
        SessionState.PSVariable.GetValue("ConfirmPreference") is ConfirmImpact.None
        || string.Equals(SessionState.PSVariable.GetValue("ConfirmPreference")?.ToString(), "None", StringComparison.OrdinalIgnoreCase);

    private protected override void WriteSucceeded(Customer customer)
    {
        Progress.Succeeded++;
        if (PassThru) WriteObject(customer);
    }
}
