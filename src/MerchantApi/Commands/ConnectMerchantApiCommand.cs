using System.Management.Automation;
using System.Security;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>
/// Signs in (email/password or API key) and makes the session current for the process. Sign-in waits less than the
/// other cmdlets (the defaults given to the base): a wrong address should fail in seconds, not minutes. Writes the
/// context only with -PassThru, as state-changing cmdlets do (a script's output stays its own).
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "MerchantApi", DefaultParameterSetName = CredentialSet)]
[OutputType(typeof(Context))]
public sealed class ConnectMerchantApiCommand : MerchantCallCmdlet
{
    private const string CredentialSet = "Credential";
    private const string ApiKeySet = "ApiKey";

    public ConnectMerchantApiCommand()
        : base(timeoutSec: 15, maximumRetryCount: 2, retryTimeLimitSec: 30, announceSlowAnswers: true)
    {
    }

    [Parameter(Position = 0)]
    public Uri? BaseUri { get; set; }

    [Parameter(ParameterSetName = CredentialSet)]
    [Parameter(ParameterSetName = ApiKeySet)]
    public string? MerchantId { get; set; }

    /// <summary>User name = the email; password = the password.</summary>
    [Parameter(ParameterSetName = CredentialSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
    public SecureString? ApiKey { get; set; }

    /// <summary>
    /// Renew the access token when it is this many seconds from expiry; at most a quarter of the token's lifetime,
    /// so that short-lived tokens are still used before being renewed.
    /// </summary>
    [Parameter(ParameterSetName = CredentialSet)]
    [ValidateRange(0, 3600)]
    public int RefreshMarginSec { get; set; } = 60;

    /// <summary>When the refresh token expires, fail instead of signing in again with the kept credential.</summary>
    [Parameter(ParameterSetName = CredentialSet)]
    public SwitchParameter NoAutoRelogin { get; set; }

    /// <summary>A PEM file of certificate authorities to trust for this session only (a private CA), besides the system's.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateAuthorityPath { get; set; }

    /// <summary>Accept any server certificate: for a sandbox on this machine; another host also needs -Force.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>With -SkipCertificateCheck: allow it for a host that is not this machine.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The proxy to use instead of the one the environment names (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).</summary>
    [Parameter]
    public Uri? Proxy { get; set; }

    /// <summary>The credential the -Proxy asks for.</summary>
    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Connect directly, whatever proxy the environment names.</summary>
    [Parameter]
    public SwitchParameter NoProxy { get; set; }

    /// <summary>Do not learn a pace from the server's 429s: every 429 pauses the session for its Retry-After.</summary>
    [Parameter]
    public SwitchParameter NoAdaptiveRate { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var settings = ConnectionSettings.Resolve(ParameterSetName == ApiKeySet, BaseUri, MerchantId, Credential?.UserName, Credential?.Password, ApiKey,
            Environment.GetEnvironmentVariable);
        if (settings.Problem is not null)
            ThrowTerminatingError(ErrorRecords.New(settings.ProblemId, MerchantErrorKind.InvalidArgument, settings.Problem, settings.ProblemTarget));

        TransportSettings transport;
        try
        {
            transport = TransportSettings.Resolve(settings.BaseUri!, CertificateAuthorityPath is null ? null : GetUnresolvedProviderPathFromPSPath(CertificateAuthorityPath),
                SkipCertificateCheck.IsPresent, Force.IsPresent, Proxy, ProxyCredential?.GetNetworkCredential(), NoProxy.IsPresent,
                Environment.GetEnvironmentVariable);
        }
        catch (MerchantApiException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, settings.BaseUri));
            return;
        }
        if (transport.SkipCertificateCheck)
            WriteNotice($"The certificate of {settings.BaseUri!.Host} is not checked: anyone between this machine and it could read and change what is sent, credentials included.");
        if (!ReferenceEquals(transport, TransportSettings.Default))
            WriteVerbose($"Transport: {transport}.");

        var sessionSettings = new SessionSettings
        {
            RefreshMargin = TimeSpan.FromSeconds(RefreshMarginSec),
            ReloginWithCredential = !NoAutoRelogin.IsPresent,
            Transport = transport,
            AdaptiveRate = !NoAdaptiveRate.IsPresent,
        };
        var options = CallOptions;
        MerchantSession session;
        try
        {
            session = Run(token => settings.ApiKey is not null
                ? MerchantSession.ConnectWithApiKeyAsync(settings.BaseUri!, settings.ApiKey, settings.MerchantId, sessionSettings, options, token)
                : MerchantSession.ConnectWithCredentialAsync(settings.BaseUri!, settings.MerchantId!, settings.Email!, settings.Password!,
                    sessionSettings, options, token));
        }
        catch (MerchantApiException ex)
        {
            // The previous session (if any) stays current.
            ThrowTerminatingError(ErrorRecords.From(ex, settings.BaseUri));
            return;
        }

        SessionStore.Current = session;
        WriteVerbose(session.AuthKind == AuthKind.ApiKey
            ? $"Connected to {session.BaseUri} with an API key (the API does not say which account a key belongs to)."
            : $"Connected to {session.BaseUri} as {session.AccountName}.");
        if (PassThru)
            WriteObject(session.ToContext());
    }
}
