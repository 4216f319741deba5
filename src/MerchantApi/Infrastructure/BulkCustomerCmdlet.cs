using System.Collections;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using MerchantApi.Bulk;
using MerchantApi.Customers;

namespace MerchantApi.Infrastructure;

/// <summary>
/// Base of the bulk customer cmdlets (New-/Set-MerchantCustomer), and the one place a customer row is read and
/// submitted: reads each by name through the schema (values given as parameters win over the row's columns), reports
/// ignored and conflicting columns, validates, and hands the request to the bulk mechanism (<see cref="BulkCmdlet"/>).
/// A cmdlet only says what differs: how an item becomes a row, the check and confirmation before sending, the request,
/// and what it writes.
/// </summary>
public abstract class BulkCustomerCmdlet : BulkCmdlet
{
    /// <summary>The row itself (CSV row, hashtable or object); its properties are read by name.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    // Boxed on purpose: PowerShell lays out this public type while importing the module, before the engine (in the
    // private load context) can be resolved, and a field of an engine value type would need the engine then.
    private readonly StrongBox<CustomerWrite> _write;
    private readonly HashSet<string> _reportedColumns = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<CustomerField, object?> _commandLine = new();

    /// <summary>What each row still in the window was read as: its errors name the user's own columns.</summary>
    private readonly Dictionary<int, CustomerRow> _pending = new();

    /// <summary>The emails seen so far, valid rows or not: a later row with one of them is a duplicate.</summary>
    private readonly DuplicateEmailGuard _emails = new();

    private protected BulkCustomerCmdlet(CustomerWrite write, BulkProgress progress)
        : base(progress) => _write = new StrongBox<CustomerWrite>(write);

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
        var row = NextRow();
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
            EnqueueCompleted(CustomerOutcome.Invalid(row, target, problems));
        }
        else if (Confirm(validation.Draft!, row, target))
        {
            _pending[row] = read;
            var send = Request(validation.Draft!, row, target);
            Enqueue(row, target, async token => await send(token).ConfigureAwait(false));
        }
    }

    private protected override IRowOutcome Failure(int row, object? target, MerchantApiException reason) =>
        CustomerOutcome.Failed(row, target, reason);

    private protected override IEnumerable<object> ResultsOf(IRowOutcome outcome)
    {
        _pending.Remove(outcome.Row);
        return ((CustomerOutcome)outcome).Customer is { } customer ? [customer] : [];
    }

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

    private protected override void Emit(IRowOutcome row)
    {
        var outcome = (CustomerOutcome)row;
        _pending.Remove(outcome.Row, out var read);
        if (outcome.Customer is { } customer)
        {
            Keep(customer);
            if (customer.FieldsDifferingFromInput.Count > 0)
                WriteNotice($"Row {outcome.Row}: customer '{customer.Email}' already exists with other values for {string.Join(", ", customer.FieldsDifferingFromInput)}; it is returned as stored (FieldsDifferingFromInput lists them).");
            WriteSucceeded(customer);
            return;
        }
        var email = (read?.Draft.Email ?? EmailOf(outcome.Input))?.Trim();
        var problems = outcome.Problems;
        var record = outcome.Failure is { } failure
            ? ErrorRecords.From(ServerRefusal(failure, read) ?? failure, outcome.Input, outcome.Row, email)
            : ErrorRecords.New(problems[0].ErrorId, MerchantErrorKind.InvalidData, string.Join(" ", problems.Select(p => p.Message)),
                outcome.Input, outcome.Row, field: CustomerSchema.Of(problems[0].Field).ApiName, email: email);
        WriteRowError(record);
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

}
