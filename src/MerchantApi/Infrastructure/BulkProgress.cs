using System.Diagnostics;
using System.Management.Automation;

namespace MerchantApi.Infrastructure;

/// <summary>Counts of a bulk run, shown as Write-Progress (a few times a second) and one closing summary.</summary>
internal sealed class BulkProgress
{
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly string _command;
    private readonly string _activity;
    private readonly string _succeeded;
    private readonly bool _countsExisting;
    private long _lastShown;

    private BulkProgress(string command, string activity, string succeeded, bool countsExisting)
    {
        _command = command;
        _activity = activity;
        _succeeded = succeeded;
        _countsExisting = countsExisting;
    }

    /// <summary>New-MerchantCustomer: "N created, N existing, N failed".</summary>
    public static BulkProgress ForCreate() => new("New-MerchantCustomer", "Creating customers", "created", countsExisting: true);

    /// <summary>Set-MerchantCustomer: "N updated, N failed".</summary>
    public static BulkProgress ForUpdate() => new("Set-MerchantCustomer", "Updating customers", "updated", countsExisting: false);

    /// <summary>Invoke-MerchantApiRequest: "N succeeded, N failed".</summary>
    public static BulkProgress ForRequest() => ForRead("Invoke-MerchantApiRequest", "Sending requests");

    /// <summary>A cmdlet that reads per input item: "N succeeded, N failed".</summary>
    public static BulkProgress ForRead(string command, string activity) => new(command, activity, "succeeded", countsExisting: false);

    public int Total { get; set; }
    /// <summary>Rows done: customers created or updated, requests answered.</summary>
    public int Succeeded { get; set; }
    public int Existing { get; set; }
    public int Failed { get; set; }
    public int Skipped { get; set; }
    public int Processed => Succeeded + Existing + Failed;

    public bool IsDue()
    {
        var now = Stopwatch.GetTimestamp();
        if (now - _lastShown < Interval) return false;
        _lastShown = now;
        return true;
    }

    public ProgressRecord Record(bool completed)
    {
        var record = new ProgressRecord(0x4D41, _activity,
            $"{Processed}{(Total > 0 ? " of " + Total : "")} processed: {Counts()} ({Rate():0.#} rows/s)");
        if (Total > 0) record.PercentComplete = Math.Min(100, Processed * 100 / Total);
        if (completed) record.RecordType = ProgressRecordType.Completed;
        return record;
    }

    public string Summary()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        return $"{_command}: {Counts()}" +
               (Skipped > 0 ? $", {Skipped} skipped" : "") + $" in {elapsed.TotalSeconds:0.0} s ({Rate():0.#} rows/s).";
    }

    private string Counts() =>
        $"{Succeeded} {_succeeded}, " + (_countsExisting ? $"{Existing} existing, " : "") + $"{Failed} failed";

    private double Rate()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        return seconds > 0 ? Processed / seconds : 0;
    }
}
