namespace MerchantApi.Sandbox.Http;

/// <summary>
/// Aborting a connection on purpose, and telling afterwards that it happened: RequestAborted is signalled
/// asynchronously after <see cref="HttpContext.Abort"/>, so the stats would otherwise still see the 200.
/// </summary>
internal static class ConnectionAbort
{
    private static readonly object Marker = new();

    public static void AbortConnection(this HttpContext ctx)
    {
        ctx.Items[Marker] = Marker;
        ctx.Abort();
    }

    public static bool WasAborted(this HttpContext ctx) =>
        ctx.RequestAborted.IsCancellationRequested || (ctx.Items.Count > 0 && ctx.Items.ContainsKey(Marker));
}
