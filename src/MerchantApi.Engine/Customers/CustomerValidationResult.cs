namespace MerchantApi.Customers;

/// <summary>Either a normalised draft ready to send, or every problem of the row.</summary>
internal sealed class CustomerValidationResult
{
    private CustomerValidationResult(CustomerDraft? draft, IReadOnlyList<ValidationProblem> problems)
    {
        Draft = draft;
        Problems = problems;
    }

    /// <summary>True when there are no problems; <see cref="Draft"/> is then set.</summary>
    public bool IsValid => Draft is not null;

    /// <summary>A new draft with trimmed and normalised values (blank optional ones null); null when invalid.</summary>
    public CustomerDraft? Draft { get; }

    /// <summary>All problems of the row in field order; empty when valid.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    public static CustomerValidationResult Valid(CustomerDraft draft) =>
        new(draft ?? throw new ArgumentNullException(nameof(draft)), Array.Empty<ValidationProblem>());

    public static CustomerValidationResult Invalid(IReadOnlyList<ValidationProblem> problems) =>
        problems is null || problems.Count == 0
            ? throw new ArgumentException("An invalid result needs at least one problem.", nameof(problems))
            : new(null, problems);
}
