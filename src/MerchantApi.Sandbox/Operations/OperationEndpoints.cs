using System.Text.Json;
using MerchantApi.Sandbox.Http;
using MerchantApi.Sandbox.Rates;
using MerchantApi.Sandbox.Wallets;

namespace MerchantApi.Sandbox.Operations;

/// <summary>
/// <c>POST /v2/operation/find|details</c> and the test-support <c>POST /__sandbox/operations</c>. Validation errors
/// list every bad field with code VALIDATION_ERROR and a message that starts with the field's name.
/// </summary>
internal static class OperationEndpoints
{
    /// <summary>Filters in the body, paging in the query string (<c>?skip=&amp;take=</c>), as the provider documents.</summary>
    public static async Task FindAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var request = new FindRequest(body);
        var query = new OperationQuery
        {
            Type = request.Choice<OperationType>("type"),
            Status = request.Choice<OperationStatus>("status"),
            WalletId = request.Text("walletId"),
            ExternalId = request.Text("externalId"),
            SourceAsset = request.Text("sourceAsset"),
            TargetAsset = request.Text("targetAsset"),
            DateFrom = request.Date("dateFrom"),
            DateTo = request.Date("dateTo"),
            Take = request.Take(IntegerInput.FromQuery(ctx.Request.Query, "take"), OperationQuery.DefaultTake),
            Skip = request.Skip(IntegerInput.FromQuery(ctx.Request.Query, "skip")),
        };

        if (request.Errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, request.Errors);
            return;
        }

        await WriteOperationsAsync(ctx, state.Operations.Find(query));
    }

    /// <summary><c>{"id"}</c>: an array holding the one operation (so the provider documents it).</summary>
    public static async Task DetailsAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var id = body.GetString("id");
        if (!id.HasText)
        {
            await ApiJson.ValidationAsync(ctx, id.Kind == FieldKind.Invalid ? "id must be a string" : "id is required");
            return;
        }

        if (state.Operations.Get(id.Value!) is not { } operation)
        {
            await ApiJson.ErrorAsync(ctx, StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Operation {id.Value} not found");
            return;
        }

        await WriteOperationsAsync(ctx, [operation]);
    }

    /// <summary>
    /// Test support: <c>{"operations":[{"walletId", "type", "status", "id"?, the string fields?, "createdAt"?,
    /// "updatedAt"?, …extra properties kept}]}</c> adds them all or none. A missing id is a new uuid, createdAt is now
    /// by the sandbox clock and updatedAt is createdAt. Answers the operations as find will show them.
    /// </summary>
    public static async Task AddAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var errors = new List<ApiError>();
        var operations = new List<SandboxOperation>();
        if (!body.Root.TryGetProperty("operations", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(ApiError.Validation("operations must be an array"));
        }
        else
        {
            var now = ApiJson.TruncateToMilliseconds(state.Clock.UtcNow);
            foreach (var (row, index) in list.EnumerateArray().Select((row, index) => (row, index)))
            {
                if (ReadOperation(row, $"operations[{index}]", now, errors) is { } operation)
                {
                    operations.Add(operation);
                }
            }
        }

        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        if (operations.FirstOrDefault(o => !state.Customers.HasWallet(o.WalletId)) is { } orphan)
        {
            await BalanceEndpoints.WalletNotFoundAsync(ctx, orphan.WalletId);
            return;
        }

        if (state.Operations.Add(operations) is { } takenId)
        {
            await ApiJson.ValidationAsync(ctx, $"id {takenId} is already taken");
            return;
        }

        await WriteOperationsAsync(ctx, operations);
    }

    private static SandboxOperation? ReadOperation(JsonElement row, string label, DateTimeOffset now, List<ApiError> errors)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            errors.Add(ApiError.Validation($"{label} must be an object"));
            return null;
        }

        var count = errors.Count;
        var id = RequestJson.GetString(row, "id");
        if (id.Kind == FieldKind.Invalid || (id.Kind == FieldKind.String && !id.HasText))
        {
            errors.Add(ApiError.Validation($"{label}.id must be a non-blank string"));
        }

        if (RequestJson.ReadUuid(row, "walletId", $"{label}.walletId", out var walletId) is { } walletProblem)
        {
            errors.Add(ApiError.Validation(walletProblem));
        }

        var type = Required<OperationType>(row, "type", label, errors);
        var status = Required<OperationStatus>(row, "status", label, errors);
        var values = new string?[OperationFields.Count];
        for (var i = 0; i < OperationFields.Count; i++)
        {
            var field = RequestJson.GetString(row, OperationFields.Names[i]);
            if (field.Kind == FieldKind.Invalid || (field.Kind == FieldKind.String && OperationFields.IsAmount[i] && !SandboxAsset.IsAmount(field.Value!)))
            {
                errors.Add(ApiError.Validation($"{label}.{OperationFields.Names[i]} must be a {(OperationFields.IsAmount[i] ? "decimal " : "")}string"));
            }

            values[i] = field.Value;
        }

        var createdAt = Timestamp(row, "createdAt", label, errors) ?? now;
        var updatedAt = Timestamp(row, "updatedAt", label, errors) ?? createdAt;
        return errors.Count > count
            ? null
            : new SandboxOperation(id.Value ?? Guid.NewGuid().ToString(), walletId, type, status, values, createdAt, updatedAt,
                ExtraProperties.Of(row, OperationFields.KnownNames));
    }

    private static TEnum Required<TEnum>(JsonElement row, string name, string label, List<ApiError> errors) where TEnum : struct, Enum
    {
        var field = RequestJson.GetString(row, name);
        if (EnumNames.TryParse<TEnum>(field.Value, out var value) && field.Kind == FieldKind.String)
        {
            return value;
        }

        errors.Add(ApiError.Validation($"{label}.{name} must be one of {EnumNames.List<TEnum>()}"));
        return default;
    }

    private static DateTimeOffset? Timestamp(JsonElement row, string name, string label, List<ApiError> errors)
    {
        var field = RequestJson.GetString(row, name);
        if (field.Kind is FieldKind.Absent or FieldKind.Null)
        {
            return null;
        }

        if (field.HasText && ApiJson.TryParseTimestamp(field.Value!, out var value))
        {
            return ApiJson.TruncateToMilliseconds(value);
        }

        errors.Add(ApiError.Validation($"{label}.{name} must be an ISO 8601 date-time"));
        return null;
    }

    private static Task WriteOperationsAsync(HttpContext ctx, IEnumerable<SandboxOperation> operations) =>
        ApiJson.DataArrayAsync(ctx, operations, static (w, operation) => operation.WriteTo(w));
}
