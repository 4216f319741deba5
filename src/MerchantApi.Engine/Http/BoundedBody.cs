using System.Buffers;

namespace MerchantApi.Http;

/// <summary>Reads a response body into memory up to a limit, so a hostile or broken server cannot exhaust it.</summary>
internal static class BoundedBody
{
    public static async Task BufferAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
            throw TooLarge(response, maxBytes);
        var buffer = new MemoryStream(declared is > 0 and <= 1 << 20 ? (int)declared.Value : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    throw TooLarge(response, maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        var contentType = response.Content.Headers.ContentType;
        response.Content.Dispose();
        response.Content = new BufferedContent(buffer.GetBuffer(), (int)buffer.Length);
        response.Content.Headers.ContentType = contentType; // all the reader needs of the original headers
    }

    private static MerchantApiException TooLarge(HttpResponseMessage response, int maxBytes) =>
        new("ResponseTooLarge", MerchantErrorKind.Protocol,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: the response body exceeds {maxBytes / (1024 * 1024)} MB; refused.",
            response.StatusCode);
}

/// <summary>A body already in memory; the reader parses it in place instead of copying it again.</summary>
internal sealed class BufferedContent : ByteArrayContent
{
    public BufferedContent(byte[] buffer, int length) : base(buffer, 0, length) => Body = new ReadOnlyMemory<byte>(buffer, 0, length);

    public ReadOnlyMemory<byte> Body { get; }
}
