namespace MerchantApi;

/// <summary>
/// The process-wide current session. Static, so every runspace of the process (ForEach-Object -Parallel,
/// thread jobs) sees the same connection without reconnecting.
/// </summary>
internal static class SessionStore
{
    private static MerchantSession? _current;

    public static MerchantSession? Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }
}
