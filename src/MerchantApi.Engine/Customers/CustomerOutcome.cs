using MerchantApi.Bulk;

namespace MerchantApi.Customers;

/// <summary>What became of one input row of a bulk create or update.</summary>
internal sealed class CustomerOutcome : IRowOutcome
{
    private CustomerOutcome(int row, object? input) { Row = row; Input = input; }

    /// <summary>1-based position of the row in this command's input.</summary>
    public int Row { get; }

    /// <summary>The row as the user gave it: the TargetObject of any error.</summary>
    public object? Input { get; }

    /// <summary>The customer as created, found (AlreadyExisted) or updated.</summary>
    public Customer? Customer { get; private init; }
    public MerchantApiException? Failure { get; private init; }
    public IReadOnlyList<ValidationProblem> Problems { get; private init; } = Array.Empty<ValidationProblem>();

    public bool IsFailure => Customer is null;

    public static CustomerOutcome Succeeded(int row, object? input, Customer customer) => new(row, input) { Customer = customer };
    public static CustomerOutcome Failed(int row, object? input, MerchantApiException failure) => new(row, input) { Failure = failure };
    public static CustomerOutcome Invalid(int row, object? input, IReadOnlyList<ValidationProblem> problems) => new(row, input) { Problems = problems };
}
