using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using MerchantApi.Completion;
using MerchantApi.Customers;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>
/// Creates customers (and their wallets). Built for <c>Import-Csv file.csv | New-MerchantCustomer</c>: columns are
/// matched by name however they are spelled, every row is validated before anything is sent, up to
/// -ThrottleLimit requests run at once, and results come out in input order as they finish.
/// </summary>
[Cmdlet(VerbsCommon.New, "MerchantCustomer", SupportsShouldProcess = true)]
[OutputType(typeof(Customer))]
public sealed class NewMerchantCustomerCommand : MerchantSessionCmdlet
{
    /// <summary>The row itself (CSV row, hashtable or object); its properties are read by name.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("EmailAddress", "Mail")]
    public string? Email { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Phone", "Mobile")]
    public string? PhoneNumber { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("GivenName")]
    public string? FirstName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Surname")]
    public string? LastName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Notes")]
    public string? Comment { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ExternalId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ReferralId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("CountryCode")]
    [ArgumentCompleter(typeof(CountryCompleter))]
    public string? Country { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("DocumentId", "Passport")]
    public string? VerificationDocumentId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Address")]
    public string? ResidenceAddress { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("TaxId")]
    public string? Itn { get; set; }

    /// <summary>Requests in flight at once; 1 sends one row after the other.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>For a row whose email already exists, output the existing customer (AlreadyExisted = true) instead of an error.</summary>
    [Parameter]
    public SwitchParameter ReturnExisting { get; set; }

    private static readonly string[] FieldParameters =
    {
        nameof(Email), nameof(PhoneNumber), nameof(FirstName), nameof(LastName), nameof(Comment), nameof(ExternalId),
        nameof(ReferralId), nameof(Country), nameof(VerificationDocumentId), nameof(ResidenceAddress), nameof(Itn),
    };

    private readonly DuplicateEmailGuard _emails = new();
    private readonly BulkProgress _progress = new();
    private readonly HashSet<string> _reportedColumns = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, object?> _commandLineFields = new();
    private OrderedWorkQueue<CreateOutcome>? _queue;
    private int _row;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        // Bound before any pipeline input: these are command-line values and apply to every row.
        _commandLineFields = FieldParameters.Where(MyInvocation.BoundParameters.ContainsKey)
            .ToDictionary(name => name, name => (object?)MyInvocation.BoundParameters[name], StringComparer.OrdinalIgnoreCase);
        _queue = new OrderedWorkQueue<CreateOutcome>(ThrottleLimit, Cancellation);
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            Submit(null, _commandLineFields.ToList());
        }
        else if (InputObject.BaseObject is IEnumerable items and not string and not IDictionary)
        {
            // -InputObject $rows: the total is known, so progress can show a percentage.
            var list = items.Cast<object?>().ToList();
            _progress.Total += list.Count;
            foreach (var item in list)
                Submit(item, Properties(item));
        }
        else
        {
            Submit(InputObject, Properties(InputObject));
        }
    }

    protected override void EndProcessing()
    {
        Flush(untilEmpty: true);
        WriteProgress(_progress.Record(completed: true));
        WriteInformation(_progress.Summary(), new[] { "MerchantApi", "Summary" });
    }

    private void Submit(object? row, List<KeyValuePair<string, object?>> properties)
    {
        var rowNumber = ++_row;
        var target = row is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : row;
        foreach (var field in _commandLineFields)
            properties.Add(field);

        var read = CustomerDraftReader.Read(properties);
        ReportColumns(read);
        var validation = CustomerValidator.Validate(read.Draft, rowNumber, ValidationMode.Create);
        if (!validation.IsValid)
        {
            _queue!.AddCompleted(CreateOutcome.Invalid(rowNumber, target, validation.Problems));
        }
        else if (!_emails.TryClaim(validation.Draft!.Email!, rowNumber, out var firstRow))
        {
            _queue!.AddCompleted(CreateOutcome.Invalid(rowNumber, target,
                new[] { DuplicateEmailGuard.Problem(validation.Draft.Email!, rowNumber, firstRow) }));
        }
        else if (ShouldProcess($"row {rowNumber}: {validation.Draft.FirstName} {validation.Draft.LastName} <{validation.Draft.Email}>", "Create customer"))
        {
            var draft = validation.Draft;
            var session = Session;
            var options = CallOptions;
            var returnExisting = ReturnExisting.IsPresent;
            _queue!.Add(token => CustomerApi.CreateRowAsync(session, rowNumber, target, draft, returnExisting, options, token));
        }
        else
        {
            _progress.Skipped++;
        }
        Flush(untilEmpty: false);
    }

    /// <summary>Writes every finished result at the head of the window; waits while the window is full.</summary>
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
                if (_progress.IsDue())
                    WriteProgress(_progress.Record(completed: false));
                if (untilEmpty ? queue.Count == 0 : !queue.IsFull)
                    return;
                Dispatcher.RunUntil(queue.Head);
            }
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void Emit(CreateOutcome outcome)
    {
        if (outcome.Customer is { } customer)
        {
            if (customer.AlreadyExisted) _progress.Existing++;
            else _progress.Created++;
            WriteObject(customer);
            return;
        }
        _progress.Failed++;
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

    private void ReportColumns(CustomerDraftReadResult read)
    {
        var unseen = read.IgnoredColumns.Where(_reportedColumns.Add).ToList();
        if (unseen.Count > 0)
            WriteVerbose($"Ignoring columns that match no customer field: {string.Join(", ", unseen)}.");
        foreach (var conflict in read.Conflicts)
            WriteVerbose(conflict);
    }

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

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
