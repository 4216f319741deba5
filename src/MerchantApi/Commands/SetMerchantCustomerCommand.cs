using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Host;
using MerchantApi.Customers;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>
/// Changes customers (<c>/v2/customer/update</c>): any create field but ReferralId, and the status. Takes Customer
/// objects (<c>Get-MerchantCustomer … | Set-MerchantCustomer -Status Blocked</c>: only their Id is used), ids, or rows
/// (<c>Import-Csv updates.csv | Set-MerchantCustomer</c>: an Id column, the other columns matched as for
/// New-MerchantCustomer). Command-line values apply to every item and win over a row's. Rows are validated before
/// anything is sent; up to -ThrottleLimit requests run at once and -PassThru output keeps input order.
/// </summary>
/// <remarks>
/// Blocking or marking Suspicious is high impact: besides ShouldProcess, it asks for confirmation (ShouldContinue,
/// with Yes to All) unless -Force, -Confirm:$false, -Confirm (already asked) or $ConfirmPreference = 'None'. A host
/// that cannot ask gets a ConfirmationRequired error and nothing is sent.
/// </remarks>
[Cmdlet(VerbsCommon.Set, "MerchantCustomer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Customer))]
public sealed class SetMerchantCustomerCommand : BulkCustomerCmdlet
{
    /// <summary>A Customer, an id, or a row (CSV row, hashtable, object) read by name.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

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

    private static readonly string[] FieldParameters =
    {
        nameof(Email), nameof(PhoneNumber), nameof(FirstName), nameof(LastName), nameof(Comment), nameof(ExternalId),
        nameof(Country), nameof(VerificationDocumentId), nameof(ResidenceAddress), nameof(Itn), nameof(Status),
    };

    private bool _yesToAll;
    private bool _noToAll;

    public SetMerchantCustomerCommand()
        : base(FieldParameters, "Ignoring columns that match no updatable customer field", BulkProgress.ForUpdate())
    {
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            if (Id is null)
            {
                WriteError(new ErrorRecord(new ArgumentException("Give -Id, or pipe customers, ids or rows with an Id."),
                    CustomerErrorIds.MissingRequiredField, ErrorCategory.InvalidArgument, null));
                return;
            }
            Progress.Total += Id.Length;
            foreach (var id in Id)
                Submit(id, new List<KeyValuePair<string, object?>> { new("Id", id) });
        }
        else if (InputObject.BaseObject is IEnumerable items and not string and not IDictionary)
        {
            // -InputObject $items: the total is known, so progress can show a percentage.
            var list = items.Cast<object?>().ToList();
            Progress.Total += list.Count;
            foreach (var item in list)
                SubmitItem(item);
        }
        else
        {
            SubmitItem(InputObject);
        }
    }

    private void SubmitItem(object? item)
    {
        var target = TargetOf(item);
        switch (Unwrap(item))
        {
            case Customer customer:
                // Only the id: the object's other values are what the customer already has.
                Submit(target, new List<KeyValuePair<string, object?>> { new("Id", customer.Id) });
                break;
            case string id:
                Submit(target, new List<KeyValuePair<string, object?>> { new("Id", id) });
                break;
            default:
                Submit(target, Properties(item));
                break;
        }
    }

    private void Submit(object? target, List<KeyValuePair<string, object?>> properties)
    {
        var rowNumber = NextRow();
        var overrides = new Dictionary<string, object?>(CommandLineFields, StringComparer.OrdinalIgnoreCase);
        if (Id is not null && InputObject is not null && Id.Length == 1)
            overrides["Id"] = Id[0];
        var read = CustomerUpdateReader.Read(properties, overrides, rowNumber);
        ReportColumns(read);
        var validation = CustomerValidator.Validate(read.Draft, rowNumber, ValidationMode.Update);
        if (!validation.IsValid)
        {
            AddInvalid(rowNumber, target, validation.Problems);
        }
        else if (Confirmed(validation.Draft!))
        {
            var draft = validation.Draft!;
            var session = Session;
            var options = CallOptions;
            AddRequest(token => CustomerApi.UpdateRowAsync(session, rowNumber, target, draft, options, token));
        }
        Flush(untilEmpty: false);
    }

    /// <summary>
    /// ShouldProcess; then, for Blocked/Suspicious (high impact), ShouldContinue unless opted out. A declined item
    /// counts as skipped; one that needs a confirmation the host cannot ask for, as failed.
    /// </summary>
    private bool Confirmed(CustomerDraft draft)
    {
        var confirmed = Ask(draft);
        if (confirmed == false) Progress.Skipped++;
        return confirmed == true;
    }

    /// <returns>true to send, false if declined, null if the confirmation could not be asked (error written).</returns>
    private bool? Ask(CustomerDraft draft)
    {
        var changes = Describe(draft);
        if (!ShouldProcess($"customer {draft.Id}", $"Set {changes}"))
            return false;
        if (draft.Status is not ("Blocked" or "Suspicious") || Force || _yesToAll)
            return true;
        if (MyInvocation.BoundParameters.ContainsKey("Confirm") || IsConfirmPreferenceNone())
            return true; // -Confirm:$false opts out; -Confirm already asked through ShouldProcess
        if (_noToAll)
            return false;
        try
        {
            return ShouldContinue($"Set the status of customer {draft.Id} to {draft.Status}? The customer's wallet stops working until it is set Active again.",
                $"Confirm: {draft.Status} customer", ref _yesToAll, ref _noToAll);
        }
        catch (Exception ex) when (ex is HostException or PSInvalidOperationException or NotImplementedException)
        {
            WriteError(new ErrorRecord(new InvalidOperationException(
                    $"Setting customer {draft.Id} to {draft.Status} needs confirmation, and this host cannot ask for it. " +
                    "Use -Force or -Confirm:$false to proceed without asking.", ex),
                "ConfirmationRequired", ErrorCategory.PermissionDenied, draft.Id));
            Progress.Failed++;
            return null;
        }
    }

    private bool IsConfirmPreferenceNone() =>
        SessionState.PSVariable.GetValue("ConfirmPreference") is ConfirmImpact.None
        || string.Equals(SessionState.PSVariable.GetValue("ConfirmPreference")?.ToString(), "None", StringComparison.OrdinalIgnoreCase);

    private static string Describe(CustomerDraft draft)
    {
        var parts = CustomerFieldMap.All
            .Select(f => (f, value: CustomerDraftFields.Get(draft, f)))
            .Where(p => p.value is not null)
            .Select(p => CustomerFieldMap.ApiName(p.f))
            .ToList();
        if (draft.Status is not null) parts.Add($"status = {draft.Status}");
        return parts.Count == 0 ? "nothing (no field given)" : string.Join(", ", parts);
    }

    private protected override void WriteSucceeded(Customer customer)
    {
        Progress.Succeeded++;
        if (PassThru) WriteObject(customer);
    }
}
