using MerchantApi.Sandbox.Auth;
using MerchantApi.Sandbox.Customers;
using MerchantApi.Sandbox.Faults;
using MerchantApi.Sandbox.Http;
using MerchantApi.Sandbox.Operations;
using MerchantApi.Sandbox.Rates;
using MerchantApi.Sandbox.Stats;
using MerchantApi.Sandbox.Wallets;

namespace MerchantApi.Sandbox;

/// <summary>What a route checks about the caller before its endpoint runs; a failed check is answered 401 UNAUTHORIZED.</summary>
internal enum RouteAccess
{
    /// <summary>Anyone: the test-support endpoints.</summary>
    Anyone,

    /// <summary>A private call: <c>Authorization: Bearer</c> or <c>Api-key</c> (<see cref="RequestAuthenticator.AuthorizeAsync"/>).</summary>
    Credentials,

    /// <summary>Login and refresh: the <c>merchant_id</c> header (<see cref="RequestAuthenticator.AuthorizeMerchantAsync"/>).</summary>
    MerchantId,
}

/// <summary>An endpoint that is handed a caller its route has let through and a body that is a JSON object.</summary>
internal delegate Task BodyEndpoint(HttpContext ctx, SandboxState state, RequestJson body);

/// <summary>
/// One row of <see cref="SandboxRoutes.All"/>. <see cref="SandboxHost"/> maps each route with the route itself as endpoint
/// metadata, so whatever runs after routing (<see cref="FaultMiddleware"/>) reads its facts from the route that matched.
/// </summary>
internal sealed class SandboxRoute
{
    private readonly Func<HttpContext, SandboxState, Task> _handle;

    private SandboxRoute(string pattern, bool isTestSupport, RouteAccess access, Func<HttpContext, SandboxState, Task> handle)
    {
        Pattern = pattern;
        IsTestSupport = isTestSupport;
        Access = access;
        _handle = handle;
    }

    /// <summary>An ASP.NET Core route pattern; for a route without parameters, the path the stats count its requests under.</summary>
    public string Pattern { get; }

    /// <summary>Not the provider's API but there for the tests (<c>/__sandbox/*</c>, the redirect target).</summary>
    public bool IsTestSupport { get; }

    /// <summary>How the route's endpoint knows its caller, and so which merchant's rate limit a request counts against.</summary>
    public RouteAccess Access { get; }

    /// <summary>
    /// Latency, hostile answers, the rate limit, throttling, failures and the request stats (<see cref="FaultMiddleware"/>):
    /// the API's routes only.
    /// </summary>
    public bool FaultsApply => !IsTestSupport;

    public static SandboxRoute Api(string pattern, RouteAccess access, Func<HttpContext, SandboxState, Task> handle) =>
        new(pattern, isTestSupport: false, access, handle);

    public static SandboxRoute TestSupport(string pattern, Func<HttpContext, SandboxState, Task> handle) =>
        new(pattern, isTestSupport: true, RouteAccess.Anyone, handle);

    /// <summary>The route the request matched; null for a path no route has (the fallback answers it 404).</summary>
    public static SandboxRoute? Matched(HttpContext ctx) => ctx.GetEndpoint()?.Metadata.GetMetadata<SandboxRoute>();

    public Task HandleAsync(HttpContext ctx, SandboxState state) => _handle(ctx, state);
}

