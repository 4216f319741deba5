namespace MerchantApi.Sandbox.Http;

/// <summary>Turns an unexpected exception into a 500 INTERNAL_ERROR envelope (or an abort if the response has started).</summary>
internal static class ErrorBoundary
{
    public static async Task InvokeAsync(HttpContext ctx, RequestDelegate next, SandboxState state)
    {
        try
        {
            await next(ctx);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (BadHttpRequestException e)
        {
            if (!ctx.Response.HasStarted)
            {
                await ApiJson.ErrorAsync(ctx, e.StatusCode, ErrorCodes.ValidationError, e.Message);
            }
        }
        catch (Exception e)
        {
            state.Logger.LogError(e, "Unhandled exception on {Path}", ctx.Request.Path.Value);
            if (ctx.Response.HasStarted)
            {
                ctx.AbortConnection();
            }
            else
            {
                ctx.Response.Clear();
                await ApiJson.ErrorAsync(ctx, StatusCodes.Status500InternalServerError, ErrorCodes.InternalError,
                    $"Unexpected sandbox error ({e.GetType().Name})");
            }
        }
    }
}
