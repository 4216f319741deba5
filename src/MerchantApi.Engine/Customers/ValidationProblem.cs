namespace MerchantApi.Customers;

/// <summary>One thing wrong with one input row.</summary>
/// <param name="ErrorId">One of <see cref="CustomerErrorIds"/>.</param>
/// <param name="Field">The field at fault; null for the update-only <c>id</c> and <c>status</c>.</param>
/// <param name="Value">The offending value as given (untrimmed, unescaped, untruncated); null when missing.</param>
/// <param name="Message">For people: names the row, the field's API name and the value (escaped and shortened).</param>
public sealed record ValidationProblem(string ErrorId, CustomerField? Field, string? Value, string Message);
