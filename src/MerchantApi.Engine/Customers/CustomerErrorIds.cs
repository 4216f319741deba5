namespace MerchantApi.Customers;

/// <summary>The ErrorIds of <see cref="ValidationProblem"/>: stable, so scripts can match on them.</summary>
internal static class CustomerErrorIds
{
    /// <summary>A required field (or, for update, the id) is missing or blank.</summary>
    public const string MissingRequiredField = nameof(MissingRequiredField);

    /// <summary>A single-line value holds a control character (U+0000–U+001F, including CR, LF and TAB, or
    /// U+007F–U+009F), or a free-text value one other than a line break or tab.</summary>
    public const string ControlCharacterInField = nameof(ControlCharacterInField);

    /// <summary>A value holds U+FFFD, left by a decoder for bytes it could not read: the file's encoding was wrong.</summary>
    public const string MisdecodedText = nameof(MisdecodedText);

    public const string InvalidEmail = nameof(InvalidEmail);

    /// <summary>The country is not an officially assigned ISO 3166-1 alpha-2 code (the message suggests one when it can).</summary>
    public const string InvalidCountry = nameof(InvalidCountry);

    /// <summary>Update only: the status is not Active, Blocked or Suspicious.</summary>
    public const string InvalidStatus = nameof(InvalidStatus);

    /// <summary>The same email (ignoring case) already appeared in an earlier row of the same input.</summary>
    public const string DuplicateEmailInInput = nameof(DuplicateEmailInInput);
}
