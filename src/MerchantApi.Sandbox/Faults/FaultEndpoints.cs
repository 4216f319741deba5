using System.Globalization;
using System.Text.Json;
using MerchantApi.Sandbox.Auth;
using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Faults;

/// <summary><c>POST /__sandbox/faults</c>, <c>POST /__sandbox/hostile</c> and the redirect target <c>/__elsewhere/*</c>.</summary>
internal static class FaultEndpoints
{
    /// <summary>
    /// Body (all fields optional): <c>{"failureRate","throttleRate","throttleBurstMs","dropAfterCommitRate","latencyMs",
    /// "retryAfterSeconds","retryAfterFormat":"seconds|date","clockSkewSeconds","rateLimitPerSecond","rateBurst"}</c>
    /// (<c>"rateBurst":null</c> goes back to the default, one second's worth of the rate). Answers the settings now in
    /// force, with the same fields (the burst in force as a number). <c>{}</c> just reads them.
    /// </summary>
    public static async Task FaultsAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var errors = new List<ApiError>();
        var current = state.Faults.Settings;
        double Number(string name, double value, double min, double max)
        {
            if (body.TryGetDouble(name, out var x, out var invalid))
            {
                if (x >= min && x <= max)
                {
                    return x;
                }

                invalid = true;
            }

            if (invalid)
            {
                errors.Add(new ApiError(ErrorCodes.ValidationError,
                    $"{name} must be a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}"));
            }

            return value;
        }

        var updated = new FaultSettings(
            Number("failureRate", current.FailureRate, 0, 1),
            Number("throttleRate", current.ThrottleRate, 0, 1),
            Number("throttleBurstMs", current.ThrottleBurstMs, 0, 3_600_000),
            Number("dropAfterCommitRate", current.DropAfterCommitRate, 0, 1),
            Number("latencyMs", current.LatencyMs, 0, 600_000),
            Number("retryAfterSeconds", current.RetryAfterSeconds, 0, 86_400),
            current.RetryAfterFormat,
            current.RateLimitPerSecond,
            current.RateBurst);
        var skew = Number("clockSkewSeconds", state.Clock.SkewSeconds, -1e9, 1e9);

        var format = body.GetString("retryAfterFormat");
        if (format.Kind == FieldKind.String && SandboxOptions.ParseRetryAfterFormat(format.Value!, out var parsed))
        {
            updated = updated with { RetryAfterFormat = parsed };
        }
        else if (format.Kind is FieldKind.String or FieldKind.Invalid)
        {
            errors.Add(new ApiError(ErrorCodes.ValidationError, "retryAfterFormat must be 'seconds' or 'date'"));
        }

        if (body.TryGetDouble("rateLimitPerSecond", out var rate, out var badRate) && SandboxOptions.IsValidRateLimit(rate))
        {
            updated = updated with { RateLimitPerSecond = rate };
        }
        else if (badRate || rate != 0)
        {
            errors.Add(new ApiError(ErrorCodes.ValidationError, "rateLimitPerSecond " + SandboxOptions.RateLimitRange));
        }

        var burstGiven = body.Root.TryGetProperty("rateBurst", out var burstField);
        if (burstGiven && burstField.ValueKind == JsonValueKind.Null)
        {
            updated = updated with { RateBurst = null };
        }
        else if (body.TryGetInteger("rateBurst", out var burst, out _) && SandboxOptions.IsValidRateBurst(burst))
        {
            updated = updated with { RateBurst = (int)burst };
        }
        else if (burstGiven)
        {
            errors.Add(new ApiError(ErrorCodes.ValidationError, "rateBurst " + SandboxOptions.RateBurstRange));
        }

        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        state.Faults.Settings = updated;
        state.Clock.SkewSeconds = skew;
        if (updated.ThrottleRate == 0)
        {
            // Turning throttling off also ends a burst in progress.
            state.Faults.EndBurst();
        }

        await ApiJson.DataAsync(ctx, (updated, skew), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteNumber("failureRate", s.updated.FailureRate);
            w.WriteNumber("throttleRate", s.updated.ThrottleRate);
            w.WriteNumber("throttleBurstMs", s.updated.ThrottleBurstMs);
            w.WriteNumber("dropAfterCommitRate", s.updated.DropAfterCommitRate);
            w.WriteNumber("latencyMs", s.updated.LatencyMs);
            w.WriteNumber("retryAfterSeconds", s.updated.RetryAfterSeconds);
            w.WriteString("retryAfterFormat", s.updated.RetryAfterFormat == RetryAfterFormat.Date ? "date" : "seconds");
            w.WriteNumber("clockSkewSeconds", s.skew);
            w.WriteNumber("rateLimitPerSecond", s.updated.RateLimitPerSecond);
            w.WriteNumber("rateBurst", s.updated.EffectiveRateBurst);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Body <c>{"path":"/v2/...","mode":"html|truncated|huge|empty|wrong-shape|redirect|hang","count":N}</c> (count
    /// defaults to 1; 0 removes the rule). Answers <c>{"data":{"path","mode","count"}}</c>.
    /// </summary>
    public static async Task HostileAsync(HttpContext ctx, SandboxState state, RequestJson body)
    {
        var errors = new List<ApiError>();
        var path = body.GetString("path");
        if (!path.HasText || !path.Value!.StartsWith("/v2/", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new ApiError(ErrorCodes.ValidationError, "path must be a /v2/ path, e.g. /v2/customer/create"));
        }

        var modeField = body.GetString("mode");
        var mode = HostileMode.Html;
        if (modeField.Kind != FieldKind.String || !HostileRules.Modes.TryGetValue(modeField.Value!, out mode))
        {
            errors.Add(new ApiError(ErrorCodes.ValidationError, "mode must be one of " + string.Join(", ", HostileRules.Modes.Keys)));
        }

        if (!body.TryGetInteger("count", out var count, out var badCount))
        {
            count = 1;
        }

        if (badCount || count < 0 || count > int.MaxValue)
        {
            errors.Add(new ApiError(ErrorCodes.ValidationError, "count must be a non-negative integer"));
        }

        if (errors.Count > 0)
        {
            await ApiJson.ErrorsAsync(ctx, StatusCodes.Status400BadRequest, errors);
            return;
        }

        var normalized = HostileRules.Normalize(path.Value!);
        state.Hostile.Set(normalized, mode, (int)count);
        await ApiJson.DataAsync(ctx, (normalized, mode: modeField.Value!.ToLowerInvariant(), count), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("path", s.normalized);
            w.WriteString("mode", s.mode);
            w.WriteNumber("count", s.count);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Where the <c>redirect</c> mode points (another host name). A well-behaved client never sends credentials here:
    /// every request that carries Authorization or Api-key is counted in <c>leakedAuthHeaders</c>.
    /// </summary>
    public static Task ElsewhereAsync(HttpContext ctx, SandboxState state)
    {
        var headers = ctx.Request.Headers;
        var carriedAuth = headers.Authorization.Count > 0 || headers[RequestAuthenticator.ApiKeyHeader].Count > 0;
        state.Stats.AddElsewhereRequest(carriedAuth);
        return ApiJson.ErrorAsync(ctx, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "This host does not serve the API");
    }
}
