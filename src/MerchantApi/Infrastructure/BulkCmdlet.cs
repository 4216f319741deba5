using System.Collections;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using MerchantApi.Bulk;

namespace MerchantApi.Infrastructure;

/// <summary>
/// The one bulk mechanism of the module, under every cmdlet that sends one request per input item
/// (New-/Set-MerchantCustomer, Invoke-MerchantApiRequest): numbers the rows, runs up to -ThrottleLimit requests at once
/// through an <see cref="OrderedWorkQueue{T}"/>, writes results in input order as they finish, shows progress and ends
/// with a closing summary. Nothing given goes unreported: every row ends as output or as an error with the row as
/// TargetObject, and under -ErrorAction Stop the rows already sent are finished and carried on the stopping error.
/// A cmdlet says how an item becomes a request and how its result is written.
/// </summary>
public abstract class BulkCmdlet : MerchantSessionCmdlet
{
    /// <summary>Requests in flight at once; 1 sends one item after the other.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    private OrderedWorkQueue<IRowOutcome>? _queue;
    private int _row;

    /// <summary>Set when writing a row's error ended the command (-ErrorAction Stop); see <see cref="Write"/>.</summary>
    private volatile ExceptionDispatchInfo? _stop;

    private MerchantApiException? _stopError;

    /// <summary>The exception of the row error being written, while it is.</summary>
    private MerchantApiException? _lastError;

    /// <summary>Under -ErrorAction Stop, everything written, for the stopping error to carry (null otherwise: a run that
    /// cannot stop on an error need not hold its output).</summary>
    private List<object>? _written;

    /// <summary>Under -ErrorAction Stop, the lowest row known to fail (int.MaxValue while none has): a row after it is not
    /// sent, a row before it still is (its result comes first in input order, so it is written before the stopping error).</summary>
    private int _firstFailedRow = int.MaxValue;

    private protected BulkCmdlet(BulkProgress progress) => Progress = progress;

    private protected BulkProgress Progress { get; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _queue = new OrderedWorkQueue<IRowOutcome>(ThrottleLimit, Cancellation);
        if (StopsOnError())
            _written = new List<object>();
    }

    protected override void EndProcessing()
    {
        Flush(untilEmpty: true);
        WriteProgress(Progress.Record(completed: true));
        if (!ReportsSummary)
            return;
        var summary = Progress.Summary();
        WriteInformation(summary, new[] { "MerchantApi", "Summary" });
        // The summary is on the Information stream, which is silent by default: a failure must not be.
        if (Progress.Failed > 0)
            WriteNotice($"{summary} The failed rows were written as errors: collect them with -ErrorVariable (their TargetObject is the row) to fix and run them again.");
    }

    /// <summary>Whether the run ends with the closing summary (and the warning that counts failures): a cmdlet called for one
    /// request, whose own error says all, may leave them out.</summary>
    private protected virtual bool ReportsSummary => true;

    /// <summary>A failed outcome of this cmdlet's kind for a row not sent, or refused before sending.</summary>
    private protected abstract IRowOutcome Failure(int row, object? target, MerchantApiException reason);

    /// <summary>Writes one finished row (in input order): its results through <see cref="Keep"/> and WriteObject, or its
    /// error through <see cref="WriteRowError"/>.</summary>
    private protected abstract void Emit(IRowOutcome outcome);

    /// <summary>What a successful outcome output, for the stopping error once the pipeline takes nothing more.</summary>
    private protected abstract IEnumerable<object> ResultsOf(IRowOutcome outcome);

    /// <summary>The next row's number (1-based).</summary>
    private protected int NextRow() => ++_row;

    /// <summary>Queues a row's request (it must not throw for the row's own problems) and writes whatever has finished.</summary>
    private protected void Enqueue(int row, object? target, Func<CancellationToken, Task<IRowOutcome>> send)
    {
        if (!StopsAtFirstFailure)
        {
            _queue!.Add(send);
        }
        else
        {
            // -ErrorAction Stop: the first failure ends the command, so a row whose slot comes after a failure is known
            // is not sent (see Write).
            _queue!.Add(async token =>
            {
                if (Volatile.Read(ref _firstFailedRow) < row)
                    return Failure(row, target, NotSent());
                var outcome = await send(token).ConfigureAwait(false);
                if (outcome.IsFailure)
                    RecordFailure(row);
                return outcome;
            });
        }
        Flush(untilEmpty: false);
    }

    /// <summary>A row whose outcome is known without sending (e.g. invalid input), kept in input order.</summary>
    private protected void EnqueueCompleted(IRowOutcome outcome)
    {
        if (StopsAtFirstFailure && outcome.IsFailure)
            RecordFailure(outcome.Row);
        _queue!.AddCompleted(outcome);
        Flush(untilEmpty: false);
    }

