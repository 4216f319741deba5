using System.Collections;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using MerchantApi.Customers;

namespace MerchantApi.Infrastructure;

/// <summary>
/// Base of the bulk customer cmdlets (New-/Set-MerchantCustomer), and the one place a row is read and submitted:
/// numbers the rows, reads each by name through the schema (values given as parameters win over the row's columns),
/// reports ignored and conflicting columns, validates, runs up to -ThrottleLimit requests at once through an
/// <see cref="OrderedWorkQueue{T}"/> and writes results in input order, with progress and a closing Information
/// summary. A cmdlet only says what differs: how an item becomes a row, the check and confirmation before sending,
/// the request, and what it writes.
/// </summary>
public abstract class BulkCustomerCmdlet : MerchantSessionCmdlet
{
    /// <summary>The row itself (CSV row, hashtable or object); its properties are read by name.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Requests in flight at once; 1 sends one item after the other.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    // Boxed on purpose: PowerShell lays out this public type while importing the module, before the engine (in the
    // private load context) can be resolved, and a field of an engine value type would need the engine then.
    private readonly StrongBox<CustomerWrite> _write;
    private readonly HashSet<string> _reportedColumns = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<CustomerField, object?> _commandLine = new();
    private OrderedWorkQueue<CustomerOutcome>? _queue;
    private int _row;

    private protected BulkCustomerCmdlet(CustomerWrite write, BulkProgress progress)
    {
        _write = new StrongBox<CustomerWrite>(write);
        Progress = progress;
    }

    private protected BulkProgress Progress { get; }

    /// <summary>The schema's fields that this cmdlet has as parameters: those a row of its write carries.</summary>
    internal IEnumerable<CustomerFieldSpec> FieldParameters => CustomerSchema.For(_write.Value);

    /// <summary>Field values given as parameters (bound before any pipeline input); they apply to every row.</summary>
    private protected IReadOnlyDictionary<CustomerField, object?> CommandLine => _commandLine;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _commandLine = new Dictionary<CustomerField, object?>();
        foreach (var spec in FieldParameters)
        {
            if (MyInvocation.BoundParameters.TryGetValue(spec.ParameterName, out var bound) && CommandLineValue(spec, bound) is { } value)
                _commandLine[spec.Field] = value;
        }
        _queue = new OrderedWorkQueue<CustomerOutcome>(ThrottleLimit, Cancellation);
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            SubmitWithoutInput();
        }
        else if (InputObject.BaseObject is IEnumerable items and not string and not IDictionary)
        {
            // -InputObject $rows: the total is known, so progress can show a percentage.
            var list = items.Cast<object?>().ToList();
            Progress.Total += list.Count;
            foreach (var item in list)
                Submit(TargetOf(item), RowOf(item));
        }
        else
        {
            Submit(TargetOf(InputObject), RowOf(InputObject));
        }
    }

    protected override void EndProcessing()
    {
        Flush(untilEmpty: true);
        WriteProgress(Progress.Record(completed: true));
        WriteInformation(Progress.Summary(), new[] { "MerchantApi", "Summary" });
    }

    /// <summary>The value a bound field parameter gives every row; null drops it (the row's own value is used).</summary>
    private protected virtual object? CommandLineValue(CustomerFieldSpec spec, object? bound) => bound;

    /// <summary>No pipeline input: the command line alone makes the row(s).</summary>
    private protected virtual void SubmitWithoutInput() => Submit(null, new List<KeyValuePair<string, object?>>());

    /// <summary>An input item's name/value pairs: by default its properties (a hashtable's keys, a CSV row's columns).</summary>
    private protected virtual List<KeyValuePair<string, object?>> RowOf(object? item) => Properties(item);

    /// <summary>A check of a valid row that needs the run's state (e.g. an email already seen); null when it passes.</summary>
    private protected virtual ValidationProblem? CheckInRun(CustomerDraft draft, int row) => null;

    /// <summary>ShouldProcess and any further confirmation; false skips the row (counted by the cmdlet).</summary>
    /// <param name="target">The input item (as for <see cref="Request"/>): what the confirmation can name it by.</param>
    private protected abstract bool Confirm(CustomerDraft draft, int row, object? target);

    /// <summary>The request for a valid, confirmed row; it must not throw for the row's own problems.</summary>
    private protected abstract Func<CancellationToken, Task<CustomerOutcome>> Request(CustomerDraft draft, int row, object? target);

    /// <summary>Writes a customer created, found or updated, and counts it.</summary>
    private protected abstract void WriteSucceeded(Customer customer);

    /// <summary>Reads, validates and queues one row; writes whatever has finished meanwhile.</summary>
    private protected void Submit(object? target, List<KeyValuePair<string, object?>> properties)
    {
        var row = ++_row;
        var read = CustomerRowReader.Read(properties, _write.Value, _commandLine);
        ReportColumns(read, row);
        var validation = CustomerValidator.Validate(read.Draft, _write.Value);
        if (!validation.IsValid)
        {
            _queue!.AddCompleted(CustomerOutcome.Invalid(row, target, validation.Problems));
        }
        else if (CheckInRun(validation.Draft!, row) is { } problem)
        {
            _queue!.AddCompleted(CustomerOutcome.Invalid(row, target, new[] { problem }));
        }
        else if (Confirm(validation.Draft!, row, target))
        {
            _queue!.Add(Request(validation.Draft!, row, target));
        }
        Flush(untilEmpty: false);
    }

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
            WriteFailure(failure, outcome.Input, outcome.Row);
            return;
        }
        var problems = outcome.Problems;
        WriteError(ErrorRecords.New(problems[0].ErrorId, MerchantErrorKind.InvalidData,
            string.Join(" ", problems.Select(p => p.Message)), outcome.Input, outcome.Row));
    }

    /// <summary>Columns matching no field (each name once per command) and conflicting columns, as verbose lines.</summary>
    private void ReportColumns(CustomerRow read, int row)
    {
        var unseen = read.IgnoredColumns.Where(_reportedColumns.Add).ToList();
        if (unseen.Count > 0)
            WriteVerbose($"Ignoring columns that match no {(_write.Value == CustomerWrite.Update ? "updatable " : "")}customer field: {string.Join(", ", unseen)}.");
        foreach (var conflict in read.Conflicts)
            WriteVerbose($"Row {row}: {conflict.Message}");
    }

    /// <summary>The TargetObject for a row's errors: the object itself, but a PSCustomObject (CSV row) as given.</summary>
    private static object? TargetOf(object? row) =>
        row is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : row;

    /// <summary>A row's properties by name: a hashtable's keys, or a CSV row's / object's properties.</summary>
    private static List<KeyValuePair<string, object?>> Properties(object? row)
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
