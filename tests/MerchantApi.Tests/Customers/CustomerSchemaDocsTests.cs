using System.Text.RegularExpressions;
using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

/// <summary>The help lists the column spellings people may use; it must say what the schema accepts.</summary>
public sealed partial class CustomerSchemaDocsTests
{
    [GeneratedRegex(@"^- `(?<field>\w+)`: (?<spellings>`.*)$", RegexOptions.Multiline)]
    private static partial Regex SpellingLine();

    private static string RepositoryFile(string relative)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MerchantApi.sln")))
            folder = folder.Parent;
        Assert.NotNull(folder);
        return Path.Combine(folder.FullName, relative);
    }

    [Fact]
    public void New_MerchantCustomer_help_lists_exactly_the_column_spellings_of_every_create_field()
    {
        var text = File.ReadAllText(RepositoryFile("docs/New-MerchantCustomer.md"));
        var documented = SpellingLine().Matches(text).ToDictionary(
            m => m.Groups["field"].Value,
            m => m.Groups["spellings"].Value.Split(", ").Select(s => s.Trim('`')).ToList());

        var expected = CustomerSchema.For(CustomerWrite.Create).ToList();
        Assert.Equal(expected.Select(f => f.ParameterName), documented.Keys);
        foreach (var spec in expected)
            Assert.Equal(spec.ColumnSpellings, documented[spec.ParameterName]);
    }
}
