namespace MerchantApi;

/// <summary>What went wrong, in terms a caller can map to a PowerShell error category.</summary>
public enum MerchantErrorKind
{
    Authentication,
    PermissionDenied,
    NotFound,
    Conflict,
    InvalidData,
    Throttled,
    ServerError,
    Transport,
    Timeout,
    Protocol,
    Cancelled,

    /// <summary>A parameter or setting the caller gave is missing or unusable; nothing was sent.</summary>
    InvalidArgument,
}
