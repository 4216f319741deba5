using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

/// <summary>What the engine gives the cmdlets so that a first hour's mistakes are said in the user's words.</summary>
public sealed class FirstHourEngineTests
{
    private static KeyValuePair<string, object?> P(string name, object? value) => new(name, value);

    private static CustomerDraft ValidCreate() => new()
    {
        [CustomerField.Email] = "ann@example.com",
        [CustomerField.FirstName] = "Ann",
        [CustomerField.LastName] = "Lee",
        [CustomerField.Country] = "FR",
        [CustomerField.VerificationDocumentId] = "P1",
        [CustomerField.ResidenceAddress] = "1 Main St",
    };

    [Fact]
    public void Messages_name_fields_as_the_caller_labels_them()
    {
        var draft = ValidCreate();
        draft[CustomerField.Country] = "Narnia";
        draft[CustomerField.VerificationDocumentId] = null;

        var result = CustomerValidator.Validate(draft, CustomerWrite.Create, spec => $"<{spec.ParameterName}>");

        Assert.Equal(new[] { "<VerificationDocumentId> is required but is missing or blank." },
            result.Problems.Where(p => p.Field == CustomerField.VerificationDocumentId).Select(p => p.Message));
        Assert.StartsWith("<Country> value 'Narnia' is not an ISO 3166-1 alpha-2 code",
            result.Problems.Single(p => p.Field == CustomerField.Country).Message);
    }

    [Fact]
    public void Without_a_label_messages_name_the_api_field()
    {
        var draft = ValidCreate();
        draft[CustomerField.Email] = "no-at";

        var problem = Assert.Single(CustomerValidator.Validate(draft, CustomerWrite.Create).Problems);

        Assert.StartsWith("'email' value 'no-at' is not a valid email address", problem.Message);
    }

    [Theory]
    [InlineData("FirstName")]
    [InlineData("Comment")]
    [InlineData("ResidenceAddress")]
    public void Text_holding_the_replacement_character_is_misdecoded_in_any_field(string fieldName)
    {
        var field = Enum.Parse<CustomerField>(fieldName);
        var draft = ValidCreate();
        draft[field] = "Luc\uFFFDa";

        var problem = Assert.Single(CustomerValidator.Validate(draft, CustomerWrite.Create).Problems);

        Assert.Equal(CustomerErrorIds.MisdecodedText, problem.ErrorId);
        Assert.Equal(field, problem.Field);
        Assert.Contains("U+FFFD", problem.Message);
    }

    [Fact]
    public void A_row_remembers_which_column_gave_each_field()
    {
        var read = CustomerRowReader.Read(new[] { P("Passport Number", "P1"), P("E-mail", "a@b.co"), P("Shoe Size", "42") },
            CustomerWrite.Create, new Dictionary<CustomerField, object?> { [CustomerField.Country] = "FR" });

        Assert.Equal("Passport Number", read.ColumnOf(CustomerField.VerificationDocumentId));
        Assert.Equal("E-mail", read.ColumnOf(CustomerField.Email));
        Assert.Null(read.ColumnOf(CustomerField.Country)); // from the command line
        Assert.Null(read.ColumnOf(CustomerField.FirstName)); // not given
        Assert.False(read.NoColumnMatched);
    }

    [Fact]
    public void A_row_whose_columns_name_no_field_says_so()
    {
        var read = CustomerRowReader.Read(new[] { P("E-mail;First Name;Last Name", "a@b.co;Ann;Lee") }, CustomerWrite.Create);

        Assert.True(read.NoColumnMatched);
        Assert.False(CustomerRowReader.Read(Array.Empty<KeyValuePair<string, object?>>(), CustomerWrite.Create).NoColumnMatched);
    }

    [Fact]
    public void Differences_list_the_fields_a_create_would_set_otherwise_than_stored()
    {
        var stored = new Customer
        {
            Email = "ANN@example.com", FirstName = "Ann", LastName = "Lee", Country = "DE", VerificationDocumentId = "P1",
            ResidenceAddress = "1 Main St", Comment = "vip",
        };
        var draft = ValidCreate(); // country FR, no comment

        Assert.Equal(new[] { "country" }, CustomerSchema.Differences(draft, stored));
        draft[CustomerField.Country] = "DE";
        Assert.Empty(CustomerSchema.Differences(draft, stored)); // email without case; absent fields are not compared
    }
}
