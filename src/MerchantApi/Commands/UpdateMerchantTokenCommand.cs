using System.Management.Automation;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>Renews the access token now (normally this happens by itself).</summary>
[Cmdlet(VerbsData.Update, "MerchantToken")]
[OutputType(typeof(Context))]
public sealed class UpdateMerchantTokenCommand : MerchantSessionCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        if (Session.AuthKind == AuthKind.ApiKey)
        {
            WriteNotice("This session uses an API key, which does not expire: there is no token to refresh.");
        }
        else
        {
            try
            {
                Run(token => Session.RefreshNowAsync(CallOptions, token));
            }
            catch (MerchantApiException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Session.BaseUri));
            }
        }
        if (PassThru)
            WriteObject(Session.ToContext());
    }
}
