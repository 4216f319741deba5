using System.Management.Automation;
using MerchantApi.Completion;
using MerchantApi.Customers;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>Creates customers (and their wallets); built for <c>Import-Csv file.csv | New-MerchantCustomer</c>.</summary>
[Cmdlet(VerbsCommon.New, "MerchantCustomer", SupportsShouldProcess = true)]
[OutputType(typeof(Customer))]
public sealed class NewMerchantCustomerCommand : MerchantSessionCmdlet
{
    /// <summary>The row itself (CSV row, hashtable or object); its properties are read by name.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Email { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? PhoneNumber { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? FirstName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? LastName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Comment { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ExternalId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ReferralId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CountryCompleter))]
    public string? Country { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? VerificationDocumentId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ResidenceAddress { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Itn { get; set; }

    // An empty CSV cell means "no value", not an empty string.
    private static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    protected override void ProcessRecord()
    {
        var draft = new CustomerDraft
        {
            Email = Value(Email), PhoneNumber = Value(PhoneNumber), FirstName = Value(FirstName), LastName = Value(LastName),
            Comment = Value(Comment), ExternalId = Value(ExternalId), ReferralId = Value(ReferralId), Country = Value(Country),
            VerificationDocumentId = Value(VerificationDocumentId), ResidenceAddress = Value(ResidenceAddress), Itn = Value(Itn),
        };
        var target = (object?)InputObject ?? draft;
        if (!ShouldProcess($"{draft.FirstName} {draft.LastName} <{draft.Email}>", "Create customer"))
            return;
        try
        {
            WriteObject(Run(token => CustomerApi.CreateAsync(Session, draft, CallOptions, token)));
        }
        catch (MerchantApiException ex)
        {
            WriteFailure(ex, target);
        }
    }
}
