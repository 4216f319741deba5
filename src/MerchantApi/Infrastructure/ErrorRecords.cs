using System.Management.Automation;
using MerchantApi.Http;

namespace MerchantApi.Infrastructure;

/// <summary>Engine failures as PowerShell errors: the specific ErrorId, the matching category, the input as target.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(MerchantApiException exception, object? target) =>
        new(exception, exception.ErrorId, CategoryOf(exception.Kind), target);

    public static ErrorCategory CategoryOf(MerchantErrorKind kind) => kind switch
    {
        MerchantErrorKind.Authentication => ErrorCategory.AuthenticationError,
        MerchantErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        MerchantErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        MerchantErrorKind.Conflict => ErrorCategory.ResourceExists,
        MerchantErrorKind.InvalidData => ErrorCategory.InvalidData,
        MerchantErrorKind.Throttled => ErrorCategory.LimitsExceeded,
        MerchantErrorKind.ServerError => ErrorCategory.ResourceUnavailable,
        MerchantErrorKind.Transport => ErrorCategory.ConnectionError,
        MerchantErrorKind.Timeout => ErrorCategory.OperationTimeout,
        MerchantErrorKind.Protocol => ErrorCategory.ProtocolError,
        MerchantErrorKind.Cancelled => ErrorCategory.OperationStopped,
        _ => ErrorCategory.NotSpecified,
    };

    public static ErrorRecord NotConnected() =>
        new(new InvalidOperationException("Not connected. Run Connect-MerchantApi first, or pass -Context."),
            "NotConnected", ErrorCategory.AuthenticationError, null);
}