/// <summary>Every route of the sandbox: the one list that <see cref="SandboxHost"/> maps and the fault middleware and tests read.</summary>
internal static class SandboxRoutes
{
    public static readonly IReadOnlyList<SandboxRoute> All =
    [
        ApiPost("/v2/auth/login", RouteAccess.MerchantId, AuthEndpoints.LoginAsync),
        ApiPost("/v2/auth/refresh", RouteAccess.MerchantId, AuthEndpoints.RefreshAsync),
        ApiPost("/v2/customer/create", RouteAccess.Credentials, CustomerEndpoints.CreateAsync),
        ApiPost("/v2/customer/details", RouteAccess.Credentials, CustomerEndpoints.DetailsAsync),
        ApiPost("/v2/customer/update", RouteAccess.Credentials, CustomerEndpoints.UpdateAsync),
        ApiPost("/v2/customer/find", RouteAccess.Credentials, CustomerEndpoints.FindAsync),
        ApiPost("/v2/balance", RouteAccess.Credentials, BalanceEndpoints.BalanceAsync),
        ApiPost("/v2/operation/find", RouteAccess.Credentials, OperationEndpoints.FindAsync),
        ApiPost("/v2/operation/details", RouteAccess.Credentials, OperationEndpoints.DetailsAsync),
        ApiGet("/v2/rate/equivalent", RouteAccess.Credentials, RateEndpoints.EquivalentAsync),
        // Last of the API's: the provider's other paths (transfers, withdrawals, ... which the sandbox does not imitate)
        // and mistyped ones: 404, yet as slow and as faulty as the rest of the API, so a client's raw requests meet
        // what its calls meet.
        // Anyone: it answers 404 to every caller, but credentials it carries still count against their merchant's limit.
        SandboxRoute.Api("/v2/{**unknownPath}", RouteAccess.Anyone, static (ctx, _) => ApiJson.NotFoundAsync(ctx)),

        SandboxRoute.TestSupport("/__sandbox/stats", Post(StatsEndpoints.StatsAsync)),
        SandboxRoute.TestSupport("/__sandbox/reset", Post(StatsEndpoints.ResetAsync)),
        SandboxRoute.TestSupport("/__sandbox/issued-secrets", Post(StatsEndpoints.IssuedSecretsAsync)),
        SandboxRoute.TestSupport("/__sandbox/rotate-key", Post(AuthEndpoints.RotateKeyAsync)),
        SandboxRoute.TestSupport("/__sandbox/faults", Post(RouteAccess.Anyone, FaultEndpoints.FaultsAsync)),
        SandboxRoute.TestSupport("/__sandbox/hostile", Post(RouteAccess.Anyone, FaultEndpoints.HostileAsync)),
        SandboxRoute.TestSupport("/__sandbox/provider-status", Post(RouteAccess.Anyone, CustomerEndpoints.ProviderStatusAsync)),
        SandboxRoute.TestSupport("/__sandbox/balances", Post(RouteAccess.Anyone, BalanceEndpoints.SetAsync)),
        SandboxRoute.TestSupport("/__sandbox/rates", Post(RouteAccess.Anyone, RateEndpoints.SetAsync)),
        SandboxRoute.TestSupport("/__sandbox/operations", Post(RouteAccess.Anyone, OperationEndpoints.AddAsync)),
        SandboxRoute.TestSupport("/__sandbox/shutdown", Post(SandboxHost.ShutdownAsync)),
        // Every method: the redirect answer's target sees whatever method the client follows the redirect with.
        SandboxRoute.TestSupport(HostileResponder.ElsewherePrefix + "/{**rest}", FaultEndpoints.ElsewhereAsync),
    ];

    private static SandboxRoute ApiPost(string pattern, RouteAccess access, BodyEndpoint endpoint) =>
        SandboxRoute.Api(pattern, access, Post(access, endpoint));

    private static SandboxRoute ApiGet(string pattern, RouteAccess access, Func<HttpContext, SandboxState, Task> endpoint) =>
        SandboxRoute.Api(pattern, access, Get(access, endpoint));

    /// <summary>POST only: the provider answers any other method 404 NOT_FOUND.</summary>
    private static Func<HttpContext, SandboxState, Task> Post(Func<HttpContext, SandboxState, Task> endpoint) =>
        (ctx, state) => HttpMethods.IsPost(ctx.Request.Method) ? endpoint(ctx, state) : ApiJson.NotFoundAsync(ctx);

    /// <summary>
    /// GET only (the provider answers any other method 404 NOT_FOUND, as on its POST paths), without a body: the
    /// endpoint runs once the caller has passed <paramref name="access"/>.
    /// </summary>
    private static Func<HttpContext, SandboxState, Task> Get(RouteAccess access, Func<HttpContext, SandboxState, Task> endpoint) =>
        async (ctx, state) =>
        {
            if (!HttpMethods.IsGet(ctx.Request.Method))
            {
                await ApiJson.NotFoundAsync(ctx);
                return;
            }

            // The endpoint gets the caller's merchant: its customers, operations and wallets, and no one else's.
            var merchant = access switch
            {
                RouteAccess.Credentials => await RequestAuthenticator.AuthorizeAsync(ctx, state),
                RouteAccess.MerchantId => await RequestAuthenticator.AuthorizeMerchantAsync(ctx, state),
                _ => state,
            };
            if (merchant is not null)
            {
                await endpoint(ctx, merchant);
            }
        };

    /// <summary>
    /// POST only; the endpoint runs once the caller has passed <paramref name="access"/> and the body has been read as a
    /// JSON object (anything else is answered 400 VALIDATION_ERROR).
    /// </summary>
    private static Func<HttpContext, SandboxState, Task> Post(RouteAccess access, BodyEndpoint endpoint) =>
        Post(async (ctx, state) =>
        {
            // Credentials are checked before the body is read and merchant_id after it, as each always was: with a bad
            // caller and a body over the size limit, a private call answers 401 and login or refresh 413.
            // The endpoint gets the caller's merchant: its customers, operations and wallets, and no one else's.
            var merchant = state;
            if (access == RouteAccess.Credentials && (merchant = await RequestAuthenticator.AuthorizeAsync(ctx, state)) is null)
            {
                return;
            }

            using var body = await RequestJson.ReadAsync(ctx);
            if (access == RouteAccess.MerchantId && (merchant = await RequestAuthenticator.AuthorizeMerchantAsync(ctx, state)) is null)
            {
                return;
            }

            if (body.Error is not null)
            {
                await ApiJson.ValidationAsync(ctx, body.Error);
                return;
            }

            await endpoint(ctx, merchant, body);
        });
}
