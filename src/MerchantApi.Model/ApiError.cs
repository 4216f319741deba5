namespace MerchantApi;

/// <summary>One entry of the provider's <c>{"errors":[{code,message}]}</c> envelope.</summary>
/// <param name="Code">The provider's code, e.g. <c>CUSTOMER_ALREADY_EXISTS</c>.</param>
/// <param name="Message">The message; for object messages (expired JWT) their own <c>message</c> text.</param>
/// <param name="Name">The object message's <c>name</c>, e.g. <c>TokenExpiredError</c>; null for string messages.</param>
public sealed record ApiError(string Code, string Message, string? Name = null)
{
    public override string ToString() => Name is null ? $"{Code}: {Message}" : $"{Code}: {Name}: {Message}";
}
