namespace MerchantApi.Customers;

/// <summary>One thing wrong with one input row.</summary>
/// <param name="ErrorId">One of <see cref="CustomerErrorIds"/>.</param>
/// <param name="Field">The field at fault.</param>
/// <param name="Value">The offending value as given (untrimmed, unescaped, untruncated); null when missing.</param>
/// <param name="Message">For people: names the field's API name and the value (escaped and shortened). The row is
/// not named: the cmdlet that knows the row says which.</param>
internal sealed record ValidationProblem(string ErrorId, CustomerField Field, string? Value, string Message);
