using System.Collections;
using System.Management.Automation;
using MerchantApi.Completion;
using MerchantApi.Customers;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>
/// Creates customers (and their wallets). Built for <c>Import-Csv file.csv | New-MerchantCustomer</c>: columns are
/// matched by name however they are spelled, every row is validated before anything is sent, up to
/// -ThrottleLimit requests run at once, and results come out in input order as they finish.
/// </summary>
[Cmdlet(VerbsCommon.New, "MerchantCustomer", SupportsShouldProcess = true)]
[OutputType(typeof(Customer))]
public sealed class NewMerchantCustomerCommand : BulkCustomerCmdlet
{
    /// <summary>The row itself (CSV row, hashtable or object); its properties are read by name.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

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

    private static readonly string[] FieldParameters =
    {
        nameof(Email), nameof(PhoneNumber), nameof(FirstName), nameof(LastName), nameof(Comment), nameof(ExternalId),
        nameof(ReferralId), nameof(Country), nameof(VerificationDocumentId), nameof(ResidenceAddress), nameof(Itn),
    };

    private readonly DuplicateEmailGuard _emails = new();

    public NewMerchantCustomerCommand()
        : base(FieldParameters, "Ignoring columns that match no customer field", BulkProgress.ForCreate())
    {
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            Submit(null, CommandLineFields.ToList());
        }
        else if (InputObject.BaseObject is IEnumerable items and not string and not IDictionary)
        {
            // -InputObject $rows: the total is known, so progress can show a percentage.
            var list = items.Cast<object?>().ToList();
            Progress.Total += list.Count;
            foreach (var item in list)
                Submit(item, Properties(item));
        }
        else
        {
            Submit(InputObject, Properties(InputObject));
        }
    }

    private void Submit(object? row, List<KeyValuePair<string, object?>> properties)
    {
        var rowNumber = NextRow();
        var target = TargetOf(row);
        foreach (var field in CommandLineFields)
            properties.Add(field);

        var read = CustomerDraftReader.Read(properties);
        ReportColumns(read);
        var validation = CustomerValidator.Validate(read.Draft, rowNumber, ValidationMode.Create);
        if (!validation.IsValid)
        {
            AddInvalid(rowNumber, target, validation.Problems);
        }
        else if (!_emails.TryClaim(validation.Draft!.Email!, rowNumber, out var firstRow))
        {
            AddInvalid(rowNumber, target, new[] { DuplicateEmailGuard.Problem(validation.Draft.Email!, rowNumber, firstRow) });
        }
        else if (ShouldProcess($"row {rowNumber}: {validation.Draft.FirstName} {validation.Draft.LastName} <{validation.Draft.Email}>", "Create customer"))
        {
            var draft = validation.Draft;
            var session = Session;
            var options = CallOptions;
            var returnExisting = ReturnExisting.IsPresent;
            AddRequest(token => CustomerApi.CreateRowAsync(session, rowNumber, target, draft, returnExisting, options, token));
        }
        else
        {
            Progress.Skipped++;
        }
        Flush(untilEmpty: false);
    }

    private protected override void WriteSucceeded(Customer customer)
    {
        if (customer.AlreadyExisted) Progress.Existing++;
        else Progress.Succeeded++;
        WriteObject(customer);
    }
}
