using System.Globalization;
using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class CustomerDraftReaderTests
{
    private static KeyValuePair<string, object?> P(string name, object? value) => new(name, value);

    [Fact]
    public void Maps_columns_by_name_and_lists_the_others_in_input_order()
    {
        var read = CustomerDraftReader.Read(new[]
        {
            P("Signup Date", "2024-01-01"), P("E-mail", "ann@example.com"), P("Given Name", "Ann"), P("Surname", "Lee"),
            P("Country Code", "fr"), P("Passport", "P123"), P("Home Address", "1 Rue X"), P("Tax ID", "123"),
            P("Mobile", "+33 6 12 34 56 78"), P("CRM ID", "c-9"), P("Referrer", "r-1"), P("Notes", "vip"), P("Segment", "B"),
        });

        var d = read.Draft;
        Assert.Equal(("ann@example.com", "Ann", "Lee", "fr"), (d.Email, d.FirstName, d.LastName, d.Country));
        Assert.Equal(("P123", "1 Rue X", "123"), (d.VerificationDocumentId, d.ResidenceAddress, d.Itn));
        Assert.Equal(("+33 6 12 34 56 78", "c-9", "r-1", "vip"), (d.PhoneNumber, d.ExternalId, d.ReferralId, d.Comment));
        Assert.Null(d.Status);
        Assert.Null(d.Id);
        Assert.Equal(new[] { "Signup Date", "Segment" }, read.IgnoredColumns);
        Assert.Empty(read.Conflicts);
    }

    [Fact]
    public void Converts_values_null_and_dbnull_to_null_and_scalars_with_the_invariant_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var read = CustomerDraftReader.Read(new[]
            {
                P("email", null), P("comment", DBNull.Value), P("itn", 1234567.5m), P("externalId", 42), P("referralId", true),
                P("firstName", " Ann "),
            });

            Assert.Null(read.Draft.Email);
            Assert.Null(read.Draft.Comment);
            Assert.Equal("1234567.5", read.Draft.Itn);
            Assert.Equal("42", read.Draft.ExternalId);
            Assert.Equal("True", read.Draft.ReferralId);
            Assert.Equal(" Ann ", read.Draft.FirstName); // strings as is: trimming is the validator's job
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void The_canonical_column_wins_a_conflict_even_when_it_comes_second()
    {
        var read = CustomerDraftReader.Read(new[] { P("E-mail", "old@example.com"), P("Email", "new@example.com") }, rowNumber: 5);

        Assert.Equal("new@example.com", read.Draft.Email);
        var conflict = Assert.Single(read.Conflicts);
        Assert.Equal((CustomerField.Email, "Email", "new@example.com", "E-mail", "old@example.com"),
            (conflict.Field, conflict.UsedColumn, conflict.UsedValue, conflict.IgnoredColumn, conflict.IgnoredValue));
        string message = conflict; // writes straight to WriteVerbose/WriteWarning
        Assert.Equal("Row 5: columns 'Email' and 'E-mail' both give 'email' with different values " +
                     "('new@example.com' and 'old@example.com'); using 'Email'.", message);
    }

    [Fact]
    public void Between_two_aliases_the_first_column_wins()
    {
        var read = CustomerDraftReader.Read(new[] { P("Phone", "+111111111"), P("Mobile", "+222222222"), P("Telephone", "+333333333") });

        Assert.Equal("+111111111", read.Draft.PhoneNumber);
        Assert.Equal(new[] { "Mobile", "Telephone" }, read.Conflicts.Select(c => c.IgnoredColumn));
        Assert.All(read.Conflicts, c => Assert.Equal("Phone", c.UsedColumn));
        Assert.StartsWith("Columns 'Phone' and 'Mobile'", read.Conflicts[0].Message);
    }

    [Fact]
    public void Equal_or_blank_duplicates_are_no_conflict_and_a_value_beats_a_blank()
    {
        var read = CustomerDraftReader.Read(new[]
        {
            P("Email", "a@example.com"), P("E-mail", " a@example.com "),   // same value once trimmed
            P("FirstName", ""), P("First Name", "Ann"),                     // blank canonical column: the value is used
            P("Surname", "Lee"), P("Last Name", "  "), P("LastName", null), // blanks never replace a value
        });

        Assert.Empty(read.Conflicts);
        Assert.Equal("a@example.com", read.Draft.Email);
        Assert.Equal("Ann", read.Draft.FirstName);
        Assert.Equal("Lee", read.Draft.LastName);
    }
}
