using System.Collections.Concurrent;

namespace MerchantApi.Customers;

/// <summary>
/// Remembers which row first used each email during one run, so a second row with the same address (ignoring case)
/// fails before it is sent instead of as a conflict from the server. Thread-safe.
/// </summary>
internal sealed class DuplicateEmailGuard
{
    private readonly ConcurrentDictionary<string, int> _firstRows = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Emails claimed so far.</summary>
    public int Count => _firstRows.Count;

    /// <summary>
    /// Claims <paramref name="normalisedEmail"/> for <paramref name="rowNumber"/>. False when an earlier claim holds
    /// it; <paramref name="firstRow"/> is then that claim's row (on success, <paramref name="rowNumber"/> itself).
    /// Claiming again for the same row succeeds.
    /// </summary>
    public bool TryClaim(string normalisedEmail, int rowNumber, out int firstRow)
    {
        ArgumentNullException.ThrowIfNull(normalisedEmail);
        firstRow = _firstRows.GetOrAdd(normalisedEmail, rowNumber);
        return firstRow == rowNumber;
    }

    /// <summary>The problem for a row whose email an earlier row (valid or not) already used.</summary>
    /// <param name="name">How the message names the email field (see <see cref="CustomerValidator.Validate"/>).</param>
    public static ValidationProblem Problem(string email, int firstRow, string name = "'email'") =>
        new(CustomerErrorIds.DuplicateEmailInInput, CustomerField.Email, email,
            $"{name} value {ValueText.Quote(email)} already appears in row {firstRow} of this input.");
}
