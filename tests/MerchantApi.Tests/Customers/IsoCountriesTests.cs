using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class IsoCountriesTests
{
    [Fact]
    public void Holds_all_249_officially_assigned_codes_with_names_and_answers_alpha3()
    {
        Assert.Equal(249, IsoCountries.ByCode.Count);
        Assert.All(IsoCountries.ByCode.Keys, code => Assert.Matches("^[A-Z]{2}$", code));
        Assert.Equal("France", IsoCountries.ByCode["FR"]);
        Assert.Equal("Côte d'Ivoire", IsoCountries.ByCode["CI"]);
        Assert.Equal("United Kingdom of Great Britain and Northern Ireland", IsoCountries.ByCode["GB"]);
        Assert.True(IsoCountries.TryGetCode("SSD", out var southSudan));
        Assert.Equal("SS", southSudan);
        Assert.False(IsoCountries.ByCode.ContainsKey("UK"));
        Assert.False(IsoCountries.ByCode.ContainsKey("XK"));
    }

    [Theory]
    [InlineData("France", "FR")]
    [InlineData("FRANCE", "FR")]
    [InlineData("Germany", "DE")]
    [InlineData("gbr", "GB")]
    [InlineData("Great Britain", "GB")]
    [InlineData("cote d'ivoire", "CI")]
    [InlineData("Korea, Republic of", "KR")]
    [InlineData("South Korea", "KR")]
    [InlineData("Russia", "RU")]
    [InlineData("Turkey", "TR")]
    [InlineData("Türkiye", "TR")]
    [InlineData("U.S.A.", "US")]
    [InlineData("EL", "GR")]
    [InlineData("de", "DE")]
    public void Finds_the_code_for_names_alpha3_and_common_mistakes(string input, string expected)
    {
        Assert.True(IsoCountries.TryGetCode(input, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("Atlantis")]
    [InlineData("XX")]
    [InlineData("ZZZ")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Knows_when_it_has_no_answer(string? input) => Assert.False(IsoCountries.TryGetCode(input, out _));
}
