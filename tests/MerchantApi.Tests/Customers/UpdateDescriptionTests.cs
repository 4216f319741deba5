using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

/// <summary>What Set-MerchantCustomer's confirmation, -WhatIf and errors say about an update.</summary>
public sealed class UpdateDescriptionTests
{
    private const string Id = "4a1da263-1eb7-4a4d-b36a-dfae6662deba";

    private static CustomerDraft Draft(params (CustomerField Field, string Value)[] values)
    {
        var draft = new CustomerDraft { [CustomerField.Id] = Id };
        foreach (var (field, value) in values)
            draft[field] = value;
        return draft;
    }

    [Fact]
    public void The_values_are_named_by_their_api_names_quoted_with_the_status_bare()
    {
        var draft = Draft((CustomerField.Status, "Blocked"), (CustomerField.Comment, "it's x"));
        Assert.Equal("comment = 'it's x', status = Blocked", UpdateDescription.Values(draft));
    }

    [Fact]
    public void Control_characters_are_escaped_and_long_values_shortened()
    {
        var draft = Draft((CustomerField.ResidenceAddress, "5 Rue A\r\n75007 Paris"), (CustomerField.Comment, new string('x', 100)));
        Assert.Equal($"comment = '{new string('x', ValueText.MaxShown)}...', residenceAddress = '5 Rue A\\r\\n75007 Paris'",
            UpdateDescription.Values(draft));
    }

    [Fact]
    public void Only_the_id_is_nothing_to_change()
    {
        Assert.False(UpdateDescription.HasChanges(Draft()));
        Assert.Equal("", UpdateDescription.Values(Draft()));
        Assert.True(UpdateDescription.HasChanges(Draft((CustomerField.Status, "Active"))));
    }

    [Fact]
    public void A_customer_object_is_named_by_name_email_and_id()
    {
        var customer = new Customer { Id = Id, Email = "alex.smith@example.com", FirstName = "Alex", LastName = "Smith" };
        Assert.Equal($"customer Alex Smith <alex.smith@example.com> (id {Id})", UpdateDescription.Subject(customer, Id, 1));

        var nameless = new Customer { Id = Id, Email = "alex.smith@example.com" };
        Assert.Equal($"customer <alex.smith@example.com> (id {Id})", UpdateDescription.Subject(nameless, Id, 1));

        var broken = new Customer { Id = Id, Email = "a\nb@example.com", FirstName = "Al\u0007ex" };
        Assert.Equal($"customer Al\\u0007ex <a\\nb@example.com> (id {Id})", UpdateDescription.Subject(broken, Id, 1));
    }

    [Fact]
    public void An_id_is_named_by_itself_and_a_row_by_its_id_and_row_number_not_by_its_new_email()
    {
        Assert.Equal($"customer {Id}", UpdateDescription.Subject(Id, Id, 4));
        var row = new Dictionary<string, object?> { ["Id"] = Id, ["Email"] = "new.address@example.com" };
        Assert.Equal($"customer {Id} (row 4)", UpdateDescription.Subject(row, Id, 4));
    }
}
