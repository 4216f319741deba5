using System.Management.Automation;
using MerchantApi.Completion;
using MerchantApi.Customers;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>
/// Creates customers (and their wallets). Built for <c>Import-Csv file.csv | New-MerchantCustomer</c>: columns are
/// matched by name however they are spelled, every row is validated before anything is sent, up to
/// -ThrottleLimit requests run at once, and results come out in input order as they finish. A field given as a
/// parameter applies to every row and wins over the row's column.
/// </summary>
[Cmdlet(VerbsCommon.New, "MerchantCustomer", SupportsShouldProcess = true)]
[OutputType(typeof(Customer))]
public sealed class NewMerchantCustomerCommand : BulkCustomerCmdlet
{
    // The field parameters and their aliases follow CustomerSchema (a test compares them).

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("EmailAddress", "Mail")]
    public string? Email { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Phone", "Mobile")]
    public string? PhoneNumber { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("GivenName")]
    public string? FirstName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Surname")]
    public string? LastName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Notes")]
    public string? Comment { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ExternalId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ReferralId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("CountryCode")]
    [ArgumentCompleter(typeof(CountryCompleter))]
    public string? Country { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("DocumentId", "Passport")]
    public string? VerificationDocumentId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Address")]
    public string? ResidenceAddress { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("TaxId")]
    public string? Itn { get; set; }

    /// <summary>For a row whose email already exists, output the existing customer (AlreadyExisted = true) instead of an error.</summary>
    [Parameter]
    public SwitchParameter ReturnExisting { get; set; }

    public NewMerchantCustomerCommand()
        : base(CustomerWrite.Create, BulkProgress.ForCreate())
    {
    }

    private protected override bool EmailsAreUnique => true;

    private protected override bool Confirm(CustomerDraft draft, int row, object? target)
    {
        if (ShouldProcess($"row {row}: {draft[CustomerField.FirstName]} {draft[CustomerField.LastName]} <{draft.Email}>", "Create customer"))
            return true;
        Progress.Skipped++;
        return false;
    }

    private protected override Func<CancellationToken, Task<CustomerOutcome>> Request(CustomerDraft draft, int row, object? target)
    {
        var session = Session;
        var options = CallOptions;
        var returnExisting = ReturnExisting.IsPresent;
        return token => CustomerApi.CreateRowAsync(session, row, target, draft, returnExisting, options, token);
    }

    private protected override void WriteSucceeded(Customer customer)
    {
        if (customer.AlreadyExisted) Progress.Existing++;
        else Progress.Succeeded++;
        WriteObject(customer);
    }
}
