namespace MerchantApi.Http;

/// <summary>
/// Where the engine reports what it does. The cmdlets route it to Verbose/Debug on the pipeline thread; the
/// engine itself never writes a secret to it.
/// </summary>
internal interface IMerchantLog
{
    bool IsVerboseEnabled { get; }
    bool IsDebugEnabled { get; }
    void Verbose(string message);
    void Debug(string message);
}

/// <summary>A log that drops everything (tests, background work without a caller).</summary>
internal sealed class NullMerchantLog : IMerchantLog
{
    public static readonly NullMerchantLog Instance = new();
    public bool IsVerboseEnabled => false;
    public bool IsDebugEnabled => false;
    public void Verbose(string message) { }
    public void Debug(string message) { }
}
