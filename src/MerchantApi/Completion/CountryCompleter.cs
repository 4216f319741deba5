using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using MerchantApi.Customers;

namespace MerchantApi.Completion;

/// <summary>
/// Tab completion of ISO 3166-1 alpha-2 country codes, with the country's English name as the tooltip.
/// <c>-Country f&lt;Tab&gt;</c> offers the codes starting with F, then the codes of countries whose name starts with
/// "f" (France → FR); <c>-Country ukr&lt;Tab&gt;</c> finds UA by name.
/// </summary>
public sealed class CountryCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) => Complete(wordToComplete, IsoCountries.ByCode);

    internal static IEnumerable<CompletionResult> Complete(string? wordToComplete, IReadOnlyDictionary<string, string> countries)
    {
        var word = wordToComplete ?? "";
        var quote = word.Length > 0 && word[0] is '\'' or '"' ? word[0].ToString() : "";
        word = word.Trim('\'', '"');

        var byCode = countries.Where(c => c.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Key, StringComparer.Ordinal);
        var byName = countries.Where(c => word.Length > 0 && !c.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase)
                && c.Value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Value, StringComparer.OrdinalIgnoreCase);
        return byCode.Concat(byName).Select(c => new CompletionResult(quote + c.Key + quote, c.Key, CompletionResultType.ParameterValue, c.Value));
    }
}
