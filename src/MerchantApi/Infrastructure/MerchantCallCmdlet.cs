using System.Management.Automation;
using MerchantApi.Http;

namespace MerchantApi.Infrastructure;

/// <summary>
/// Base of cmdlets that send requests: the one definition of -TimeoutSec, -MaximumRetryCount and -RetryTimeLimitSec,
/// with defaults that each kind of cmdlet chooses (sign-in waits less than a bulk run), and the call options they make.
/// </summary>
public abstract class MerchantCallCmdlet : MerchantCmdlet
{
    private readonly bool _announceSlowAnswers;
    private CallOptions? _callOptions;

    /// <param name="announceSlowAnswers">Say under -Verbose when one attempt has had no answer for a while.</param>
    private protected MerchantCallCmdlet(int timeoutSec, int maximumRetryCount, int retryTimeLimitSec, bool announceSlowAnswers = false)
    {
        TimeoutSec = timeoutSec;
        MaximumRetryCount = maximumRetryCount;
        RetryTimeLimitSec = retryTimeLimitSec;
        _announceSlowAnswers = announceSlowAnswers;
    }

    /// <summary>Seconds allowed for one HTTP attempt.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; }

    /// <summary>Retries after the first attempt, for 429s, 5xx and connection failures.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int MaximumRetryCount { get; set; }

    /// <summary>Seconds one item may spend in attempts and back-off altogether.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int RetryTimeLimitSec { get; set; }

    internal CallOptions CallOptions => _callOptions ??= new CallOptions
    {
        Log = Log,
        RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
        MaxAttempts = MaximumRetryCount + 1,
        RetryTimeLimit = TimeSpan.FromSeconds(RetryTimeLimitSec),
        AnnounceSlowAnswers = _announceSlowAnswers,
    };
}
