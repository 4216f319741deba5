namespace MerchantApi.Bulk;

/// <summary>What became of one input row whose request gives one value (an answer, the balances of a wallet).</summary>
internal sealed class RowOutcome<T> : IRowOutcome where T : class
{
    private RowOutcome(int row, object? input, T? value, MerchantApiException? failure)
    {
        Row = row;
        Input = input;
        Value = value;
        Failure = failure;
    }

    public int Row { get; }
    public object? Input { get; }
    public T? Value { get; }
    public MerchantApiException? Failure { get; }
    public bool IsFailure => Value is null;

    public static RowOutcome<T> Failed(int row, object? input, MerchantApiException failure) => new(row, input, null, failure);

    /// <summary>Runs a row's request; a <see cref="MerchantApiException"/> is the row's failure, never thrown.</summary>
    public static async Task<IRowOutcome> RunAsync(int row, object? input, Func<Task<T>> request)
    {
        try
        {
            return new RowOutcome<T>(row, input, await request().ConfigureAwait(false), null);
        }
        catch (MerchantApiException ex)
        {
            return Failed(row, input, ex);
        }
    }
}
