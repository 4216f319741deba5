using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class CustomerFieldMapTests
{
    public static TheoryData<string, CustomerField> Spellings => new()
    {
        { "email", CustomerField.Email }, { "Email", CustomerField.Email }, { "E-mail", CustomerField.Email },
        { "Email Address", CustomerField.Email }, { "EMAIL_ADDRESS", CustomerField.Email }, { "Mail", CustomerField.Email },
        { "e.mail", CustomerField.Email }, { " Email ", CustomerField.Email }, { "\uFEFFEmail", CustomerField.Email },
        { "First Name", CustomerField.FirstName }, { "first_name", CustomerField.FirstName }, { "FIRSTNAME", CustomerField.FirstName },
        { "Given Name", CustomerField.FirstName }, { "Forename", CustomerField.FirstName },
        { "Last Name", CustomerField.LastName }, { "Surname", CustomerField.LastName }, { "Family Name", CustomerField.LastName },
        { "Phone", CustomerField.PhoneNumber }, { "Phone Number", CustomerField.PhoneNumber }, { "phone.number", CustomerField.PhoneNumber },
        { "Mobile", CustomerField.PhoneNumber }, { "Mobile Phone", CustomerField.PhoneNumber }, { "Telephone", CustomerField.PhoneNumber },
        { "Country Code", CustomerField.Country }, { "country-code", CustomerField.Country }, { "Country", CustomerField.Country },
        { "Document ID", CustomerField.VerificationDocumentId }, { "Passport", CustomerField.VerificationDocumentId },
        { "Passport Number", CustomerField.VerificationDocumentId }, { "ID Document", CustomerField.VerificationDocumentId },
        { "Verification Document", CustomerField.VerificationDocumentId }, { "verification_document_id", CustomerField.VerificationDocumentId },
        { "Address", CustomerField.ResidenceAddress }, { "Residence Address", CustomerField.ResidenceAddress },
        { "Home Address", CustomerField.ResidenceAddress },
        { "Tax ID", CustomerField.Itn }, { "TIN", CustomerField.Itn }, { "ITN", CustomerField.Itn }, { "Taxpayer Number", CustomerField.Itn },
        { "External ID", CustomerField.ExternalId }, { "Customer ID", CustomerField.ExternalId }, { "CRM ID", CustomerField.ExternalId },
        { "Referral ID", CustomerField.ReferralId }, { "Referrer", CustomerField.ReferralId },
        { "Notes", CustomerField.Comment }, { "Note", CustomerField.Comment }, { "Comment", CustomerField.Comment },
        { "Remarks", CustomerField.Comment },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Resolves_the_spellings_people_export(string column, CustomerField expected)
    {
        Assert.True(CustomerFieldMap.TryResolve(column, out var field));
        Assert.Equal(expected, field);
        Assert.Equal(expected, CustomerFieldMap.Resolve(column));
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("Id")]
    [InlineData("Status")]
    [InlineData("Emails")]
    [InlineData("")]
    [InlineData(" - ")]
    [InlineData(null)]
    public void Names_that_are_no_field_do_not_resolve(string? column)
    {
        Assert.False(CustomerFieldMap.TryResolve(column, out _));
        Assert.Null(CustomerFieldMap.Resolve(column));
    }

    [Theory]
    [InlineData(CustomerField.Email, "email", "Email")]
    [InlineData(CustomerField.PhoneNumber, "phoneNumber", "PhoneNumber")]
    [InlineData(CustomerField.VerificationDocumentId, "verificationDocumentId", "VerificationDocumentId")]
    [InlineData(CustomerField.ResidenceAddress, "residenceAddress", "ResidenceAddress")]
    [InlineData(CustomerField.Itn, "itn", "Itn")]
    public void Gives_the_api_and_parameter_names(CustomerField field, string api, string parameter)
    {
        Assert.Equal(api, CustomerFieldMap.ApiName(field));
        Assert.Equal(parameter, CustomerFieldMap.ParameterName(field));
    }

    [Fact]
    public void Knows_eleven_fields_and_every_listed_alias_resolves_back_to_its_own_field()
    {
        Assert.Equal(11, CustomerFieldMap.All.Count);
        foreach (var field in CustomerFieldMap.All)
        {
            Assert.Equal(field, CustomerFieldMap.Resolve(CustomerFieldMap.ApiName(field)));
            Assert.Equal(field, CustomerFieldMap.Resolve(CustomerFieldMap.ParameterName(field)));
            Assert.NotEmpty(CustomerFieldMap.AliasesOf(field));
            Assert.All(CustomerFieldMap.AliasesOf(field), alias => Assert.Equal(field, CustomerFieldMap.Resolve(alias)));
        }
        Assert.Contains("Surname", CustomerFieldMap.AliasesOf(CustomerField.LastName));
        Assert.Contains("E-mail", CustomerFieldMap.AliasesOf(CustomerField.Email));
    }

    [Theory]
    [InlineData("email", CustomerField.Email, true)]
    [InlineData("EMAIL", CustomerField.Email, true)]
    [InlineData("FirstName", CustomerField.FirstName, true)]
    [InlineData("E-mail", CustomerField.Email, false)]
    [InlineData("first_name", CustomerField.FirstName, false)]
    [InlineData("Email", CustomerField.FirstName, false)]
    public void Only_the_field_own_name_counts_as_canonical(string column, CustomerField field, bool expected) =>
        Assert.Equal(expected, CustomerFieldMap.IsCanonicalName(column, field));
}
