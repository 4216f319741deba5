using MerchantApi.Customers;

namespace MerchantApi.Tests.Customers;

public sealed class CustomerFilterTests
{
    [Fact]
    public void Text_filters_holding_a_star_or_question_mark_are_reported_by_name_as_sent()
    {
        var filter = new CustomerFilter
        {
            Email = " *@example.fr ", FullName = "Alex Smith", Comment = "vip?", ExternalId = "CRM-1", WalletId = "w*", PhoneNumber = "+33?",
            ReferralId = "r", CreatedFrom = DateTimeOffset.UnixEpoch,
        };
        Assert.Equal(new[] { ("Email", "*@example.fr"), ("WalletId", "w*"), ("PhoneNumber", "+33?"), ("Comment", "vip?") }, filter.WithWildcards());
    }

    [Fact]
    public void Filters_without_wildcards_report_none()
    {
        Assert.Empty(new CustomerFilter().WithWildcards());
        Assert.Empty(new CustomerFilter { Email = "a.b@example.fr", FullName = "[Alex] Smith", Comment = "100%" }.WithWildcards());
    }
}
