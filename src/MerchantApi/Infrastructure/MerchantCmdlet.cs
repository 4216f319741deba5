using System.Management.Automation;
using MerchantApi.Customers;
using MerchantApi.Http;

namespace MerchantApi.Infrastructure;

/// <summary>
/// Base of every cmdlet: runs engine work off the pipeline thread while writing its output and logs on it,
/// and cancels in-flight HTTP when the user presses Ctrl+C.
/// </summary>
public abstract class MerchantCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private PipelineLog? _log;

    // Public only because the cmdlets derive from it; no other assembly may.
    private protected MerchantCmdlet()
    {
    }

    internal PipelineDispatcher Dispatcher { get; } = new();

    protected CancellationToken Cancellation => _stopping.Token;

    internal IMerchantLog Log => _log ??= new PipelineLog(this, Dispatcher);

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// A warning that never stops to ask: for a compiled cmdlet, -Debug alone makes warnings Inquire (a prompt that
    /// fails a non-interactive script), so under -Debug without -WarningAction the warning goes to the Debug stream,
    /// which -Debug shows anyway.
    /// </summary>
    internal void WriteNotice(string text)
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true } && !bound.ContainsKey("WarningAction"))
            WriteDebug("WARNING: " + text);
        else
            WriteWarning(text);
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool; the pipeline thread meanwhile writes what it posts.</summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> work)
    {
        var task = Task.Run(() => work(Cancellation));
        Dispatcher.RunUntil(task);
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// Writes each item of an engine stream as it arrives: the stream advances on the thread pool, one item at a
    /// time, and <paramref name="write"/> runs on the pipeline thread, so output streams page by page.
    /// </summary>
    internal void RunEach<T>(Func<CancellationToken, IAsyncEnumerable<T>> source, Action<T> write)
    {
        var items = source(Cancellation).GetAsyncEnumerator(Cancellation);
        try
        {
            while (Run(_ => items.MoveNextAsync().AsTask()))
                write(items.Current);
        }
        finally
        {
            // Run has waited for the last MoveNextAsync, so the stream is at rest and can be disposed here.
            items.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    protected void Run(Func<CancellationToken, Task> work) =>
        Run<bool>(async token =>
        {
            await work(token).ConfigureAwait(false);
            return true;
        });

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Base of cmdlets that talk to the API: picks the session; the per-call options come from <see cref="MerchantCallCmdlet"/>.</summary>
public abstract class MerchantSessionCmdlet : MerchantCallCmdlet
{
    private protected MerchantSessionCmdlet()
        : base(timeoutSec: 100, maximumRetryCount: 9, retryTimeLimitSec: 300)
    {
    }

    /// <summary>The session to use instead of the current one (scripts serving several merchants at once).</summary>
    [Parameter]
    public Context? Context { get; set; }

    private MerchantSession? _session;

    internal MerchantSession Session => _session ??= (Context is null ? null : MerchantSession.FromContext(Context)) ?? SessionStore.Current
        ?? throw (MerchantApiException)ErrorRecords.NotConnected().Exception; // BeginProcessing reports this properly first

    protected override void BeginProcessing()
    {
        if (Context is null && SessionStore.Current is null)
            ThrowTerminatingError(ErrorRecords.NotConnected());
    }

    /// <summary>
    /// Writes a find's items as its pages arrive, paged by -First and -Skip, then the total -IncludeTotalCount asks for
    /// (the API reports none: it is exact only when the last page came back short). A failed find is an error with
    /// <paramref name="target"/> and gives no total. The one way a paging cmdlet (SupportsPaging) runs its find.
    /// </summary>
    /// <returns>The paging as it ended, or null when the find failed.</returns>
    internal FindPaging? WriteFound<T>(int pageSize, Func<FindPaging, CancellationToken, IAsyncEnumerable<T>> find, Action<T> write,
        Func<MerchantApiException, ErrorRecord> failure)
    {
        var first = PagingParameters.First == ulong.MaxValue ? (ulong?)null : PagingParameters.First;
        var paging = new FindPaging(PagingParameters.Skip, first, pageSize);
        try
        {
            RunEach(token => find(paging, token), write);
        }
        catch (MerchantApiException ex)
        {
            WriteFailure(failure(ex));
            return null;
        }
        if (PagingParameters.IncludeTotalCount)
            WriteObject(PagingParameters.NewTotalCount(PagingParameters.Skip + paging.Received, paging.ReachedEnd ? 1.0 : 0.0));
        return paging;
    }

    /// <summary>Failures that concern the session as a whole end the command; the rest are per-record.</summary>
    /// <param name="row">When positive, the input row the failure belongs to.</param>
    internal void WriteFailure(MerchantApiException exception, object? target, int row = 0, string? email = null) =>
        WriteFailure(ErrorRecords.From(exception, target, row, email));

    internal void WriteFailure(ErrorRecord record)
    {
        if (record.Exception is MerchantApiException { ErrorId: var errorId } && ErrorRecords.EndsSession(errorId))
            ThrowTerminatingError(record);
        WriteError(record);
    }
}
