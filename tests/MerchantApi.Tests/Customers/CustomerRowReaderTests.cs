using System.Globalization;
using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class CustomerRowReaderTests
{
    private static KeyValuePair<string, object?> P(string name, object? value) => new(name, value);

    private static CustomerRow Create(params KeyValuePair<string, object?>[] row) => CustomerRowReader.Read(row, CustomerWrite.Create);

    private static CustomerRow Update(params KeyValuePair<string, object?>[] row) => CustomerRowReader.Read(row, CustomerWrite.Update);

    private static string?[] Values(CustomerDraft draft, params CustomerField[] fields) => fields.Select(f => draft[f]).ToArray();

    [Fact]
    public void Maps_columns_by_name_and_lists_the_others_in_input_order()
    {
        var read = Create(
            P("Signup Date", "2024-01-01"), P("E-mail", "ann@example.com"), P("Given Name", "Ann"), P("Surname", "Lee"),
            P("Country Code", "fr"), P("Passport", "P123"), P("Home Address", "1 Rue X"), P("Tax ID", "123"),
            P("Mobile", "+33 6 12 34 56 78"), P("CRM ID", "c-9"), P("Referrer", "r-1"), P("Notes", "vip"), P("Segment", "B"));

        var d = read.Draft;
        Assert.Equal(new[] { "ann@example.com", "Ann", "Lee", "fr" },
            Values(d, CustomerField.Email, CustomerField.FirstName, CustomerField.LastName, CustomerField.Country));
        Assert.Equal(new[] { "P123", "1 Rue X", "123" },
            Values(d, CustomerField.VerificationDocumentId, CustomerField.ResidenceAddress, CustomerField.Itn));
        Assert.Equal(new[] { "+33 6 12 34 56 78", "c-9", "r-1", "vip" },
            Values(d, CustomerField.PhoneNumber, CustomerField.ExternalId, CustomerField.ReferralId, CustomerField.Comment));
        Assert.Equal("ann@example.com", d.Email);
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
            var read = Create(
                P("email", null), P("comment", DBNull.Value), P("itn", 1234567.5m), P("externalId", 42), P("referralId", true),
                P("firstName", " Ann "), P("lastName", new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Unspecified)),
                P("phoneNumber", 3.5));

            var d = read.Draft;
            Assert.Null(d[CustomerField.Email]);
            Assert.Null(d[CustomerField.Comment]);
            Assert.Equal("1234567.5", d[CustomerField.Itn]);
            Assert.Equal("42", d[CustomerField.ExternalId]);
            Assert.Equal("True", d[CustomerField.ReferralId]);
            Assert.Equal(" Ann ", d[CustomerField.FirstName]); // strings as is: trimming is the validator's job
            Assert.Equal("03/01/2024 00:00:00", d[CustomerField.LastName]);
            Assert.Equal("3.5", d[CustomerField.PhoneNumber]);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Values_are_read_raw_control_characters_and_formula_signs_included()
    {
        var read = Create(P("Comment", "line 1\r\nline 2\t\u0007"), P("FirstName", "=1+2"), P("LastName", "-Lee "),
            P("Email", "@x"), P("PhoneNumber", "+ 33"));

        Assert.Equal("line 1\r\nline 2\t\u0007", read.Draft[CustomerField.Comment]);
        Assert.Equal("=1+2", read.Draft[CustomerField.FirstName]);
        Assert.Equal("-Lee ", read.Draft[CustomerField.LastName]);
        Assert.Equal("@x", read.Draft[CustomerField.Email]);
        Assert.Equal("+ 33", read.Draft[CustomerField.PhoneNumber]);
    }

    [Fact]
    public void The_canonical_column_wins_a_conflict_even_when_it_comes_second()
    {
        var read = Create(P("E-mail", "old@example.com"), P("Email", "new@example.com"));

        Assert.Equal("new@example.com", read.Draft.Email);
        var conflict = Assert.Single(read.Conflicts);
        Assert.Equal((CustomerField.Email, "Email", "new@example.com", "E-mail", "old@example.com"),
            (conflict.Field, conflict.UsedColumn, conflict.UsedValue, conflict.IgnoredColumn, conflict.IgnoredValue));
        // No "Row N:" prefix any more: the cmdlet that knows the row adds it.
        Assert.Equal("Columns 'Email' and 'E-mail' both give 'email' with different values " +
                     "('new@example.com' and 'old@example.com'); using 'Email'.", conflict.Message);
        Assert.Equal(conflict.Message, conflict.ToString());
    }

    [Fact]
    public void A_canonical_column_that_comes_first_keeps_its_value()
    {
        var read = Create(P("email", "first@example.com"), P("E-mail", "second@example.com"));

        Assert.Equal("first@example.com", read.Draft.Email);
        var conflict = Assert.Single(read.Conflicts);
        Assert.Equal(("email", "E-mail"), (conflict.UsedColumn, conflict.IgnoredColumn));
    }

    [Fact]
    public void Between_two_aliases_the_first_column_wins()
    {
        var read = Create(P("Phone", "+111111111"), P("Mobile", "+222222222"), P("Telephone", "+333333333"));

        Assert.Equal("+111111111", read.Draft[CustomerField.PhoneNumber]);
        Assert.Equal(new[] { "Mobile", "Telephone" }, read.Conflicts.Select(c => c.IgnoredColumn));
        Assert.All(read.Conflicts, c => Assert.Equal("Phone", c.UsedColumn));
        Assert.All(read.Conflicts, c => Assert.Equal(CustomerField.PhoneNumber, c.Field));
        Assert.StartsWith("Columns 'Phone' and 'Mobile' both give 'phoneNumber'", read.Conflicts[0].Message);
    }

    [Fact]
    public void Equal_or_blank_duplicates_are_no_conflict_and_a_value_beats_a_blank()
    {
        var read = Create(
            P("Email", "a@example.com"), P("E-mail", " a@example.com "),   // same value once trimmed
            P("FirstName", ""), P("First Name", "Ann"),                     // blank canonical column: the value is used
            P("Surname", "Lee"), P("Last Name", "  "), P("LastName", null)); // blanks never replace a value

        Assert.Empty(read.Conflicts);
        Assert.Equal("a@example.com", read.Draft.Email);
        Assert.Equal("Ann", read.Draft[CustomerField.FirstName]);
        Assert.Equal("Lee", read.Draft[CustomerField.LastName]);
        Assert.Empty(read.IgnoredColumns);
    }

    [Fact]
    public void Conflict_messages_escape_control_characters_of_the_values()
    {
        var read = Create(P("Notes", "a\nb"), P("Comment", "c\td"));

        Assert.Equal("c\td", read.Draft[CustomerField.Comment]);
        Assert.Equal("Columns 'Comment' and 'Notes' both give 'comment' with different values ('c\\td' and 'a\\nb'); using 'Comment'.",
            Assert.Single(read.Conflicts).Message);
    }

    [Fact]
    public void Id_and_status_columns_are_ignored_for_a_create()
    {
        var read = Create(P("Id", "c1"), P("Email", "ann@example.com"), P("Status", "Blocked"), P("Wallet Status", "Active"));

        Assert.Null(read.Draft.Id);
        Assert.Null(read.Draft.Status);
        Assert.Equal("ann@example.com", read.Draft.Email);
        Assert.Equal(new[] { "Id", "Status", "Wallet Status" }, read.IgnoredColumns); // no "cannot be updated" note on a create
        Assert.Empty(read.Conflicts);
    }

    [Fact]
    public void Reads_the_id_status_and_fields_as_a_create_matches_them()
    {
        var read = Update(P("Id", "c1"), P("E-mail", "new@example.com"), P("Surname", "Durand"), P("Status", "blocked"), P("Colour", "blue"));

        Assert.Equal("c1", read.Draft.Id);
        Assert.Equal("new@example.com", read.Draft.Email);
        Assert.Equal("Durand", read.Draft[CustomerField.LastName]);
        Assert.Equal("blocked", read.Draft.Status); // canonical case is the validator's job
        Assert.Equal(new[] { "Colour" }, read.IgnoredColumns);
    }

    [Fact]
    public void Customer_ID_stays_the_external_id_and_is_not_taken_for_the_id()
    {
        var read = Update(P("Customer ID", "CRM-1"));
        Assert.Null(read.Draft.Id);
        Assert.Equal("CRM-1", read.Draft[CustomerField.ExternalId]);
    }

    [Fact]
    public void ReferralId_cannot_be_updated_and_is_listed_as_ignored_with_the_reason()
    {
        var read = Update(P("Id", "c1"), P("Referrer", "c0"), P("referralId", "c2"), P("Mood", "good"));

        Assert.Null(read.Draft[CustomerField.ReferralId]);
        Assert.Equal(new[] { "Referrer (referralId cannot be updated)", "referralId (referralId cannot be updated)", "Mood" },
            read.IgnoredColumns);
        Assert.Empty(read.Conflicts);
    }

    [Fact]
    public void Command_line_values_win_over_the_row_without_a_conflict_message()
    {
        var commandLine = new Dictionary<CustomerField, object?>
        {
            [CustomerField.Comment] = "from parameter",
            [CustomerField.Status] = "Blocked",
        };
        var read = CustomerRowReader.Read(new[] { P("id", "c1"), P("Notes", "from row"), P("Comment", "also from row"), P("status", "Active") },
            CustomerWrite.Update, commandLine);

        Assert.Equal("c1", read.Draft.Id);
        Assert.Equal("from parameter", read.Draft[CustomerField.Comment]);
        Assert.Equal("Blocked", read.Draft.Status);
        Assert.Empty(read.Conflicts);
        Assert.Empty(read.IgnoredColumns); // the row's columns name fields; they are overridden, not unknown
    }

    [Fact]
    public void Command_line_values_win_for_a_create_and_fill_fields_the_row_lacks()
    {
        var commandLine = new Dictionary<CustomerField, object?>
        {
            [CustomerField.Country] = "DE",
            [CustomerField.Itn] = 12345,
        };
        var read = CustomerRowReader.Read(new[] { P("Email", "ann@example.com"), P("Country Code", "FR"), P("country", "ES"), P("Referrer", "r-1") },
            CustomerWrite.Create, commandLine);

        Assert.Equal("DE", read.Draft[CustomerField.Country]);
        Assert.Equal("12345", read.Draft[CustomerField.Itn]);
        Assert.Equal("r-1", read.Draft[CustomerField.ReferralId]); // fields not given on the command line still come from the row
        Assert.Equal("ann@example.com", read.Draft.Email);
        Assert.Empty(read.Conflicts);
    }

    [Fact]
    public void Command_line_alone_makes_a_row()
    {
        var commandLine = new Dictionary<CustomerField, object?> { [CustomerField.Id] = "c9", [CustomerField.Email] = "x@example.com" };
        var read = CustomerRowReader.Read(Array.Empty<KeyValuePair<string, object?>>(), CustomerWrite.Update, commandLine);

        Assert.Equal(("c9", "x@example.com"), (read.Draft.Id, read.Draft.Email));
        Assert.Empty(read.IgnoredColumns);
        Assert.Empty(read.Conflicts);
    }

    [Fact]
    public void Blank_id_and_status_are_blank_and_the_validator_asks_for_the_id()
    {
        var read = Update(P("Id", "  "), P("Status", ""), P("Email", "x@example.com"));

        Assert.True(string.IsNullOrWhiteSpace(read.Draft.Id));
        Assert.True(string.IsNullOrEmpty(read.Draft.Status));
        var validation = CustomerValidator.Validate(read.Draft, CustomerWrite.Update);
        Assert.False(validation.IsValid);
        var problem = Assert.Single(validation.Problems);
        Assert.Equal((CustomerErrorIds.MissingRequiredField, CustomerField.Id), (problem.ErrorId, problem.Field));
        Assert.Equal("'id' is required but is missing or blank.", problem.Message);
    }

    [Fact]
    public void A_null_or_empty_column_name_is_ignored()
    {
        var read = Create(P(null!, "x"), P("", "y"), P("Email", "a@example.com"));

        Assert.Equal(new[] { "", "" }, read.IgnoredColumns);
        Assert.Equal("a@example.com", read.Draft.Email);
    }

    [Fact]
    public void Reading_is_independent_per_row_across_threads()
    {
        var failures = 0;
        Parallel.For(0, 5_000, i =>
        {
            var write = i % 2 == 0 ? CustomerWrite.Create : CustomerWrite.Update;
            var read = CustomerRowReader.Read(new[]
            {
                P("Id", $"id{i}"), P("E-mail", $"u{i}@example.com"), P("Email", $"v{i}@example.com"), P("Referrer", $"r{i}"), P($"Extra {i % 7}", i),
            }, write);
            var ok = read.Draft.Email == $"v{i}@example.com"
                     && read.Draft.Id == (write == CustomerWrite.Update ? $"id{i}" : null)
                     && read.Draft[CustomerField.ReferralId] == (write == CustomerWrite.Create ? $"r{i}" : null)
                     && read.Conflicts.Count == 1 && read.Conflicts[0].IgnoredValue == $"u{i}@example.com"
                     && read.IgnoredColumns.SequenceEqual(write == CustomerWrite.Create
                         ? new[] { "Id", $"Extra {i % 7}" }
                         : new[] { "Referrer (referralId cannot be updated)", $"Extra {i % 7}" });
            if (!ok)
                Interlocked.Increment(ref failures);
        });
        Assert.Equal(0, failures);
    }
}
