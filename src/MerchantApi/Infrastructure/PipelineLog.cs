using System.Management.Automation;
using MerchantApi.Http;

namespace MerchantApi.Infrastructure;

/// <summary>
/// The engine's log for one cmdlet invocation. Engine code runs on worker threads, but Write-* must happen on
/// the pipeline thread, so messages are queued to the cmdlet's dispatcher.
/// </summary>
internal sealed class PipelineLog : IMerchantLog
{
    private readonly PipelineDispatcher _dispatcher;
    private readonly Cmdlet _cmdlet;

    public PipelineLog(PSCmdlet cmdlet, PipelineDispatcher dispatcher)
    {
        _cmdlet = cmdlet;
        _dispatcher = dispatcher;
        IsVerboseEnabled = IsOn(cmdlet, "Verbose", "VerbosePreference");
        IsDebugEnabled = IsOn(cmdlet, "Debug", "DebugPreference");
    }

    public bool IsVerboseEnabled { get; }
    public bool IsDebugEnabled { get; }

    public void Verbose(string message)
    {
        if (IsVerboseEnabled) _dispatcher.Post(() => _cmdlet.WriteVerbose(message));
    }

    public void Debug(string message)
    {
        if (IsDebugEnabled) _dispatcher.Post(() => _cmdlet.WriteDebug(message));
    }


    private static bool IsOn(PSCmdlet cmdlet, string switchName, string preferenceVariable)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue(switchName, out var value))
            return value is SwitchParameter { IsPresent: true } || value is true;
        var preference = cmdlet.SessionState.PSVariable.GetValue(preferenceVariable);
        return preference is ActionPreference action
            ? action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore
            : preference is not null && !string.Equals(preference.ToString(), "SilentlyContinue", StringComparison.OrdinalIgnoreCase)
              && !string.Equals(preference.ToString(), "Ignore", StringComparison.OrdinalIgnoreCase);
    }
}
