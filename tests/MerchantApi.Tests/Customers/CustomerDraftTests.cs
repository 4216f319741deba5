using System.Text.Json;
using MerchantApi.Customers;
using MerchantApi.Http;

namespace MerchantApi.Tests.Customers;

public sealed class CustomerDraftTests
{
    private static string Json(CustomerDraft draft) => JsonSerializer.Serialize(draft, MerchantJson.Default.CustomerDraft);

    private static List<(string Name, JsonValueKind Kind, string? Value)> Properties(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind, p.Value.GetString())).ToList();
    }

    [Fact]
    public void Holds_one_value_per_field_by_indexer()
    {
        var draft = new CustomerDraft();
        foreach (var spec in CustomerSchema.Fields)
            draft[spec.Field] = "v-" + spec.ApiName;

        foreach (var spec in CustomerSchema.Fields)
            Assert.Equal("v-" + spec.ApiName, draft[spec.Field]);
        Assert.Equal(("v-id", "v-email", "v-status"), (draft.Id, draft.Email, draft.Status));
        Assert.Equal(CustomerSchema.Fields.Select(s => s.Field), draft.Values().Select(v => v.Spec.Field));

        draft[CustomerField.Email] = null;
        Assert.Null(draft.Email);
        Assert.DoesNotContain(draft.Values(), v => v.Spec.Field == CustomerField.Email);
        Assert.Throws<ArgumentOutOfRangeException>(() => draft[(CustomerField)CustomerSchema.Count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => draft[(CustomerField)(-1)] = "x");
    }

    [Fact]
    public void A_new_draft_has_no_values_and_serialises_to_an_empty_object()
    {
        var draft = new CustomerDraft();
        Assert.Empty(draft.Values());
        Assert.All(CustomerSchema.Fields, spec => Assert.Null(draft[spec.Field]));
        Assert.Empty(Properties(Json(draft)));
    }

    [Fact]
    public void Serialises_to_the_api_json_by_the_schema_names_leaving_out_absent_values()
    {
        var draft = new CustomerDraft
        {
            [CustomerField.ResidenceAddress] = "1 Rue de Rivoli\r\n75001 Paris",
            [CustomerField.Email] = "ann@example.com",
            [CustomerField.VerificationDocumentId] = "P1",
            [CustomerField.PhoneNumber] = "+33612345678",
            [CustomerField.Comment] = "=1+1 <b>\"quoted\"</b>\ttab ünïcödé \U0001F600",
            [CustomerField.Itn] = "",
        };

        var properties = Properties(Json(draft));

        // Schema order, API names, the values exactly, and nothing for the fields left null.
        Assert.Equal(new (string, JsonValueKind, string?)[]
        {
            ("email", JsonValueKind.String, "ann@example.com"),
            ("phoneNumber", JsonValueKind.String, "+33612345678"),
            ("comment", JsonValueKind.String, "=1+1 <b>\"quoted\"</b>\ttab ünïcödé \U0001F600"),
            ("verificationDocumentId", JsonValueKind.String, "P1"),
            ("residenceAddress", JsonValueKind.String, "1 Rue de Rivoli\r\n75001 Paris"),
            ("itn", JsonValueKind.String, ""),
        }, properties);
    }

    [Fact]
    public void Every_field_is_written_under_its_api_name_in_schema_order()
    {
        var draft = new CustomerDraft();
        foreach (var spec in CustomerSchema.Fields)
            draft[spec.Field] = spec.ParameterName.ToUpperInvariant();

        var properties = Properties(Json(draft));

        Assert.Equal(CustomerSchema.Fields.Select(s => s.ApiName), properties.Select(p => p.Name));
        Assert.Equal(CustomerSchema.Fields.Select(s => s.ParameterName.ToUpperInvariant()), properties.Select(p => p.Value));
        Assert.Contains("verificationDocumentId", properties.Select(p => p.Name));
        Assert.Contains("id", properties.Select(p => p.Name));
    }

    [Fact]
    public void A_validated_update_sends_the_id_the_status_and_only_the_fields_given()
    {
        var row = CustomerRowReader.Read(new KeyValuePair<string, object?>[]
        {
            new("Id", " c1 "), new("Status", "blocked"), new("Surname", "Durand"), new("First Name", " "), new("Referrer", "r-1"),
            new("Notes", "two\nlines"),
        }, CustomerWrite.Update);
        var validation = CustomerValidator.Validate(row.Draft, CustomerWrite.Update);
        Assert.True(validation.IsValid, string.Join(" | ", validation.Problems.Select(p => p.Message)));

        Assert.Equal(new (string, JsonValueKind, string?)[]
        {
            ("id", JsonValueKind.String, "c1"),
            ("lastName", JsonValueKind.String, "Durand"),
            ("comment", JsonValueKind.String, "two\nlines"),
            ("status", JsonValueKind.String, "Blocked"),
        }, Properties(Json(validation.Draft!)));
    }

    [Fact]
    public void A_validated_create_sends_no_id_status_or_blank_fields()
    {
        var draft = new CustomerDraft
        {
            [CustomerField.Id] = "c1",
            [CustomerField.Status] = "Active",
            [CustomerField.Email] = "Ann@Example.COM",
            [CustomerField.FirstName] = "Ann",
            [CustomerField.LastName] = "Lee",
            [CustomerField.Country] = "fr",
            [CustomerField.VerificationDocumentId] = "P1",
            [CustomerField.ResidenceAddress] = "1 Main St",
            [CustomerField.Comment] = "   ",
            [CustomerField.PhoneNumber] = "0044 20 7946 0958",
        };
        var validation = CustomerValidator.Validate(draft, CustomerWrite.Create);
        Assert.True(validation.IsValid, string.Join(" | ", validation.Problems.Select(p => p.Message)));

        var properties = Properties(Json(validation.Draft!));

        Assert.Equal(new[] { "email", "phoneNumber", "firstName", "lastName", "country", "verificationDocumentId", "residenceAddress" },
            properties.Select(p => p.Name));
        Assert.Equal(new[] { "Ann@example.com", "+442079460958", "Ann", "Lee", "FR", "P1", "1 Main St" }, properties.Select(p => p.Value));
    }

    [Fact]
    public void A_draft_is_only_ever_sent_never_read() =>
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Deserialize("{\"email\":\"a@example.com\"}", MerchantJson.Default.CustomerDraft));
}
