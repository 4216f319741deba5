using System.Collections;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
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

    /// <summary>What each row still in the window was read as: its errors name the user's own columns.</summary>
    private readonly Dictionary<int, CustomerRow> _pending = new();

    /// <summary>The emails seen so far, valid rows or not: a later row with one of them is a duplicate.</summary>
    private readonly DuplicateEmailGuard _emails = new();

    /// <summary>Set when writing a row's error ended the command (-ErrorAction Stop); see <see cref="Write"/>.</summary>
    private volatile ExceptionDispatchInfo? _stop;

    private MerchantApiException? _stopError;

    /// <summary>The exception of the row error being written, while it is.</summary>
    private MerchantApiException? _lastError;

    /// <summary>Under -ErrorAction Stop, every customer written, for the stopping error to carry (null otherwise: a
    /// run that cannot stop on an error need not hold its output).</summary>
    private List<Customer>? _written;

    /// <summary>Under -ErrorAction Stop, set by the first row known to fail: from then on no row is sent.</summary>
    private volatile bool _failureSeen;

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
        if (StopsOnError())
            _written = new List<Customer>();
    }

    private bool StopsOnError() =>
        MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound)
            ? bound is ActionPreference.Stop || string.Equals(bound?.ToString(), "Stop", StringComparison.OrdinalIgnoreCase)
            : string.Equals(SessionState.PSVariable.GetValue("ErrorActionPreference")?.ToString(), "Stop", StringComparison.OrdinalIgnoreCase);

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
        var summary = Progress.Summary();
        WriteInformation(summary, new[] { "MerchantApi", "Summary" });
        // The summary is on the Information stream, which is silent by default: a failure must not be.
        if (Progress.Failed > 0)
            WriteNotice($"{summary} The failed rows were written as errors: collect them with -ErrorVariable (their TargetObject is the row) to fix and run them again.");
    }

    /// <summary>The value a bound field parameter gives every row; null drops it (the row's own value is used).</summary>
    private protected virtual object? CommandLineValue(CustomerFieldSpec spec, object? bound) => bound;

    /// <summary>No pipeline input: the command line alone makes the row(s).</summary>
    private protected virtual void SubmitWithoutInput() => Submit(null, new List<KeyValuePair<string, object?>>());

    /// <summary>An input item's name/value pairs: by default its properties (a hashtable's keys, a CSV row's columns).</summary>
    private protected virtual List<KeyValuePair<string, object?>> RowOf(object? item) => Properties(item);

    /// <summary>Whether a later row with an email already seen in this run is a duplicate (creates: the email is the key).</summary>
    private protected virtual bool EmailsAreUnique => false;

    /// <summary>ShouldProcess and any further confirmation; false skips the row (counted by the cmdlet, or
    /// <see cref="Refuse"/>d).</summary>
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
        if (row == 1 && read.NoColumnMatched)
            ThrowTerminatingError(NoColumnMatched(read, target));
        target ??= CommandLineTarget();
        ReportColumns(read, row);
        string Label(CustomerFieldSpec spec) => LabelOf(read, spec);
        var validation = CustomerValidator.Validate(read.Draft, _write.Value, Label);
        var problems = validation.Problems.ToList();
        if (EmailsAreUnique && (validation.Draft?.Email ?? read.Draft.Email?.Trim()) is { Length: > 0 } email
            && !_emails.TryClaim(email, row, out var firstRow))
        {
            // Valid or not, the earlier row holds the email: this one is a duplicate whatever is fixed later.
            problems.Add(DuplicateEmailGuard.Problem(email, firstRow, Label(CustomerSchema.Of(CustomerField.Email))));
        }

        if (problems.Count > 0)
        {
            _failureSeen |= StopsAtFirstFailure;
            _queue!.AddCompleted(CustomerOutcome.Invalid(row, target, problems));
        }
        else if (Confirm(validation.Draft!, row, target))
        {
            _pending[row] = read;
            var send = Request(validation.Draft!, row, target);
            if (!StopsAtFirstFailure)
            {
                _queue!.Add(send);
            }
            else
            {
                // -ErrorAction Stop: the first failure ends the command, so a row whose slot comes after a failure is
                // known is not sent (see Write).
                _queue!.Add(async token =>
                {
                    if (_failureSeen)
                        return CustomerOutcome.Failed(row, target, NotSent());
                    var outcome = await send(token).ConfigureAwait(false);
                    _failureSeen |= outcome.Customer is null;
                    return outcome;
                });
            }
        }
        Flush(untilEmpty: false);
    }

    /// <summary>
    /// Ends a valid row that will not be sent as an error of its own (e.g. nothing to change, a confirmation the host
    /// cannot ask for): queued in input order like every row's result, so it is written, counted and, under
    /// -ErrorAction Stop, handled as any other failure.
    /// </summary>
    private protected void Refuse(int row, object? target, MerchantApiException reason)
    {
        _failureSeen |= StopsAtFirstFailure;
        _queue!.AddCompleted(CustomerOutcome.Failed(row, target, reason));
    }

    /// <summary>-ErrorAction Stop: the first failure ends the command (only then are the written customers kept).</summary>
    private bool StopsAtFirstFailure => _written is not null;

    /// <summary>How messages name a field: the user's column as spelled in the file, or the parameter, then the API field.</summary>
    private static string LabelOf(CustomerRow read, CustomerFieldSpec spec)
    {
        if (read.ColumnOf(spec.Field) is { } column)
            return column.Trim().Equals(spec.ApiName, StringComparison.OrdinalIgnoreCase) ? $"'{spec.ApiName}'" : $"'{column.Trim()}' ({spec.ApiName})";
        return read.Draft[spec.Field] is not null ? $"-{spec.ParameterName} ({spec.ApiName})" : $"'{spec.ApiName}'";
    }

    /// <summary>Parameters alone make the row: the error's TargetObject is what was given, by parameter name.</summary>
    private PSObject CommandLineTarget()
    {
        var given = new PSObject();
        foreach (var (field, value) in _commandLine)
            given.Properties.Add(new PSNoteProperty(CustomerSchema.Of(field).ParameterName, value));
        return given;
    }

    private static MerchantApiException NotSent() =>
        new("NotSentAfterStop", MerchantErrorKind.Cancelled, "Not sent: the command stopped at an earlier row's error.");

    /// <summary>The first row has properties but none names a field: every row would fail the same way, so stop once.</summary>
    private ErrorRecord NoColumnMatched(CustomerRow read, object? target)
    {
        var columns = string.Join(", ", read.IgnoredColumns.Select(c => $"'{ValueText.Show(c)}'"));
        var delimiter = new[] { ';', '\t', '|', ',' }.FirstOrDefault(d => read.IgnoredColumns.Any(c => c.Contains(d)));
        var hint = delimiter != default
            ? $"The column names hold '{(delimiter == '\t' ? "\\t" : delimiter.ToString())}': the file seems to separate its columns with it. Read it with Import-Csv -Delimiter '{(delimiter == '\t' ? "`t" : delimiter.ToString())}'."
            : read.IgnoredColumns.Any(c => c.Contains('\uFFFD') || c.Contains('\u00C3'))
                ? "The column names look misdecoded: read the file with the encoding it was saved in, e.g. Import-Csv -Encoding utf8BOM."
                : "Rename the columns, or map them with Select-Object @{ Name = 'Email'; Expression = { $_.'Your column' } }, ... before piping.";
        return ErrorRecords.New("NoColumnMatchesAField", MerchantErrorKind.InvalidData,
            $"None of the first row's columns names a customer field: it has {columns}. Nothing was sent.", target, row: 1,
            recommendedAction: hint);
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
    /// still finished and written (their customers exist: they are also put on the stopping error's
    /// <see cref="MerchantApiException.CustomersBeforeStop"/>), rows not yet sent are not sent, and the command then
    /// stops with the first error.
    /// </summary>
    private void Write(CustomerOutcome outcome)
    {
        _pending.Remove(outcome.Row, out var read);
        if (_stop is not null)
        {
            // The pipeline has stopped and takes nothing more: what the rows still in flight did goes on the error.
            if (outcome.Customer is { } done)
                _stopError?.AddCustomerBeforeStop(done);
            else
                _stopError?.AddRowToRetry(outcome.Input);
            return;
        }
        try
        {
            Emit(outcome, read);
        }
        catch (PipelineStoppedException stopped) when (_lastError is not null && !Cancellation.IsCancellationRequested)
        {
            // Writing a row's error under -ErrorAction Stop: PowerShell has recorded the error as the command's end
            // and unwinds with PipelineStoppedException (Ctrl+C would have cancelled our token first).
            _stop = ExceptionDispatchInfo.Capture(stopped);
            _stopError = _lastError;
            foreach (var customer in _written ?? new List<Customer>())
                _stopError?.AddCustomerBeforeStop(customer);
        }
    }

    private void Emit(CustomerOutcome outcome, CustomerRow? read)
    {
        if (outcome.Customer is { } customer)
        {
            _written?.Add(customer);
            if (customer.FieldsDifferingFromInput.Count > 0)
                WriteNotice($"Row {outcome.Row}: customer '{customer.Email}' already exists with other values for {string.Join(", ", customer.FieldsDifferingFromInput)}; it is returned as stored (FieldsDifferingFromInput lists them).");
            WriteSucceeded(customer);
            return;
        }
        Progress.Failed++;
        var email = (read?.Draft.Email ?? EmailOf(outcome.Input))?.Trim();
        var problems = outcome.Problems;
        var record = outcome.Failure is { } failure
            ? ErrorRecords.From(ServerRefusal(failure, read) ?? failure, outcome.Input, outcome.Row, email)
            : ErrorRecords.New(problems[0].ErrorId, MerchantErrorKind.InvalidData, string.Join(" ", problems.Select(p => p.Message)),
                outcome.Input, outcome.Row, field: CustomerSchema.Of(problems[0].Field).ApiName, email: email);
        // Kept while writing: under -ErrorAction Stop the write throws, and this error then carries what was done.
        _lastError = (MerchantApiException)record.Exception;
        WriteFailure(record);
        _lastError = null;
    }

    /// <summary>
    /// A VALIDATION_ERROR names the field the server refused (the sandbox's message starts with it; any schema name in
    /// it will do): said like a local problem, the user's column first, the HTTP details last.
    /// </summary>
    private static MerchantApiException? ServerRefusal(MerchantApiException failure, CustomerRow? read)
    {
        if (read is null || failure.Kind != MerchantErrorKind.InvalidData || failure.Errors.Count == 0)
            return null;
        var refused = failure.Errors
            .Select(error => (error, spec: CustomerSchema.Fields.FirstOrDefault(spec =>
                error.Message.Split(' ', ',', ':', '.').Contains(spec.ApiName, StringComparer.Ordinal))))
            .Where(pair => pair.spec is not null)
            .ToList();
        if (refused.Count == 0)
            return null;
        var sentences = refused.Select(pair => $"{LabelOf(read, pair.spec!)} was refused by the server: {pair.error.Message.TrimEnd('.')}.");
        return new MerchantApiException(failure.ErrorId, failure.Kind,
            $"{string.Join(" ", sentences)} (HTTP {(int?)failure.StatusCode} {failure.ProviderCode})",
            failure.StatusCode, failure.Errors, failure)
        {
            OutcomeUnknown = failure.OutcomeUnknown,
            Field = refused[0].spec!.ApiName,
        };
    }

    /// <summary>The email of a row whose result came without its reading (a row not sent), from its properties.</summary>
    private static string? EmailOf(object? input) =>
        input is null ? null : Properties(input).Where(p => CustomerSchema.TryResolve(p.Key, out var f, out _) && f == CustomerField.Email)
            .Select(p => CustomerRowReader.ToText(p.Value)).FirstOrDefault();

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