    /// <summary>
    /// Ends a valid row that will not be sent as an error of its own (e.g. nothing to change, a confirmation the host
    /// cannot ask for): queued in input order like every row's result, so it is written, counted and, under
    /// -ErrorAction Stop, handled as any other failure.
    /// </summary>
    private protected void Refuse(int row, object? target, MerchantApiException reason) => EnqueueCompleted(Failure(row, target, reason));

    /// <summary>Records a result about to be written, for the stopping error under -ErrorAction Stop.</summary>
    private protected void Keep(object result) => _written?.Add(result);

    /// <summary>Writes a row's error and counts it; under -ErrorAction Stop this is what ends the command.</summary>
    private protected void WriteRowError(ErrorRecord record)
    {
        Progress.Failed++;
        // Kept while writing: under -ErrorAction Stop the write throws, and this error then carries what was done.
        _lastError = (MerchantApiException)record.Exception;
        WriteFailure(record);
        _lastError = null;
    }

    private bool StopsOnError() =>
        MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound)
            ? bound is ActionPreference.Stop || string.Equals(bound?.ToString(), "Stop", StringComparison.OrdinalIgnoreCase)
            : string.Equals(SessionState.PSVariable.GetValue("ErrorActionPreference")?.ToString(), "Stop", StringComparison.OrdinalIgnoreCase);

    /// <summary>-ErrorAction Stop: the first failure ends the command (only then are the written results kept).</summary>
    private bool StopsAtFirstFailure => _written is not null;

    private void RecordFailure(int row)
    {
        var known = Volatile.Read(ref _firstFailedRow);
        while (row < known)
        {
            var seen = Interlocked.CompareExchange(ref _firstFailedRow, row, known);
            if (seen == known) return;
            known = seen;
        }
    }

    private static MerchantApiException NotSent() =>
        new("NotSentAfterStop", MerchantErrorKind.Cancelled, "Not sent: the command stopped at an earlier row's error.");

    /// <summary>Writes every finished result at the head of the window; while the window is full (or, at the end, not
    /// empty) waits for half of it, so the pipeline thread wakes once per half window rather than once per row.</summary>
    private void Flush(bool untilEmpty)
    {
        var queue = _queue!;
        try
        {
            while (true)
            {
                Dispatcher.Drain();
                while (queue.TryTakeFinished(out var outcome))
                    Write(outcome);
                if (_stop is not null)
                {
                    if (queue.Count > 0)
                    {
                        Dispatcher.RunUntil(queue.Head);
                        continue;
                    }
                    _stop.Throw();
                }
                if (Progress.IsDue())
                    WriteProgress(Progress.Record(completed: false));
                if (untilEmpty ? queue.Count == 0 : !queue.IsFull)
                    return;
                Dispatcher.RunUntil(queue.NextWake);
            }
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// Writes one row's result. When writing a row's error ends the command (-ErrorAction Stop), rows already sent are
    /// still finished and written (what they did is done: it is also put on the stopping error's
    /// <see cref="MerchantApiException.ResultsBeforeStop"/>), rows not yet sent are not sent, and the command then
    /// stops with the first error.
    /// </summary>
    private void Write(IRowOutcome outcome)
    {
        if (_stop is not null)
        {
            // The pipeline has stopped and takes nothing more: what the rows still in flight did goes on the error.
            if (!outcome.IsFailure)
            {
                foreach (var result in ResultsOf(outcome))
                    _stopError?.AddResultBeforeStop(result);
            }
            else
            {
                _stopError?.AddRowToRetry(outcome.Input);
            }
            return;
        }
        try
        {
            Emit(outcome);
        }
        catch (PipelineStoppedException stopped) when (_lastError is not null && !Cancellation.IsCancellationRequested)
        {
            // Writing a row's error under -ErrorAction Stop: PowerShell has recorded the error as the command's end
            // and unwinds with PipelineStoppedException (Ctrl+C would have cancelled our token first).
            _stop = ExceptionDispatchInfo.Capture(stopped);
            _stopError = _lastError;
            foreach (var result in _written ?? new List<object>())
                _stopError?.AddResultBeforeStop(result);
        }
    }

    /// <summary>The TargetObject for a row's errors: the object itself, but a PSCustomObject (CSV row) as given.</summary>
    private protected static object? TargetOf(object? row) =>
        row is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : row;

    /// <summary>A row's properties by name: a hashtable's keys, or a CSV row's / object's properties.</summary>
    private protected static List<KeyValuePair<string, object?>> Properties(object? row)
    {
        var list = new List<KeyValuePair<string, object?>>();
        var value = row is PSObject wrapped ? wrapped : PSObject.AsPSObject(row ?? new object());
        if (value.BaseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
                list.Add(new(entry.Key?.ToString() ?? "", Unwrap(entry.Value)));
            return list;
        }
        foreach (var property in value.Properties)
        {
            object? propertyValue;
            try
            {
                propertyValue = property.Value;
            }
            catch (GetValueException)
            {
                continue; // a property that throws on read has no value to give
            }
            list.Add(new(property.Name, Unwrap(propertyValue)));
        }
        return list;
    }

    private protected static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
