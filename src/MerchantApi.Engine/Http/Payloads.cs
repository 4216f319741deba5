using System.Text.Json;
using System.Text.Json.Serialization;

namespace MerchantApi.Http;

/// <summary>The success envelope <c>{"data": …}</c>.</summary>
internal sealed class DataEnvelope<T>
{
    public T? Data { get; set; }
}

/// <summary>The error envelope <c>{"errors":[{code, message}]}</c>; message is a string or an object.</summary>
internal sealed class ErrorEnvelope
{
    public List<ErrorEntry>? Errors { get; set; }
}

internal sealed class ErrorEntry
{
    public string? Code { get; set; }
    public JsonElement Message { get; set; }
}

internal sealed class LoginRequest
{
    public required string Token { get; init; }
    public required string Password { get; init; }
}

internal sealed class RefreshRequest
{
    public required string RefreshToken { get; init; }
}

internal sealed class TokenResponse
{
    public string? AccessToken { get; set; }
    public string? RefreshToken { get; set; }
}

internal sealed class BalanceRequest
{
    public required string WalletId { get; init; }

    /// <summary>Null: every asset.</summary>
    public IReadOnlyList<string>? Assets { get; init; }
}

internal sealed class IdRequest
{
    public required string Id { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    Converters = [typeof(DecimalTextConverter)])]
[JsonSerializable(typeof(DataEnvelope<TokenResponse>))]
[JsonSerializable(typeof(DataEnvelope<Customer>))]
[JsonSerializable(typeof(DataEnvelope<List<Customer>>))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(Balance))]
[JsonSerializable(typeof(Operation))]
[JsonSerializable(typeof(Operations.OperationFilter))]
[JsonSerializable(typeof(BalanceRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(IdRequest))]
[JsonSerializable(typeof(Customers.CustomerFilter))]
[JsonSerializable(typeof(Customers.CustomerDraft))]
internal sealed partial class MerchantJson : JsonSerializerContext
{
}
