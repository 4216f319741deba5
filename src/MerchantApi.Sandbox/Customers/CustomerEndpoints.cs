using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Customers;

/// <summary>
/// <c>POST /v2/customer/create|details|update|find</c> and the test-support <c>POST /__sandbox/provider-status</c>.
/// They run once <see cref="SandboxRoutes"/> has authorized the call (the customer calls) and read the body.
/// Validation errors list every bad field (one error each, in field order) with code VALIDATION_ERROR and a message
/// that starts with the field's name. Unknown JSON fields are ignored.
/// </summary>
internal static class CustomerEndpoints
{
    public static async Task CreateAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var values = new string?[CustomerFields.Count];
        var errors = new List<ApiError>();
        for (var i = 0; i < CustomerFields.Count; i++)
        {
            var name = CustomerFields.Names[i];
            var field = body.GetString(name);
            if (field.Kind == FieldKind.Invalid)
            {
                errors.Add(Invalid($"{name} must be a string"));
            }
            else if (CustomerFields.Required[i] && !field.HasText)
            {
                errors.Add(Invalid($"{name} is required"));
            }
            else if (field.Kind == FieldKind.String)
            {
                if (CustomerValidator.Check(i, field.Value!) is { } problem)
                {
                    errors.Add(Invalid(problem));
                }

                values[i] = field.Value;
            }
        }

        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        var result = state.Customers.Create(values, state.Clock.UtcNow);
        await RespondToWriteAsync(ctx, state, result, values[CustomerFields.Email]!);
    }

    public static async Task DetailsAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        if (ReadId(body, out var id) is { } idProblem)
        {
            await ApiJson.ValidationAsync(ctx, idProblem);
            return;
        }

        if (state.Customers.Get(id) is not { } customer)
        {
            await CustomerNotFoundAsync(ctx, id);
            return;
        }

        await WriteCustomerAsync(ctx, customer);
    }

    public static async Task UpdateAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var errors = new List<ApiError>();
        if (ReadId(body, out var id) is { } idProblem)
        {
            errors.Add(Invalid(idProblem));
        }

        var patch = new CustomerPatch();
        for (var i = 0; i < CustomerFields.Count; i++)
        {
            var name = CustomerFields.Names[i];
            var field = body.GetString(name);
            if (field.Kind == FieldKind.Absent)
            {
                continue;
            }

            if (i == CustomerFields.ReferralId)
            {
                errors.Add(Invalid("referralId cannot be updated"));
            }
            else if (field.Kind == FieldKind.Invalid)
            {
                errors.Add(Invalid($"{name} must be a string"));
            }
            else if (CustomerFields.Required[i] && !field.HasText)
            {
                errors.Add(Invalid($"{name} cannot be null or blank"));
            }
            else if (field.Kind == FieldKind.String && CustomerValidator.Check(i, field.Value!) is { } problem)
            {
                errors.Add(Invalid(problem));
            }
            else
            {
                // A sent null clears an optional field.
                patch.Present[i] = true;
                patch.Values[i] = field.Value;
            }
        }

        var status = body.GetString("status");
        if (status.Kind == FieldKind.String && Customer.TryParseStatus(status.Value, out var newStatus))
        {
            patch.Status = newStatus;
        }
        else if (status.Kind is FieldKind.String or FieldKind.Invalid)
        {
            errors.Add(Invalid("status must be one of Active, Blocked, Suspicious"));
        }

        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        var result = state.Customers.Update(id, patch, state.Clock.UtcNow);
        switch (result.Outcome)
        {
            case WriteOutcome.NotFound:
                await CustomerNotFoundAsync(ctx, id);
                return;
            case WriteOutcome.Forbidden:
                await ApiJson.ErrorAsync(ctx, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                    $"Customer status {result.Customer!.Status} was set by the provider and cannot be changed by the merchant");
                return;
            default:
                await RespondToWriteAsync(ctx, state, result, patch.Values[CustomerFields.Email] ?? "");
                return;
        }
    }

    public static async Task FindAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var request = new FindRequest(body);
        var fullName = request.Text("fullName");
        var query = new CustomerQuery
        {
            Email = request.Text("email"),
            WalletId = request.Text("walletId"),
            PhoneNumber = request.Text("phoneNumber"),
            FullName = fullName is null ? null : CustomerQuery.NormalizeName(fullName),
            Comment = request.Text("comment"),
            ExternalId = request.Text("externalId"),
            ReferralId = request.Text("referralId"),
            CreatedFrom = request.Date("createdFrom"),
            CreatedTo = request.Date("createdTo"),
            Take = request.Take(IntegerInput.FromBody(body, "take"), CustomerQuery.DefaultTake),
            Skip = request.Skip(IntegerInput.FromBody(body, "skip")),
        };

        if (request.Errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, request.Errors);
            return;
        }

        var found = state.Customers.Find(query);
        await ApiJson.DataArrayAsync(ctx, found, static (w, customer) => customer.WriteTo(w));
    }

    /// <summary>Test support: <c>{"id","status"}</c> sets a status as the provider would (Blocked/Suspicious lock it).</summary>
    public static async Task ProviderStatusAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        if (ReadId(body, out var id) is { } idProblem)
        {
            await ApiJson.ValidationAsync(ctx, idProblem);
            return;
        }

        var status = body.GetString("status");
        if (status.Kind != FieldKind.String || !Customer.TryParseStatus(status.Value, out var newStatus))
        {
            await ApiJson.ValidationAsync(ctx, "status must be one of Active, Blocked, Suspicious");
            return;
        }

        var result = state.Customers.SetProviderStatus(id, newStatus, state.Clock.UtcNow);
        if (result.Outcome == WriteOutcome.NotFound)
        {
            await CustomerNotFoundAsync(ctx, id);
            return;
        }

        await WriteCustomerAsync(ctx, result.Customer!);
    }

    /// <summary>
    /// Answers a committed create/update, or — with the drop-after-commit fault — aborts the connection without a
    /// response (the write stays committed).
    /// </summary>
    private static Task RespondToWriteAsync(HttpContext ctx, SandboxState state, WriteResult result, string requestedEmail)
    {
        if (result.Outcome == WriteOutcome.Conflict)
        {
            return ApiJson.ErrorAsync(ctx, StatusCodes.Status409Conflict, ErrorCodes.CustomerAlreadyExists,
                $"Customer with email {requestedEmail} already exists (id {result.Customer!.Id})");
        }

        if (state.Faults.RollDropAfterCommit())
        {
            state.Stats.AddDropAfterCommit();
            ctx.AbortConnection();
            return Task.CompletedTask;
        }

        return WriteCustomerAsync(ctx, result.Customer!);
    }

    private static Task WriteCustomerAsync(HttpContext ctx, Customer customer) =>
        ApiJson.DataAsync(ctx, customer, static (w, c) => c.WriteTo(w));

    private static Task CustomerNotFoundAsync(HttpContext ctx, Guid id) =>
        ApiJson.ErrorAsync(ctx, StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Customer {id} not found");

    private static string? ReadId(RequestJson body, out Guid id) => RequestJson.ReadUuid(body.Root, "id", "id", out id);

    private static ApiError Invalid(string message) => ApiError.Validation(message);
}
