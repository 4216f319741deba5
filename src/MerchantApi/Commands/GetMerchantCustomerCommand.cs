using System.Management.Automation;
using MerchantApi.Customers;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>
/// Gets customers by id (<c>/v2/customer/details</c>; ids or Customer objects from the pipeline), or finds them by
/// filters (<c>/v2/customer/find</c>). Found customers stream out page by page as pages arrive; -First and -Skip stop
/// early without fetching pages that are not needed.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MerchantCustomer", DefaultParameterSetName = FindSet, SupportsPaging = true)]
[OutputType(typeof(Customer))]
public sealed class GetMerchantCustomerCommand : MerchantSessionCmdlet
{
    private const string FindSet = "Find";
    private const string IdSet = "Id";

    /// <summary>Customer ids; Customer objects bind by their Id property.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("CustomerId")]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = FindSet)]
    [Alias("EmailAddress", "Mail")]
    public string? Email { get; set; }

    [Parameter(ParameterSetName = FindSet)]
    public string? ExternalId { get; set; }

    [Parameter(ParameterSetName = FindSet)]
    public string? WalletId { get; set; }

    [Parameter(ParameterSetName = FindSet)]
    [Alias("Phone", "Mobile")]
    public string? PhoneNumber { get; set; }

    /// <summary>"First Last".</summary>
    [Parameter(ParameterSetName = FindSet)]
    [Alias("Name")]
    public string? FullName { get; set; }

    [Parameter(ParameterSetName = FindSet)]
    [Alias("Notes")]
    public string? Comment { get; set; }

    [Parameter(ParameterSetName = FindSet)]
    public string? ReferralId { get; set; }

    /// <summary>Created at or after this time (sent as createdFrom, ISO 8601 UTC; a time without zone is local).</summary>
    [Parameter(ParameterSetName = FindSet)]
    [Alias("CreatedFrom")]
    public DateTime? CreatedAfter { get; set; }

    /// <summary>Created at or before this time (sent as createdTo).</summary>
    [Parameter(ParameterSetName = FindSet)]
    [Alias("CreatedTo")]
    public DateTime? CreatedBefore { get; set; }

    /// <summary>Customers per find request (the API returns at most 100).</summary>
    [Parameter(ParameterSetName = FindSet)]
    [ValidateRange(1, FindPaging.MaxPageSize)]
    public int PageSize { get; set; } = FindPaging.MaxPageSize;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == IdSet)
            GetByIds();
        else
            Find();
    }

    private void GetByIds()
    {
        var session = Session;
        var options = CallOptions;
        foreach (var id in Id)
        {
            try
            {
                WriteObject(Run(token => CustomerApi.GetByIdAsync(session, id, options, token)));
            }
            catch (MerchantApiException ex)
            {
                WriteFailure(ex, id);
            }
        }
    }

    private void Find()
    {
        var filter = new CustomerFilter
        {
            Email = Email, ExternalId = ExternalId, WalletId = WalletId, PhoneNumber = PhoneNumber, FullName = FullName,
            Comment = Comment, ReferralId = ReferralId,
            CreatedFrom = CreatedAfter is { } from ? new DateTimeOffset(from) : null,
            CreatedTo = CreatedBefore is { } to ? new DateTimeOffset(to) : null,
        };
        var session = Session;
        var options = CallOptions;
        var paging = WriteFound(PageSize, (plan, token) => CustomerApi.FindAsync(session, filter, plan, options, token), WriteObject,
            ex => ErrorRecords.From(ex, filter));
        if (paging is { ReachedEnd: true, Received: 0 })
        {
            foreach (var (name, value) in filter.WithWildcards())
                WriteNotice(WildcardWarning(name, value));
        }
    }

    /// <summary>
    /// For a filter holding <c>*</c> or <c>?</c> that found nothing: the API takes the value literally (it documents no
    /// wildcards), so say so and show the client-side way, with the customer's property and <c>-like</c>. The search
    /// itself is not changed: a value may hold those characters literally, and a provider that does match patterns
    /// finds something, so it gets no warning.
    /// </summary>
    private static string WildcardWarning(string parameter, string value)
    {
        var pattern = "'" + ValueText.Show(value).Replace("'", "''", StringComparison.Ordinal) + "'";
        var test = parameter == nameof(FullName)
            ? $"Where-Object {{ \"$($_.FirstName) $($_.LastName)\" -like {pattern} }}"
            : $"Where-Object {parameter} -like {pattern}";
        return $"-{parameter} {pattern} found no customer: the API does not read '*' or '?' as wildcards. To match a pattern, " +
            $"leave -{parameter} out and filter the results: Get-MerchantCustomer | {test} (this reads every customer; " +
            "other filters such as -CreatedAfter read fewer).";
    }
}
