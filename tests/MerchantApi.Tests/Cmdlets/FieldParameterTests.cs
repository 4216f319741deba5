using System.Management.Automation;
using System.Reflection;
using MerchantApi.Commands;
using MerchantApi.Customers;

namespace MerchantApi.Tests.Cmdlets;

/// <summary>The cmdlets' customer-field parameters are declared as attributes, so they are checked against the schema.</summary>
public sealed class FieldParameterTests
{
    private static readonly HashSet<string> SchemaParameterNames = CustomerSchema.Fields.Select(f => f.ParameterName).ToHashSet();

    private static Dictionary<string, PropertyInfo> FieldParameters(Type cmdlet) =>
        cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttributes<ParameterAttribute>().Any() && SchemaParameterNames.Contains(p.Name))
            .ToDictionary(p => p.Name);

    private static IEnumerable<string> AliasesOf(PropertyInfo parameter) =>
        parameter.GetCustomAttribute<AliasAttribute>()?.AliasNames ?? Array.Empty<string>();

    private static void AssertMatchesSchema(Type cmdlet, CustomerWrite write)
    {
        var parameters = FieldParameters(cmdlet);
        var expected = CustomerSchema.For(write).ToList();
        Assert.Equal(expected.Select(f => f.ParameterName).Order(), parameters.Keys.Order());
        foreach (var spec in expected)
        {
            var parameter = parameters[spec.ParameterName];
            Assert.True(spec.ParameterAliases.Order().SequenceEqual(AliasesOf(parameter).Order()),
                $"{cmdlet.Name} -{spec.ParameterName} has aliases [{string.Join(", ", AliasesOf(parameter))}]; the schema says [{string.Join(", ", spec.ParameterAliases)}].");
        }
    }

    [Fact]
    public void New_MerchantCustomer_has_a_parameter_for_every_create_field_with_the_schema_aliases() =>
        AssertMatchesSchema(typeof(NewMerchantCustomerCommand), CustomerWrite.Create);

    [Fact]
    public void Set_MerchantCustomer_has_a_parameter_for_every_updatable_field_and_the_id_with_the_schema_aliases() =>
        AssertMatchesSchema(typeof(SetMerchantCustomerCommand), CustomerWrite.Update);

    [Fact]
    public void Set_MerchantCustomer_status_values_are_the_schema_statuses()
    {
        var status = typeof(SetMerchantCustomerCommand).GetProperty(nameof(SetMerchantCustomerCommand.Status))!;
        Assert.Equal(CustomerSchema.Statuses, status.GetCustomAttribute<ValidateSetAttribute>()!.ValidValues);
    }

    [Fact]
    public void Get_MerchantCustomer_filters_that_are_customer_fields_have_the_schema_aliases()
    {
        var parameters = FieldParameters(typeof(GetMerchantCustomerCommand));
        Assert.NotEmpty(parameters);
        foreach (var (name, parameter) in parameters)
        {
            var spec = CustomerSchema.Fields.Single(f => f.ParameterName == name);
            Assert.True(spec.ParameterAliases.Order().SequenceEqual(AliasesOf(parameter).Order()),
                $"Get-MerchantCustomer -{name} has aliases [{string.Join(", ", AliasesOf(parameter))}]; the schema says [{string.Join(", ", spec.ParameterAliases)}].");
        }
    }

    [Fact]
    public void Every_parameter_alias_also_resolves_as_a_column_to_its_field_or_is_the_update_key()
    {
        // A value bound as -Alias must mean the same as a column of that name in a file.
        foreach (var spec in CustomerSchema.Fields.Where(f => !f.IsUpdateKey))
        {
            foreach (var alias in spec.ParameterAliases)
            {
                Assert.True(CustomerSchema.TryResolve(alias, out var field, out _) && field == spec.Field,
                    $"The alias '{alias}' of -{spec.ParameterName} does not resolve to {spec.Field} as a column.");
            }
        }
    }
}
