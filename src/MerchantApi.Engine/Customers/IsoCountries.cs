namespace MerchantApi.Customers;

// TEMPORARY (branch issue7 only): a stand-in for the real table that is being written on main, so that
// CountryCompleter compiles here. Drop this file on merge and keep main's IsoCountries.cs.
/// <summary>ISO 3166-1 alpha-2 codes and their English short names.</summary>
public static class IsoCountries
{
    public static IReadOnlyDictionary<string, string> ByCode { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["AT"] = "Austria", ["BE"] = "Belgium", ["CH"] = "Switzerland", ["DE"] = "Germany", ["ES"] = "Spain",
        ["FI"] = "Finland", ["FJ"] = "Fiji", ["FR"] = "France", ["GB"] = "United Kingdom of Great Britain and Northern Ireland",
        ["IT"] = "Italy", ["NL"] = "Netherlands", ["PL"] = "Poland", ["PT"] = "Portugal", ["UA"] = "Ukraine",
        ["US"] = "United States of America",
    };
}
