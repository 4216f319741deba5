using System.Net;
using System.Net.Http.Headers;

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
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    throw TooLarge(response, maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        var contentHeaders = response.Content.Headers.ToList();
        var buffered = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        foreach (var header in contentHeaders)
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content.Dispose();
        response.Content = buffered;
    }

    private static MerchantApiException TooLarge(HttpResponseMessage response, int maxBytes) =>
        new("ResponseTooLarge", MerchantErrorKind.Protocol,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: the response body exceeds {maxBytes / (1024 * 1024)} MB; refused.",
            response.StatusCode);
}
