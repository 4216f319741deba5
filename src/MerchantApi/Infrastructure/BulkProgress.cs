using System.Diagnostics;
using System.Management.Automation;

namespace MerchantApi.Infrastructure;

/// <summary>Counts of a bulk run, shown as Write-Progress (a few times a second) and one closing summary.</summary>
internal sealed class BulkProgress
{
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastShown;

    public int Total { get; set; }
    public int Created { get; set; }
    public int Existing { get; set; }
    public int Failed { get; set; }
    public int Skipped { get; set; }
    public int Processed => Created + Existing + Failed;

    public bool IsDue()
    {
        var now = Stopwatch.GetTimestamp();
        if (now - _lastShown < Interval) return false;
        _lastShown = now;
        return true;
    }

    public ProgressRecord Record(bool completed)
    {
        var record = new ProgressRecord(0x4D41, "Creating customers",
            $"{Processed}{(Total > 0 ? " of " + Total : "")} processed: {Created} created, {Existing} existing, {Failed} failed ({Rate():0.#} rows/s)");
        if (Total > 0) record.PercentComplete = Math.Min(100, Processed * 100 / Total);
        if (completed) record.RecordType = ProgressRecordType.Completed;
        return record;
    }

    public string Summary()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        return $"New-MerchantCustomer: {Created} created, {Existing} existing, {Failed} failed" +
               (Skipped > 0 ? $", {Skipped} skipped" : "") + $" in {elapsed.TotalSeconds:0.0} s ({Rate():0.#} rows/s).";
    }

    private double Rate()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        return seconds > 0 ? Processed / seconds : 0;
    }
}
