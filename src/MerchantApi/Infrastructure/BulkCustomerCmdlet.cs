using System.Collections;
using System.Management.Automation;
using MerchantApi.Customers;

namespace MerchantApi.Infrastructure;

/// <summary>
/// Base of the bulk customer cmdlets (New-/Set-MerchantCustomer): reads rows by name, reports ignored and
/// conflicting columns once, overlays command-line field values, runs up to -ThrottleLimit requests at once
/// through an <see cref="OrderedWorkQueue{T}"/> and writes results in input order, with progress and a closing
/// Information summary.
/// </summary>
public abstract class BulkCustomerCmdlet : MerchantSessionCmdlet
{
    /// <summary>Requests in flight at once; 1 sends one item after the other.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    private readonly IReadOnlyList<string> _fieldParameters;
    private readonly string _ignoredColumnsMessage;
    private readonly HashSet<string> _reportedColumns = new(StringComparer.OrdinalIgnoreCase);
    private OrderedWorkQueue<CustomerOutcome>? _queue;
    private int _row;

    /// <param name="fieldParameters">The cmdlet's customer-field parameters; bound ones apply to every row.</param>
    /// <param name="ignoredColumnsMessage">Verbose text before the list of columns that match no field.</param>
    /// <param name="progress">The counts shown as progress and summary.</param>
    private protected BulkCustomerCmdlet(IReadOnlyList<string> fieldParameters, string ignoredColumnsMessage, BulkProgress progress)
    {
        _fieldParameters = fieldParameters;
        _ignoredColumnsMessage = ignoredColumnsMessage;
        Progress = progress;
    }

    private protected BulkProgress Progress { get; }

    /// <summary>Field parameters given on the command line (bound before any pipeline input), by name.</summary>
    private protected Dictionary<string, object?> CommandLineFields { get; private set; } = new(StringComparer.OrdinalIgnoreCase);

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        CommandLineFields = _fieldParameters.Where(MyInvocation.BoundParameters.ContainsKey)
            .ToDictionary(name => name, name => (object?)MyInvocation.BoundParameters[name], StringComparer.OrdinalIgnoreCase);
        _queue = new OrderedWorkQueue<CustomerOutcome>(ThrottleLimit, Cancellation);
    }

    protected override void EndProcessing()
    {
        Flush(untilEmpty: true);
        WriteProgress(Progress.Record(completed: true));
        WriteInformation(Progress.Summary(), new[] { "MerchantApi", "Summary" });
    }

    /// <summary>The 1-based number of the next row.</summary>
    private protected int NextRow() => ++_row;

    /// <summary>Queues a row whose result is known without sending anything (invalid input), in order.</summary>
    private protected void AddInvalid(int row, object? target, IReadOnlyList<ValidationProblem> problems) =>
        _queue!.AddCompleted(CustomerOutcome.Invalid(row, target, problems));

    /// <summary>Queues a request; it starts as soon as a slot is free.</summary>
    private protected void AddRequest(Func<CancellationToken, Task<CustomerOutcome>> work) => _queue!.Add(work);

    /// <summary>Writes a customer created, found or updated, and counts it.</summary>
    private protected abstract void WriteSucceeded(Customer customer);

    /// <summary>Writes every finished result at the head of the window; while the window is full (or, at the end, not
    /// empty) waits for half of it, so the pipeline thread wakes once per half window rather than once per row.</summary>
    private protected void Flush(bool untilEmpty)
    {
        var queue = _queue!;
        try
        {
            while (true)
            {
                Dispatcher.Drain();
                while (queue.TryTakeFinished(out var outcome))
                    Emit(outcome);
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

    private void Emit(CustomerOutcome outcome)
    {
        if (outcome.Customer is { } customer)
        {
            WriteSucceeded(customer);
            return;
        }
        Progress.Failed++;
        if (outcome.Failure is { } failure)
        {
            WriteFailure(failure, outcome.Input);
            return;
        }
        var problems = outcome.Problems;
        var message = string.Join(" ", problems.Select(p => p.Message));
        WriteError(new ErrorRecord(new MerchantApiException(problems[0].ErrorId, MerchantErrorKind.InvalidData, message),
            problems[0].ErrorId, ErrorCategory.InvalidData, outcome.Input));
    }

    /// <summary>Columns matching no field (each name once per command) and conflicting columns, as verbose lines.</summary>
    private protected void ReportColumns(CustomerDraftReadResult read)
    {
        var unseen = read.IgnoredColumns.Where(_reportedColumns.Add).ToList();
        if (unseen.Count > 0)
            WriteVerbose($"{_ignoredColumnsMessage}: {string.Join(", ", unseen)}.");
        foreach (var conflict in read.Conflicts)
            WriteVerbose(conflict);
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
                continue; // a property that throws on read is not a customer field
            }
            list.Add(new(property.Name, Unwrap(propertyValue)));
        }
        return list;
    }

    private protected static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
