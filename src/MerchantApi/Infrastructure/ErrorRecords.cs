using System.Management.Automation;
using MerchantApi.Customers;

namespace MerchantApi.Infrastructure;

/// <summary>
/// The one way the module builds an ErrorRecord: always a <see cref="MerchantApiException"/> (one exception type for
/// scripts to catch), its specific ErrorId, the category that matches its kind, the user's input as TargetObject,
/// "Row N:" in front when it concerns one input row, and the advice for the ErrorId in
/// <c>ErrorDetails.RecommendedAction</c>. The engine names no cmdlet or parameter; the advice is added here.
/// </summary>
internal static class ErrorRecords
{
    private const string SignInAgain = "Run Connect-MerchantApi to sign in again.";
    private const string RetryBudget = "Raise -MaximumRetryCount or -RetryTimeLimitSec, or lower -ThrottleLimit, and run the failed rows again.";

    /// <summary>What to do about each ErrorId that has a remedy the user can apply.</summary>
    private static readonly Dictionary<string, string> Advice = new(StringComparer.Ordinal)
    {
        ["NotConnected"] = "Run Connect-MerchantApi first, or pass -Context.",
        ["RefreshTokenExpired"] = SignInAgain,
        ["ReloginRejected"] = SignInAgain,
        ["MissingBaseUri"] = "Give -BaseUri, or set MERCHANTAPI_BASEURI to an absolute URI.",
        ["MissingCredential"] = "Give -Credential (user name = email) or -ApiKey, or set MERCHANTAPI_EMAIL and MERCHANTAPI_PASSWORD (or MERCHANTAPI_APIKEY).",
        ["MissingMerchantId"] = "Give -MerchantId, or set MERCHANTAPI_MERCHANTID.",
        ["InvalidMerchantId"] = "Give -MerchantId (or MERCHANTAPI_MERCHANTID) as the merchant's GUID, or leave it out: an API key needs no merchant id.",
        ["Unauthorized"] = "Check the email and password (or the API key) and the merchant id given to Connect-MerchantApi, then connect again.",
        ["InvalidBaseUri"] = "Give -BaseUri as the API's address with its scheme, for example https://api.example.com.",
        ["InsecureTransport"] = "Give -BaseUri with https://; plain http:// is only for a loopback address such as the sandbox's.",
        ["CertificateNotTrusted"] = "Trust the server's CA for this session with Connect-MerchantApi -CertificateAuthorityPath <CA's PEM file>, or have the server's certificate fixed; -SkipCertificateCheck is for a sandbox on this machine only.",
        ["SecureConnectionFailed"] = "Check that -BaseUri's host and port speak TLS (https://), and any proxy in between.",
        ["CertificateCheckRequired"] = "Trust the server's CA with -CertificateAuthorityPath instead; if you must skip the check of another host, add -Force.",
        ["InvalidCertificateAuthority"] = "Give -CertificateAuthorityPath as a PEM file of one or more certificates (-----BEGIN CERTIFICATE-----).",
        ["CertificateOptionsConflict"] = "Give -CertificateAuthorityPath to trust a private CA, or -SkipCertificateCheck for a sandbox on this machine, not both.",
        ["ProxyConflict"] = "Give -Proxy to use a proxy, or -NoProxy to connect directly, not both.",
        ["ProxyCredentialWithoutProxy"] = "Give -Proxy together with -ProxyCredential.",
        ["InvalidProxy"] = "Give -Proxy as the proxy's address, for example http://proxy.example.com:3128.",
        ["ProxyAuthenticationRequired"] = "Give the proxy's user name and password with Connect-MerchantApi -Proxy <proxy> -ProxyCredential <credential>, or as user info in HTTPS_PROXY or HTTP_PROXY (http://user:password@proxy:port).",
        ["ConnectionFailed"] = "Check the address given to Connect-MerchantApi -BaseUri (host and port), that the API is up, and any proxy in between; then try again.",
        ["RequestTimedOut"] = "Raise -TimeoutSec if the API is slow, or check that the address given to Connect-MerchantApi -BaseUri is the API's.",
        ["CustomerAlreadyExists"] = "Use -ReturnExisting to output the existing customer instead of this error (re-runs are then safe).",
        ["DuplicateEmailInInput"] = "Remove or merge the repeated rows: the first row with an email holds it, valid or not, and is the only one sent.",
        ["MisdecodedText"] = "Read the file with the encoding it was saved in: Import-Csv -Encoding utf8BOM for Excel's \"CSV UTF-8\", -Encoding utf8 or -Encoding Latin1 (or 1252) for older exports.",
        ["NotSentAfterStop"] = "Fix the row that stopped the command, then run the rows not sent again (their TargetObject is the row).",
        ["ConfirmationRequired"] = "Use -Force or -Confirm:$false to proceed without asking.",
        ["MissingCustomerId"] = "Give -Id, or pipe customers, ids or rows with an Id column.",
        ["NothingToChange"] = $"Give a new value with {UpdatableFieldParameters()}, or a column for one of them in each row. Of a piped customer only the Id is used.",
        ["WriteOutcomeUnknown"] = "Look up whether it was carried out before sending it again (an operation by its externalId with /v2/operation/find): sending a write that went through again would do it twice.",
        ["BodyNotJson"] = "Give -Body as a hashtable, an object or JSON text (ConvertTo-Json makes it from an object).",
        ["OperationNotFound"] = "Check the id; Get-MerchantOperation -ExternalId finds an operation by the id you gave it when you requested it.",
        ["WalletNotFound"] = "Check the wallet id: Get-MerchantCustomer shows each customer's WalletId, and customers piped to Get-MerchantBalance give theirs.",
        ["MissingWalletId"] = "Pipe customers as Get-MerchantCustomer returns them, or give -WalletId.",
        ["RateNotFound"] = "Run Get-MerchantRate without -Asset and -Currency to see the assets and currencies the API has rates for.",
        ["RetryBudgetExhausted"] = RetryBudget,
        ["Throttled"] = RetryBudget,
    };

