using System.Reflection;
using System.Text.Json;
using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class CustomerSchemaTests
{
    private static CustomerField F(string name) => Enum.Parse<CustomerField>(name);

    // Column spellings as they appear in real exports → the field (by name: the enum is internal).
    public static TheoryData<string, string> Spellings => new()
    {
        { "email", "Email" }, { "Email", "Email" }, { "E-mail", "Email" },
        { "Email Address", "Email" }, { "EMAIL_ADDRESS", "Email" }, { "Mail", "Email" },
        { "e.mail", "Email" }, { " Email ", "Email" }, { "\uFEFFEmail", "Email" },
        { "First Name", "FirstName" }, { "first_name", "FirstName" }, { "FIRSTNAME", "FirstName" },
        { "Given Name", "FirstName" }, { "Forename", "FirstName" },
        { "Last Name", "LastName" }, { "Surname", "LastName" }, { "Family Name", "LastName" },
        { "Phone", "PhoneNumber" }, { "Phone Number", "PhoneNumber" }, { "phone.number", "PhoneNumber" },
        { "Mobile", "PhoneNumber" }, { "Mobile Phone", "PhoneNumber" }, { "Telephone", "PhoneNumber" },
        { "Country Code", "Country" }, { "country-code", "Country" }, { "Country", "Country" },
        { "Document ID", "VerificationDocumentId" }, { "Passport", "VerificationDocumentId" },
        { "Passport Number", "VerificationDocumentId" }, { "ID Document", "VerificationDocumentId" },
        { "Verification Document", "VerificationDocumentId" }, { "verification_document_id", "VerificationDocumentId" },
        { "Address", "ResidenceAddress" }, { "Residence Address", "ResidenceAddress" },
        { "Home Address", "ResidenceAddress" },
        { "Tax ID", "Itn" }, { "TIN", "Itn" }, { "ITN", "Itn" }, { "Taxpayer Number", "Itn" },
        { "External ID", "ExternalId" }, { "Customer ID", "ExternalId" }, { "CRM ID", "ExternalId" },
        { "Referral ID", "ReferralId" }, { "Referrer", "ReferralId" },
        { "Notes", "Comment" }, { "Note", "Comment" }, { "Comment", "Comment" },
        { "Remarks", "Comment" },
        // New in the one schema: the update key and the status are fields too.
        { "Id", "Id" }, { "ID", "Id" }, { "id", "Id" },
        { "Status", "Status" }, { "status", "Status" }, { "Wallet Status", "Status" }, { "customer_status", "Status" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Resolves_the_spellings_people_export(string column, string expected)
    {
        Assert.True(CustomerSchema.TryResolve(column, out var field, out _));
        Assert.Equal(F(expected), field);
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("Emails")]
    [InlineData("Signup Date")]
    [InlineData("WalletId")]
    [InlineData("CreatedAt")]
    [InlineData("")]
    [InlineData(" - ")]
    [InlineData("\uFEFF")]
    [InlineData(null)]
    public void Names_that_are_no_field_do_not_resolve(string? column)
    {
        Assert.False(CustomerSchema.TryResolve(column, out var field, out var canonical));
        Assert.Equal(default, field);
        Assert.False(canonical);
    }

    [Theory]
    [InlineData("Id", "id", "Id")]
    [InlineData("Email", "email", "Email")]
    [InlineData("PhoneNumber", "phoneNumber", "PhoneNumber")]
    [InlineData("VerificationDocumentId", "verificationDocumentId", "VerificationDocumentId")]
    [InlineData("ResidenceAddress", "residenceAddress", "ResidenceAddress")]
    [InlineData("Itn", "itn", "Itn")]
    [InlineData("Status", "status", "Status")]
    public void Gives_the_api_and_parameter_names(string fieldName, string api, string parameter)
    {
        var spec = CustomerSchema.Of(F(fieldName));
        Assert.Equal(F(fieldName), spec.Field);
        Assert.Equal(api, spec.ApiName);
        Assert.Equal(parameter, spec.ParameterName);
    }

    [Theory]
    [InlineData("email", "Email", true)]
    [InlineData("EMAIL", "Email", true)]
    [InlineData(" Email ", "Email", true)]
    [InlineData("\uFEFFEmail", "Email", true)]
    [InlineData("FirstName", "FirstName", true)]
    [InlineData("id", "Id", true)]
    [InlineData("STATUS", "Status", true)]
    [InlineData("E-mail", "Email", false)]
    [InlineData("e.mail", "Email", false)]
    [InlineData("first_name", "FirstName", false)]
    [InlineData("First Name", "FirstName", false)]
    [InlineData("Surname", "LastName", false)]
    [InlineData("Wallet Status", "Status", false)]
    public void Only_the_field_own_name_counts_as_canonical(string column, string fieldName, bool expected)
    {
        Assert.True(CustomerSchema.TryResolve(column, out var field, out var canonical));
        Assert.Equal(F(fieldName), field);
        Assert.Equal(expected, canonical);
    }

    [Fact]
    public void Another_field_own_name_is_not_canonical_for_this_field()
    {
        // "Email" is canonical, but for Email only: it never resolves to FirstName.
        Assert.True(CustomerSchema.TryResolve("Email", out var field, out var canonical));
        Assert.NotEqual(CustomerField.FirstName, field);
        Assert.True(canonical);
    }

    [Theory]
    [InlineData("Email", "email")]
    [InlineData("E-mail Address", "emailaddress")]
    [InlineData("  first_NAME.x-y ", "firstnamexy")]
    [InlineData("\uFEFFTax\tID", "taxid")]
    [InlineData("ÉTAT", "état")]
    [InlineData("", "")]
    public void Normalize_drops_case_spaces_underscores_hyphens_dots_and_the_bom(string name, string key) =>
        Assert.Equal(key, CustomerSchema.Normalize(name));

    [Fact]
    public void Normalize_handles_names_longer_than_its_stack_buffer()
    {
        var name = string.Concat(Enumerable.Repeat("Ab_", 100));
        Assert.Equal(string.Concat(Enumerable.Repeat("ab", 100)), CustomerSchema.Normalize(name));
        Assert.False(CustomerSchema.TryResolve(name, out _, out _));
    }

    [Fact]
    public void Lists_every_enum_value_once_in_enum_order()
    {
        var fields = CustomerSchema.Fields.Select(s => s.Field).ToArray();
        Assert.Equal(Enum.GetValues<CustomerField>(), fields);
        Assert.Equal(fields.Length, CustomerSchema.Count);
        Assert.Equal(13, CustomerSchema.Count); // id, the eleven fields of a create, status
        foreach (var spec in CustomerSchema.Fields)
            Assert.Same(spec, CustomerSchema.Of(spec.Field));
        Assert.Throws<ArgumentOutOfRangeException>(() => CustomerSchema.Of((CustomerField)CustomerSchema.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => CustomerSchema.Of((CustomerField)(-1)));
    }

    [Fact]
    public void Every_spelling_is_claimed_by_one_field_only_and_resolves_back_to_it()
    {
        var claims = CustomerSchema.Fields
            .SelectMany(spec => spec.ColumnSpellings.Prepend(spec.ParameterName).Prepend(spec.ApiName)
                .Select(spelling => (Key: CustomerSchema.Normalize(spelling), spec.Field, Spelling: spelling)))
            .ToList();

        Assert.All(claims.GroupBy(c => c.Key), group =>
            Assert.True(group.Select(c => c.Field).Distinct().Count() == 1,
                $"'{group.Key}' is claimed by {string.Join(", ", group.Select(c => c.Field).Distinct())}"));

        foreach (var (_, field, spelling) in claims)
        {
            Assert.True(CustomerSchema.TryResolve(spelling, out var resolved, out var canonical), spelling);
            Assert.Equal(field, resolved);
            Assert.Equal(spelling.Equals(CustomerSchema.Of(field).ParameterName, StringComparison.OrdinalIgnoreCase), canonical);
        }
        Assert.NotEmpty(CustomerSchema.Of(CustomerField.LastName).ColumnSpellings);
        Assert.Contains("Surname", CustomerSchema.Of(CustomerField.LastName).ColumnSpellings);
        Assert.Contains("E-mail", CustomerSchema.Of(CustomerField.Email).ColumnSpellings);
    }

    [Fact]
    public void Every_field_of_a_create_has_column_spellings_besides_its_own_name()
    {
        Assert.All(CustomerSchema.For(CustomerWrite.Create), spec => Assert.NotEmpty(spec.ColumnSpellings));
        Assert.All(CustomerSchema.Fields.SelectMany(s => s.ColumnSpellings), spelling => Assert.False(string.IsNullOrWhiteSpace(spelling)));
    }

    [Fact]
    public void Parameter_aliases_are_unique_across_the_cmdlet_parameters()
    {
        // PowerShell refuses a cmdlet whose aliases collide with each other or with a parameter name.
        var names = CustomerSchema.Fields.SelectMany(s => s.ParameterAliases.Prepend(s.ParameterName)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void A_field_parameter_alias_also_works_as_a_column_name()
    {
        foreach (var spec in CustomerSchema.Fields.Where(s => !s.IsUpdateKey))
        {
            foreach (var alias in spec.ParameterAliases)
            {
                Assert.True(CustomerSchema.TryResolve(alias, out var field, out var canonical), alias);
                Assert.Equal(spec.Field, field);
                Assert.False(canonical);
            }
        }
    }

    [Fact]
    public void A_Customer_ID_column_is_the_external_id_not_the_update_key()
    {
        // -Id has the parameter alias CustomerId, but in CRM exports "Customer ID" is the CRM's own id.
        Assert.Contains("CustomerId", CustomerSchema.Of(CustomerField.Id).ParameterAliases);
        foreach (var column in new[] { "Customer ID", "CustomerId", "customer_id" })
        {
            Assert.True(CustomerSchema.TryResolve(column, out var field, out _));
            Assert.Equal(CustomerField.ExternalId, field);
        }
    }

    [Fact]
    public void Id_is_the_update_key_never_sent_by_a_create()
    {
        var id = CustomerSchema.Of(CustomerField.Id);
        Assert.True(id.IsUpdateKey);
        Assert.False(id.OnCreate);
        Assert.False(id.RequiredOnCreate);
        Assert.False(id.Updatable);
        Assert.False(id.AppliesTo(CustomerWrite.Create));
        Assert.True(id.AppliesTo(CustomerWrite.Update));
        Assert.Single(CustomerSchema.Fields, s => s.IsUpdateKey);
    }

    [Fact]
    public void Status_is_set_by_an_update_only_and_has_the_three_statuses()
    {
        var status = CustomerSchema.Of(CustomerField.Status);
        Assert.False(status.OnCreate);
        Assert.True(status.Updatable);
        Assert.False(status.IsUpdateKey);
        Assert.Equal(FieldFormat.Status, status.Format);
        Assert.Equal(new[] { "Active", "Blocked", "Suspicious" }, CustomerSchema.Statuses);
    }

    [Fact]
    public void A_create_carries_the_eleven_api_fields_in_order_and_requires_six()
    {
        var create = CustomerSchema.For(CustomerWrite.Create).ToList();
        Assert.Equal(new[]
        {
            "email", "phoneNumber", "firstName", "lastName", "comment", "externalId", "referralId", "country",
            "verificationDocumentId", "residenceAddress", "itn",
        }, create.Select(s => s.ApiName));
        Assert.DoesNotContain(create, s => s.Field is CustomerField.Id or CustomerField.Status);
        Assert.Equal(new[] { "email", "firstName", "lastName", "country", "verificationDocumentId", "residenceAddress" },
            CustomerSchema.Fields.Where(s => s.RequiredOnCreate).Select(s => s.ApiName));
        Assert.All(CustomerSchema.Fields.Where(s => s.RequiredOnCreate), s => Assert.True(s.OnCreate));
    }

    [Fact]
    public void An_update_carries_the_id_every_updatable_field_and_the_status_but_not_the_referral_id()
    {
        var update = CustomerSchema.For(CustomerWrite.Update).Select(s => s.Field).ToList();
        Assert.Equal(CustomerField.Id, update[0]);
        Assert.Contains(CustomerField.Status, update);
        Assert.DoesNotContain(CustomerField.ReferralId, update);
        Assert.False(CustomerSchema.Of(CustomerField.ReferralId).Updatable);
        Assert.Equal(Enum.GetValues<CustomerField>().Where(f => f != CustomerField.ReferralId), update);
    }

    [Fact]
    public void Only_comment_and_residence_address_are_free_text()
    {
        Assert.Equal(new[] { CustomerField.Comment, CustomerField.ResidenceAddress },
            CustomerSchema.Fields.Where(s => s.FreeText).Select(s => s.Field));
        Assert.Equal(FieldFormat.Email, CustomerSchema.Of(CustomerField.Email).Format);
        Assert.Equal(FieldFormat.Country, CustomerSchema.Of(CustomerField.Country).Format);
        Assert.Equal(FieldFormat.PhoneNumber, CustomerSchema.Of(CustomerField.PhoneNumber).Format);
    }

    [Fact]
    public void Every_field_is_a_string_property_of_the_Customer_model_under_its_parameter_name_and_api_name()
    {
        var properties = typeof(Customer).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (var spec in CustomerSchema.Fields)
        {
            var property = Assert.Single(properties, p => p.Name == spec.ParameterName);
            Assert.Equal(typeof(string), property.PropertyType);
            Assert.True(property.CanRead && property.CanWrite, spec.ParameterName);
            // The model is read with the camel-case naming policy: its JSON name is the field's API name.
            Assert.Equal(spec.ApiName, JsonNamingPolicy.CamelCase.ConvertName(property.Name));
        }
    }

    [Fact]
    public void Resolving_the_same_names_from_many_threads_gives_the_same_answers()
    {
        var columns = new[] { "E-mail", "Email", "Surname", "Tax ID", "Status", "Id", "Unknown", "Customer ID" };
        var expected = columns.Select(c => CustomerSchema.TryResolve(c, out var f, out var k) ? $"{f}/{k}" : "-").ToArray();
        var mismatches = 0;
        Parallel.For(0, 20_000, i =>
        {
            var j = i % columns.Length;
            // Unknown names too, which the cache learns while others read it (a few hundred: the cache is shared).
            var unique = $"Column {i % 300}";
            var answer = CustomerSchema.TryResolve(columns[j], out var f, out var k) ? $"{f}/{k}" : "-";
            if (answer != expected[j] || CustomerSchema.TryResolve(unique, out _, out _))
                Interlocked.Increment(ref mismatches);
        });
        Assert.Equal(0, mismatches);
    }
}
