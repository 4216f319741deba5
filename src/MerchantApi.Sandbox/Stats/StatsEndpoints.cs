using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Stats;

/// <summary><c>POST /__sandbox/stats</c>, <c>/__sandbox/reset</c> and <c>/__sandbox/issued-secrets</c>.</summary>
internal static class StatsEndpoints
{
    public static Task StatsAsync(HttpContext ctx, SandboxState state) =>
        ApiJson.DataAsync(ctx, state, static (w, s) => s.Stats.Write(w, s.Customers.Count));

    /// <summary>Everything <see cref="SandboxState.Reset"/> does: back to the state of a fresh sandbox, seeded data included; keeps the configuration.</summary>
    public static Task ResetAsync(HttpContext ctx, SandboxState state)
    {
        state.Reset();
        return ApiJson.DataAsync(ctx, 0, static (w, _) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("reset", true);
            w.WriteEndObject();
        });
    }

    /// <summary><c>{"data":["&lt;every access and refresh token issued so far&gt;", ...]}</c> in issue order.</summary>
    public static Task IssuedSecretsAsync(HttpContext ctx, SandboxState state) =>
        ApiJson.DataAsync(ctx, state.Secrets.Snapshot(), static (w, tokens) =>
        {
            w.WriteStartArray();
            foreach (var token in tokens)
            {
                w.WriteStringValue(token);
            }

            w.WriteEndArray();
        });
}
