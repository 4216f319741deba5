using System.Management.Automation;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>Shows the current session: where, who, and when its tokens expire. Never a secret.</summary>
[Cmdlet(VerbsCommon.Get, "MerchantContext")]
[OutputType(typeof(Context))]
public sealed class GetMerchantContextCommand : MerchantCmdlet
{
    protected override void EndProcessing()
    {
        if (SessionStore.Current is { } session)
            WriteObject(session.ToContext());
    }
}
