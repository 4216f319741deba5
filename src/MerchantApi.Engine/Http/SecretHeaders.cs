namespace MerchantApi.Http;

/// <summary>
/// The headers that carry a credential, and how one is shown: the one place that decides, for the Debug log and for
/// the headers a raw response hands to the user.
/// </summary>
internal static class SecretHeaders
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", AuthHandler.ApiKeyHeader, "Cookie", "Set-Cookie", "Proxy-Authorization", "Proxy-Authenticate",
    };

    /// <summary>A header's values as shown: joined with ", ", or redacted when the header is a secret one.</summary>
    public static string Show(string name, IEnumerable<string> values) =>
        !Names.Contains(name) ? string.Join(", ", values)
        : string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase) &&
          values.FirstOrDefault()?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true
            ? "Bearer [redacted]"
            : "[redacted]";
}
