using System.Globalization;
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
        var errors = new List<ApiError>();
        string? Text(string name)
        {
            var field = body.GetString(name);
            if (field.Kind == FieldKind.Invalid)
            {
                errors.Add(Invalid($"{name} must be a string"));
            }

            // A blank filter is treated as absent.
            return field.HasText ? field.Value : null;
        }

        DateTimeOffset? Date(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            {
                return value;
            }

            errors.Add(Invalid($"{name} must be an ISO 8601 date-time"));
            return null;
        }

        var fullName = Text("fullName");
        var query = new CustomerQuery
        {
            Email = Text("email"),
            WalletId = Text("walletId"),
            PhoneNumber = Text("phoneNumber"),
            FullName = fullName is null ? null : CustomerQuery.NormalizeName(fullName),
            Comment = Text("comment"),
            ExternalId = Text("externalId"),
            ReferralId = Text("referralId"),
            CreatedFrom = Date("createdFrom"),
            CreatedTo = Date("createdTo"),
        };

        if (body.TryGetInteger("take", out var take, out var badTake))
        {
            if (take < 1)
            {
                errors.Add(Invalid("take must be a positive integer"));
            }
            else
            {
                query.Take = (int)Math.Min(take, CustomerQuery.MaxTake);
            }
        }
        else if (badTake)
        {
            errors.Add(Invalid("take must be a positive integer"));
        }

        if (body.TryGetInteger("skip", out var skip, out var badSkip))
        {
            if (skip < 0)
            {
                errors.Add(Invalid("skip must be a non-negative integer"));
            }
            else
            {
                query.Skip = (int)Math.Min(skip, int.MaxValue);
            }
        }
        else if (badSkip)
        {
            errors.Add(Invalid("skip must be a non-negative integer"));
        }

        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        var found = state.Customers.Find(query);
        await ApiJson.DataAsync(ctx, found, static (w, list) =>
        {
            w.WriteStartArray();
            foreach (var customer in list)
            {
                customer.WriteTo(w);
            }

            w.WriteEndArray();
        });
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

    private static string? ReadId(RequestJson body, out Guid id)
    {
        id = Guid.Empty;
        var field = body.GetString("id");
        if (field.Kind == FieldKind.Invalid)
        {
            return "id must be a string";
        }

        if (!field.HasText)
        {
            return "id is required";
        }

        return Guid.TryParse(field.Value, out id) ? null : "id must be a uuid";
    }

    private static ApiError Invalid(string message) => new(ErrorCodes.ValidationError, message);
}
