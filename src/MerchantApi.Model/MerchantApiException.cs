using System.Net;

namespace MerchantApi;

/// <summary>
/// A failed API call. The message carries the provider's code and message, never a secret: request bodies,
/// tokens and keys are not part of it.
/// </summary>
public sealed class MerchantApiException : Exception
{
    public MerchantApiException(string errorId, MerchantErrorKind kind, string message,
        HttpStatusCode? statusCode = null, IReadOnlyList<ApiError>? errors = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        StatusCode = statusCode;
        Errors = errors ?? Array.Empty<ApiError>();
    }

    /// <summary>A PascalCase name of the problem, used as the PowerShell ErrorId.</summary>
    public string ErrorId { get; }
    public MerchantErrorKind Kind { get; }
    public HttpStatusCode? StatusCode { get; }
    public IReadOnlyList<ApiError> Errors { get; }

    /// <summary>The first provider error code, if the server sent an error envelope.</summary>
    public string? ProviderCode => Errors.Count > 0 ? Errors[0].Code : null;

    /// <summary>Whether the server may have acted on the request before the failure (the outcome is unknown).</summary>
    public bool OutcomeUnknown { get; init; }
}
