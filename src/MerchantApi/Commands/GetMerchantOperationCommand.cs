using System.Management.Automation;
using MerchantApi.Completion;
using MerchantApi.Customers;
using MerchantApi.Http;
using MerchantApi.Infrastructure;
using MerchantApi.Operations;

namespace MerchantApi.Commands;

/// <summary>
/// Gets operations by id (<c>/v2/operation/details</c>) or finds them by filters (<c>/v2/operation/find</c>, paged with skip
/// and take in the query). Found operations stream out page by page; -First and -Skip stop early. Customers piped in
/// give their wallets: <c>Get-MerchantCustomer -Email x | Get-MerchantOperation</c>.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MerchantOperation", DefaultParameterSetName = FindSet, SupportsPaging = true)]
[OutputType(typeof(Operation))]
public sealed class GetMerchantOperationCommand : MerchantSessionCmdlet
{
    private const string FindSet = "Find";
    private const string IdSet = "Id";

    /// <summary>Operation ids.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true)]
    [Alias("OperationId")]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = FindSet)]
    [ArgumentCompleter(typeof(OperationTypeCompleter))]
    public string? Type { get; set; }

    [Parameter(ParameterSetName = FindSet)]
    [ArgumentCompleter(typeof(OperationStatusCompleter))]
    public string? Status { get; set; }

    /// <summary>The wallet's operations; customers (and anything with a WalletId) bind by property name.</summary>
    [Parameter(ParameterSetName = FindSet, ValueFromPipelineByPropertyName = true)]
    public string? WalletId { get; set; }

    [Parameter(ParameterSetName = FindSet)]
    public string? ExternalId { get; set; }

    [Parameter(ParameterSetName = FindSet)]
    public string? SourceAsset { get; set; }

    [Parameter(ParameterSetName = FindSet)]
    public string? TargetAsset { get; set; }

    /// <summary>Created at or after this time (sent as dateFrom, ISO 8601 UTC; a time without zone is local).</summary>
    [Parameter(ParameterSetName = FindSet)]
    [Alias("DateFrom")]
    public DateTime? CreatedAfter { get; set; }

    /// <summary>Created at or before this time (sent as dateTo).</summary>
    [Parameter(ParameterSetName = FindSet)]
    [Alias("DateTo")]
    public DateTime? CreatedBefore { get; set; }

    /// <summary>Operations per find request (the API returns at most 100).</summary>
    [Parameter(ParameterSetName = FindSet)]
    [ValidateRange(1, FindPaging.MaxPageSize)]
    public int PageSize { get; set; } = FindPaging.MaxPageSize;

    private string? _type;
    private string? _status;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        // Checked before anything is sent: the provider documents these values and no others.
        _type = Documented("UnknownOperationType", MerchantErrorKind.InvalidArgument, Type, nameof(Type), OperationSchema.Types);
        _status = Documented("UnknownOperationStatus", MerchantErrorKind.InvalidArgument, Status, nameof(Status), OperationSchema.Statuses);
    }

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
                var operation = Run(token => OperationApi.GetByIdAsync(session, id, options, token));
                WriteObject(ModelOutput.With(operation, operation.AdditionalProperties));
            }
            catch (MerchantApiException ex)
            {
                WriteFailure(ex, id);
            }
        }
    }

    private void Find()
    {
        var filter = new OperationFilter
        {
            Type = _type, Status = _status, WalletId = WalletId, ExternalId = ExternalId, SourceAsset = SourceAsset, TargetAsset = TargetAsset,
            DateFrom = CreatedAfter is { } from ? new DateTimeOffset(from) : null,
            DateTo = CreatedBefore is { } to ? new DateTimeOffset(to) : null,
        };
        var session = Session;
        var options = CallOptions;
        WriteFound(PageSize, (plan, token) => OperationApi.FindAsync(session, filter, plan, options, token),
            operation => WriteObject(ModelOutput.With(operation, operation.AdditionalProperties)), ex => ErrorRecords.From(ex, filter));
    }

    /// <summary>The documented spelling of a given value (any case); another value ends the command before sending.</summary>
    private string? Documented(string errorId, MerchantErrorKind kind, string? value, string parameter, IReadOnlyList<string> documented)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (OperationSchema.Canonical(documented, value) is { } known)
            return known;
        ThrowTerminatingError(ErrorRecords.New(errorId, kind,
            $"-{parameter} '{value}' is not one the API documents. Nothing was sent.", value,
            recommendedAction: $"Give -{parameter} as one of {string.Join(", ", documented)} (Tab completes them)."));
        return null;
    }
}
