using System.Text;
using MerchantApi.Sandbox.Http;

namespace MerchantApi.Sandbox.Faults;

/// <summary>
/// The hostile answers a client must survive:
/// <list type="bullet">
/// <item><c>html</c>: 502, text/html, a reverse proxy's error page.</item>
/// <item><c>truncated</c>: 200, application/json, a body cut in the middle of an object (Content-Length matches it).</item>
/// <item><c>huge</c>: 200, application/json, a valid 50 MiB body (<see cref="HugeBodyLength"/> bytes) streamed from one small buffer.</item>
/// <item><c>empty</c>: 200, application/json, Content-Length 0.</item>
/// <item><c>wrong-shape</c>: 200 <c>{"data":"surprise"}</c> on find (which should give an array), <c>{"data":[1,2]}</c> elsewhere.</item>
/// <item><c>redirect</c>: 307 to the same path under <c>/__elsewhere</c> on another host name (localhost ↔ 127.0.0.1),
/// where requests carrying Authorization or Api-key are counted as <c>leakedAuthHeaders</c>.</item>
/// <item><c>hang</c>: no answer until the client gives up (or the server stops, which aborts the connection).</item>
/// </list>
/// </summary>
internal static class HostileResponder
{
    public const long HugeBodyLength = 50L * 1024 * 1024;
    public const string ElsewherePrefix = "/__elsewhere";

    private static readonly byte[] HtmlPage = Encoding.ASCII.GetBytes(
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");

    private static readonly byte[] Truncated = Encoding.ASCII.GetBytes(
        "{\"data\":{\"id\":\"3f6c1a52-9a0e-4f7b-8d7e-2c5b1e9f0a41\",\"walletId\":\"b1c2d3e4-aaaa-4bbb-8ccc-1234567");

    private static readonly byte[] HugePrefix = "{\"data\":{\"padding\":\""u8.ToArray();
    private static readonly byte[] HugeSuffix = "\"}}"u8.ToArray();
    private static readonly byte[] HugeChunk = CreateChunk();

    public static async Task RespondAsync(HttpContext ctx, HostileMode mode, CancellationToken stopping)
    {
        switch (mode)
        {
            case HostileMode.Html:
                await ApiJson.WriteBytesAsync(ctx, StatusCodes.Status502BadGateway, HtmlPage, "text/html");
                break;
            case HostileMode.Truncated:
                await ApiJson.WriteBytesAsync(ctx, StatusCodes.Status200OK, Truncated);
                break;
            case HostileMode.Empty:
                await ApiJson.WriteBytesAsync(ctx, StatusCodes.Status200OK, ReadOnlyMemory<byte>.Empty);
                break;
            case HostileMode.WrongShape:
                var isList = ctx.Request.Path.Value!.TrimEnd('/').EndsWith("/find", StringComparison.OrdinalIgnoreCase);
                await ApiJson.WriteBytesAsync(ctx, StatusCodes.Status200OK, isList ? "{\"data\":\"surprise\"}"u8.ToArray() : "{\"data\":[1,2]}"u8.ToArray());
                break;
            case HostileMode.Redirect:
                ctx.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                ctx.Response.Headers.Location = ElsewhereLocation(ctx);
                ctx.Response.ContentLength = 0;
                break;
            case HostileMode.Huge:
                await StreamHugeAsync(ctx, stopping);
                break;
            case HostileMode.Hang:
                await HangAsync(ctx, stopping);
                break;
        }
    }

    /// <summary>The same path on another host name for the same port: the client's host is 127.0.0.1 → localhost, else 127.0.0.1.</summary>
    private static string ElsewhereLocation(HttpContext ctx)
    {
        var request = ctx.Request;
        var otherHost = string.Equals(request.Host.Host, "localhost", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" : "localhost";
        return $"{request.Scheme}://{otherHost}:{ctx.Connection.LocalPort}{ElsewherePrefix}{request.Path}{request.QueryString}";
    }

    private static async Task StreamHugeAsync(HttpContext ctx, CancellationToken stopping)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        var response = ctx.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ApiJson.ContentType;
        response.ContentLength = HugeBodyLength;
        try
        {
            await response.Body.WriteAsync(HugePrefix, cts.Token);
            var remaining = HugeBodyLength - HugePrefix.Length - HugeSuffix.Length;
            while (remaining > 0)
            {
                var n = (int)Math.Min(remaining, HugeChunk.Length);
                await response.Body.WriteAsync(HugeChunk.AsMemory(0, n), cts.Token);
                remaining -= n;
            }

            await response.Body.WriteAsync(HugeSuffix, cts.Token);
        }
        catch (OperationCanceledException)
        {
            ctx.AbortConnection();
        }
    }

    private static async Task HangAsync(HttpContext ctx, CancellationToken stopping)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, cts.Token);
        }
        catch (OperationCanceledException)
        {
            ctx.AbortConnection();
        }
    }

    private static byte[] CreateChunk()
    {
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)'a');
        return chunk;
    }
}
