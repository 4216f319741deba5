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

    /// <summary>The 1-based input row the error belongs to, when it concerns one row of a bulk command.</summary>
    public int? Row { get; init; }

    /// <summary>The customer field at fault (its API name, e.g. <c>verificationDocumentId</c>), when one is.</summary>
    public string? Field { get; init; }

    /// <summary>The email of the row the error belongs to, when the row has one: the key to find it again.</summary>
    public string? Email { get; init; }

    private readonly List<object> _resultsBeforeStop = new();

    /// <summary>
    /// When this error stopped a bulk command (<c>-ErrorAction Stop</c>): everything the command output before it
    /// stopped, including the results of rows already sent when the failure came, which could no longer be written to
    /// the stopped pipeline. A script that catches the error gets no assignment of the command's output, so this is
    /// where it finds what was done.
    /// </summary>
    public IReadOnlyList<object> ResultsBeforeStop => _resultsBeforeStop;

    /// <summary>Of <see cref="ResultsBeforeStop"/>, the customers: every customer the command created, found or updated.</summary>
    public IReadOnlyList<Customer> CustomersBeforeStop => _resultsBeforeStop.OfType<Customer>().ToList();

    internal void AddResultBeforeStop(object result) => _resultsBeforeStop.Add(result);

    private readonly List<object?> _rowsToRetry = new();

    /// <summary>
    /// When this error stopped a bulk command: the input rows after it that were not done (not sent once the failure
    /// was known, or failed too), as given. Together with <see cref="ResultsBeforeStop"/> and this error's own row,
    /// they account for every row the command read.
    /// </summary>
    public IReadOnlyList<object?> RowsToRetry => _rowsToRetry;

    internal void AddRowToRetry(object? row) => _rowsToRetry.Add(row);
}
