namespace MerchantApi.Bulk;

/// <summary>What became of one input row of a bulk command: all the bulk mechanism needs to know of any command's result.</summary>
internal interface IRowOutcome
{
    /// <summary>1-based position of the row in the command's input.</summary>
    int Row { get; }

    /// <summary>The row as the user gave it: the TargetObject of any error.</summary>
    object? Input { get; }

    /// <summary>The row failed (it is written as an error).</summary>
    bool IsFailure { get; }
}
