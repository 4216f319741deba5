using System.Management.Automation;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>Forgets the current session and the secrets it kept in memory.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "MerchantApi")]
public sealed class DisconnectMerchantApiCommand : MerchantCmdlet
{
    protected override void EndProcessing()
    {
        if (SessionStore.Current is null)
            WriteNotice("Not connected; nothing to disconnect.");
        else
            WriteVerbose($"Disconnected from {SessionStore.Current.BaseUri}.");
        SessionStore.Current = null;
    }
}
