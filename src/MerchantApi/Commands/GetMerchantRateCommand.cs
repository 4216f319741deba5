using System.Management.Automation;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>
/// Gets what one unit of each asset is worth in other currencies (<c>GET /v2/rate/equivalent</c>), one Rate per asset
/// and currency, so <c>Get-MerchantRate -Asset BTC -Currency EUR</c> is one line. Asset and currency names take
/// wildcards; a name without one that matches nothing is an error of its own.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MerchantRate")]
[OutputType(typeof(Rate))]
public sealed class GetMerchantRateCommand : MerchantSessionCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Asset { get; set; }

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Currency { get; set; }

    protected override void EndProcessing()
    {
        var session = Session;
        var options = CallOptions;
        List<Rate> rates;
        try
        {
            rates = Run(token => RateApi.GetAsync(session, options, token));
        }
        catch (MerchantApiException ex)
        {
            WriteFailure(ex, null);
            return;
        }
        var assets = Patterns(Asset);
        var currencies = Patterns(Currency);
        var selected = rates.Where(r => Matches(assets, r.Asset) && Matches(currencies, r.Currency)).ToList();
        foreach (var rate in selected)
            WriteObject(rate);

        foreach (var (name, kind, pick) in new[] { (Asset, "asset", (Func<Rate, string>)(r => r.Asset)), (Currency, "currency", r => r.Currency) })
        {
            foreach (var missing in (name ?? []).Where(n => !WildcardPattern.ContainsWildcardCharacters(n)
                && !rates.Any(r => string.Equals(pick(r), n, StringComparison.OrdinalIgnoreCase))))
            {
                WriteFailure(new MerchantApiException("RateNotFound", MerchantErrorKind.NotFound,
                    $"The API gives no rate for the {kind} '{missing}'; it has {string.Join(", ", rates.Select(pick).Distinct(StringComparer.OrdinalIgnoreCase))}."), missing);
            }
        }
    }

    private static List<WildcardPattern>? Patterns(string[]? names) =>
        names?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();

    private static bool Matches(List<WildcardPattern>? patterns, string value) => patterns is null || patterns.Any(p => p.IsMatch(value));
}
