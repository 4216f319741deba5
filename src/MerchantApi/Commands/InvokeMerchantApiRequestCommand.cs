using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using MerchantApi.Bulk;
using MerchantApi.Customers;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>
/// Any endpoint of the API with the module's session: the token that renews itself, retries that know a read from a
/// write, 429 pauses, the redacted Debug log and the provider's errors as ErrorRecords. Outputs the envelope's data (an
/// array one item at a time), or with -Raw the whole answer. Bodies piped in run -ThrottleLimit at once through the
/// module's one bulk mechanism, results in input order; -Paginate follows a find's skip and take page by page.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MerchantApiRequest", SupportsShouldProcess = true, SupportsPaging = true)]
[OutputType(typeof(PSObject), typeof(ApiResponse))]
public sealed class InvokeMerchantApiRequestCommand : BulkCmdlet
{
    /// <summary>Below the session's base URI: <c>/v2/balance</c> or <c>v2/balance</c>, a query included.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [Alias("Uri")]
    public string Path { get; set; } = "";

    /// <summary>POST (the provider's reads and writes alike) or GET (the rates).</summary>
    [Parameter]
    [ValidateSet("Post", "Get")]
    public string Method { get; set; } = "Post";

    /// <summary>A hashtable, an object (its properties) or a JSON string; piped, one request per item.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true)]
    [Alias("InputObject")]
    public PSObject? Body { get; set; }

    /// <summary>Query-string parameters; a list gives the name once per value.</summary>
    [Parameter]
    public IDictionary? Query { get; set; }

    /// <summary>Output one object per answer with StatusCode, Headers (secret ones redacted) and the whole parsed Body.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <summary>Follow a find's pages (skip and take where the endpoint takes them), streaming items as pages arrive.</summary>
    [Parameter]
    public SwitchParameter Paginate { get; set; }

    /// <summary>Items per page request with -Paginate (the API returns at most 100).</summary>
    [Parameter]
    [ValidateRange(1, FindPaging.MaxPageSize)]
    public int PageSize { get; set; } = FindPaging.MaxPageSize;

    /// <summary>Read (repeated after any transient failure) or Write (re-sent only when the server certainly did not act);
    /// by default guessed from the method and path.</summary>
    [Parameter]
    [ValidateSet("Read", "Write")]
    public string? RequestKind { get; set; }

    private ApiRequest? _template;

    public InvokeMerchantApiRequestCommand()
        : base(BulkProgress.ForRequest())
    {
    }

    private protected override bool ReportsSummary => MyInvocation.ExpectingInput;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        try
        {
            // The path and query are the same for every item: a path outside the base URI ends the command at once.
            _template = ApiRequest.Create(Session.BaseUri, new HttpMethod(Method.ToUpperInvariant()), Path, JsonValues.ToQuery(Query), null,
                RequestKind is null ? null : Enum.Parse<Http.RequestKind>(RequestKind));
        }
        catch (MerchantApiException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, ApiRequest.Shown(Path), recommendedAction: "Give -Path relative to the session's base URI, for example /v2/balance " +
                "(see Get-MerchantContext for the base URI), or connect to the other address with Connect-MerchantApi."));
        }
    }

    protected override void ProcessRecord()
    {
        var template = _template!;
        var row = NextRow();
        var target = Body is null ? Path : TargetOf(Body);
        var shownRow = MyInvocation.ExpectingInput ? row : 0;
        ApiRequest request;
        try
        {
            request = ApiRequest.Create(Session.BaseUri, template.Method, template.PathAndQuery, [], JsonValues.ToBody(Body), template.Kind);
        }
        catch (MerchantApiException ex)
        {
            EnqueueCompleted(Failure(row, target, ex));
            return;
        }

        var confirmTarget = request.Description + (shownRow > 0 ? $" (row {row})" : "");
        if (request.Kind == Http.RequestKind.Write && !ShouldProcess(confirmTarget, "Send request"))
        {
            Progress.Skipped++;
            return;
        }

        if (Paginate.IsPresent || PagingParameters.First != ulong.MaxValue || PagingParameters.Skip > 0 || PagingParameters.IncludeTotalCount)
            Page(request, target, shownRow);
        else
            Enqueue(row, target, Send(request, row, target));
    }

    private Func<CancellationToken, Task<IRowOutcome>> Send(ApiRequest request, int row, object? target)
    {
        var session = Session;
        var options = CallOptions;
        return token => RowOutcome<ApiReply>.RunAsync(row, target, () => RawApi.SendAsync(session, request, options, token));
    }

    /// <summary>
    /// A paged find streams its pages straight to the pipeline as they arrive, one input item after the other (the
    /// ordered window would have to hold every page of an item before writing it).
    /// </summary>
    private void Page(ApiRequest request, object? target, int shownRow)
    {
        var session = Session;
        var options = CallOptions;
        var paging = WriteFound(PageSize, (plan, token) => RawApi.PagesAsync(session, request, plan, options, token),
            page => WritePage(page.Items, page.Used), ex => Record(ex, target, shownRow));
        if (paging is not null)
            Progress.Succeeded++;
        else
            Progress.Failed++;
    }

    private protected override IRowOutcome Failure(int row, object? target, MerchantApiException reason) =>
        RowOutcome<ApiReply>.Failed(row, target, reason);

    private protected override void Emit(IRowOutcome row)
    {
        var outcome = (RowOutcome<ApiReply>)row;
        if (outcome.Value is { } reply)
        {
            Progress.Succeeded++;
            WritePage(reply, int.MaxValue);
            return;
        }
        WriteRowError(Record(outcome.Failure!, outcome.Input, MyInvocation.ExpectingInput ? outcome.Row : 0));
    }

    private protected override IEnumerable<object> ResultsOf(IRowOutcome row) =>
        ((RowOutcome<ApiReply>)row).Value is { } reply ? Output(reply, int.MaxValue).OfType<object>() : [];

    private void WritePage(ApiReply reply, int used)
    {
        foreach (var item in Output(reply, used))
        {
            if (item is not null) Keep(item);
            WriteObject(item);
        }
    }

    /// <summary>What one answer outputs: with -Raw the answer itself, else its data, an array one item at a time (at most
    /// <paramref name="used"/> of them), an empty answer nothing.</summary>
    private IEnumerable<object?> Output(ApiReply reply, int used)
    {
        if (Raw.IsPresent)
        {
            yield return new ApiResponse(reply.Method, reply.Path, reply.StatusCode, reply.Headers,
                reply.Body is { } body ? JsonValues.FromJson(body) : null);
            yield break;
        }
        if (reply.Data is not { } data)
            yield break;
        if (data.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in data.EnumerateArray().Take(used))
                yield return JsonValues.FromJson(item);
        }
        else
        {
            yield return JsonValues.FromJson(data);
        }
    }

    /// <summary>A failed request as an error: the provider's code as ErrorId; a 404 points at -Path, where typos go.</summary>
    private static ErrorRecord Record(MerchantApiException failure, object? target, int row) =>
        ErrorRecords.From(failure, target, row, recommendedAction: failure.Kind == MerchantErrorKind.NotFound
            ? "Check -Path and the ids in the body: the API has no such endpoint or object (its paths are listed in the provider's documentation)."
            : null);
}
