using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class CustomerUpdateReaderTests
{
    private static KeyValuePair<string, object?> P(string name, object? value) => new(name, value);

    [Fact]
    public void Reads_the_id_status_and_fields_as_New_matches_them()
    {
        var read = CustomerUpdateReader.Read(new[]
        {
            P("Id", "c1"), P("E-mail", "new@example.com"), P("Surname", "Durand"), P("Status", "blocked"), P("Colour", "blue"),
        });
        Assert.Equal("c1", read.Draft.Id);
        Assert.Equal("new@example.com", read.Draft.Email);
        Assert.Equal("Durand", read.Draft.LastName);
        Assert.Equal("blocked", read.Draft.Status);
        Assert.Equal(new[] { "Colour" }, read.IgnoredColumns);
    }

    [Fact]
    public void Customer_ID_stays_the_external_id_and_is_not_taken_for_the_id()
    {
        var read = CustomerUpdateReader.Read(new[] { P("Customer ID", "CRM-1") });
        Assert.Null(read.Draft.Id);
        Assert.Equal("CRM-1", read.Draft.ExternalId);
    }

    [Fact]
    public void ReferralId_cannot_be_updated_and_is_listed_as_ignored()
    {
        var read = CustomerUpdateReader.Read(new[] { P("Id", "c1"), P("Referrer", "c0") });
        Assert.Null(read.Draft.ReferralId);
        Assert.Contains(read.IgnoredColumns, c => c.StartsWith("Referrer", StringComparison.Ordinal));
    }

    [Fact]
    public void Command_line_values_win_over_the_row_without_a_conflict_message()
    {
        var overrides = new Dictionary<string, object?> { ["Comment"] = "from parameter", ["Status"] = "Blocked" };
        var read = CustomerUpdateReader.Read(new[] { P("id", "c1"), P("Notes", "from row"), P("status", "Active") }, overrides);
        Assert.Equal("from parameter", read.Draft.Comment);
        Assert.Equal("Blocked", read.Draft.Status);
        Assert.Empty(read.Conflicts);
    }

    [Fact]
    public void Blank_id_and_status_are_absent_and_the_validator_asks_for_the_id()
    {
        var read = CustomerUpdateReader.Read(new[] { P("Id", "  "), P("Status", ""), P("Email", "x@example.com") });
        Assert.Null(read.Draft.Id);
        Assert.Null(read.Draft.Status);
        var validation = CustomerValidator.Validate(read.Draft, 1, ValidationMode.Update);
        Assert.False(validation.IsValid);
        Assert.Equal(CustomerErrorIds.MissingRequiredField, validation.Problems[0].ErrorId);
    }
}