    /// <summary>"-Email, -PhoneNumber, … or -Status": the parameters of the fields an update can set, from the schema.</summary>
    private static string UpdatableFieldParameters()
    {
        var names = CustomerSchema.For(CustomerWrite.Update).Where(spec => !spec.IsUpdateKey).Select(spec => "-" + spec.ParameterName).ToList();
        return string.Join(", ", names.SkipLast(1)) + " or " + names[^1];
    }

    /// <summary>ErrorIds about the session as a whole: they end the command and are not about one row.</summary>
    public static bool EndsSession(string errorId) => errorId is "RefreshTokenExpired" or "ReloginRejected";

    /// <param name="row">When positive, the 1-based input row the error belongs to: the message starts "Row N:" and the
    /// exception's <see cref="MerchantApiException.Row"/> and <see cref="MerchantApiException.Email"/> say which.</param>
    /// <param name="recommendedAction">Advice for this one error, instead of the ErrorId's own.</param>
    public static ErrorRecord From(MerchantApiException exception, object? target, int row = 0, string? email = null,
        string? recommendedAction = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var shown = row > 0 && !EndsSession(exception.ErrorId)
            ? new MerchantApiException(exception.ErrorId, exception.Kind, $"Row {row}: {exception.Message}", exception.StatusCode,
                exception.Errors, exception)
            {
                OutcomeUnknown = exception.OutcomeUnknown,
                Row = row,
                Field = exception.Field,
                Email = string.IsNullOrWhiteSpace(email) ? exception.Email : email,
            }
            : exception;
        var record = new ErrorRecord(shown, shown.ErrorId, CategoryOf(shown.Kind), target);
        if ((recommendedAction ?? Advice.GetValueOrDefault(shown.ErrorId)) is { } advice)
            record.ErrorDetails = new ErrorDetails(shown.Message) { RecommendedAction = advice };
        return record;
    }

    /// <summary>An error the cmdlet layer itself finds (input, confirmation, connection state).</summary>
    public static ErrorRecord New(string errorId, MerchantErrorKind kind, string message, object? target, int row = 0,
        Exception? inner = null, string? field = null, string? email = null, string? recommendedAction = null) =>
        From(new MerchantApiException(errorId, kind, message, inner: inner) { Field = field }, target, row, email, recommendedAction);

    public static ErrorCategory CategoryOf(MerchantErrorKind kind) => kind switch
    {
        MerchantErrorKind.Authentication => ErrorCategory.AuthenticationError,
        MerchantErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        MerchantErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        MerchantErrorKind.Conflict => ErrorCategory.ResourceExists,
        MerchantErrorKind.InvalidData => ErrorCategory.InvalidData,
        MerchantErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        MerchantErrorKind.Throttled => ErrorCategory.LimitsExceeded,
        MerchantErrorKind.ServerError => ErrorCategory.ResourceUnavailable,
        MerchantErrorKind.Transport => ErrorCategory.ConnectionError,
        MerchantErrorKind.Timeout => ErrorCategory.OperationTimeout,
        MerchantErrorKind.Protocol => ErrorCategory.ProtocolError,
        MerchantErrorKind.Cancelled => ErrorCategory.OperationStopped,
        _ => ErrorCategory.NotSpecified,
    };

    public static ErrorRecord NotConnected() =>
        New("NotConnected", MerchantErrorKind.Authentication, "Not connected to a merchant API.", null);
}
