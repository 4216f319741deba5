using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MerchantApi.Http;

namespace MerchantApi.Tests.Http;

public sealed class ResponseReaderTests
{
    [Theory]
    [InlineData("CUSTOMER_ALREADY_EXISTS", "CustomerAlreadyExists")]
    [InlineData("REFRESH_TOKEN_EXPIRED", "RefreshTokenExpired")]
    [InlineData("NOT_FOUND", "NotFound")]
    [InlineData("VALIDATION_ERROR", "ValidationError")]
    public void Provider_codes_become_PascalCase_error_ids(string code, string errorId) =>
        Assert.Equal(errorId, ResponseReader.ErrorIdOf(code));

    [Fact]
    public void Error_messages_may_be_strings_or_the_expired_token_object()
    {
        var body = """{"errors":[{"code":"UNAUTHORIZED","message":{"name":"TokenExpiredError","message":"jwt expired","expiredAt":"2024-02-09T19:23:17.000Z"}},{"code":"X","message":"plain"}]}""";
        var errors = ResponseReader.ParseErrors(Encoding.UTF8.GetBytes(body));
        Assert.Equal(new ApiError("UNAUTHORIZED", "jwt expired", "TokenExpiredError"), errors[0]);
        Assert.Equal(new ApiError("X", "plain"), errors[1]);
    }

    [Fact]
    public void Retry_after_as_a_date_is_read_against_the_servers_own_clock()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        var serverNow = DateTimeOffset.UtcNow.AddMinutes(-10); // a server whose clock is 10 minutes behind
        response.Headers.Date = serverNow;
        response.Headers.RetryAfter = new RetryConditionHeaderValue(serverNow.AddSeconds(3));
        var wait = RetryHandler.RetryAfter(response);
        Assert.InRange(wait!.Value.TotalSeconds, 2.9, 3.1);
    }

    [Fact]
    public void Retry_after_in_seconds()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(2), RetryHandler.RetryAfter(response));
    }
}
