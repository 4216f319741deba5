using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MerchantApi.Sandbox.Tests.Infrastructure;

namespace MerchantApi.Sandbox.Tests;

/// <summary>CONTRACT.md "Customers": create, details, update, provider status, routing.</summary>
public sealed partial class CustomerTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly string[] CustomerFieldOrder =
    [
        "id", "walletId", "status", "email", "phoneNumber", "firstName", "lastName", "comment", "externalId", "referralId",
        "country", "verificationDocumentId", "residenceAddress", "itn", "createdAt", "updatedAt",
    ];

    private readonly TestSandbox _sandbox = fixture.Sandbox;

    [Fact]
    public async Task Create_echoes_every_field_in_order_with_ids_status_and_timestamps()
    {
        var body = CustomerBodies.Full();
        var before = DateTimeOffset.UtcNow;

        var response = await _sandbox.CreateAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var customer = response.Data;
        Assert.Equal(CustomerFieldOrder, customer.EnumerateObject().Select(p => p.Name));
        foreach (var (name, value) in body)
        {
            Assert.Equal(value, customer.GetProperty(name).GetString());
        }

        Assert.True(Guid.TryParseExact(customer.GetProperty("id").GetString(), "D", out var id));
        Assert.True(Guid.TryParseExact(customer.GetProperty("walletId").GetString(), "D", out var walletId));
        Assert.NotEqual(id, walletId);
        Assert.Equal("Active", customer.GetProperty("status").GetString());
        var createdAt = customer.GetProperty("createdAt").GetString()!;
        Assert.Matches(Timestamp(), createdAt);
        Assert.Equal(createdAt, customer.GetProperty("updatedAt").GetString());
        var parsed = DateTimeOffset.Parse(createdAt, CultureInfo.InvariantCulture);
        Assert.InRange(parsed, before.AddSeconds(-2), DateTimeOffset.UtcNow.AddSeconds(2));
    }

    [Fact]
    public async Task Create_writes_absent_optional_fields_as_null_and_ignores_unknown_fields()
    {
        var body = CustomerBodies.Valid();
        body["favouriteColour"] = "green";
        body["nested"] = new { a = 1 };

        var response = await _sandbox.CreateAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(CustomerFieldOrder, response.Data.EnumerateObject().Select(p => p.Name));
        foreach (var name in new[] { "phoneNumber", "comment", "externalId", "referralId", "itn" })
        {
            Assert.Equal(JsonValueKind.Null, response.Data.GetProperty(name).ValueKind);
            Assert.Contains($"\"{name}\":null", response.Body);
        }
    }

    [Fact]
    public async Task Create_keeps_non_ascii_text_as_sent()
    {
        var response = await _sandbox.CreateAsync(new Dictionary<string, object?>(CustomerBodies.Valid())
        {
            ["firstName"] = "Олександр",
            ["lastName"] = "Ñúñez",
            ["comment"] = "quote \" and backslash \\",
        });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Олександр", response.Data.GetProperty("firstName").GetString());
        Assert.Equal("Ñúñez", response.Data.GetProperty("lastName").GetString());
        Assert.Equal("quote \" and backslash \\", response.Data.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Duplicate_email_is_409_naming_the_existing_customer_whatever_the_case()
    {
        var email = CustomerBodies.UniqueEmail("dup");
        var first = await _sandbox.CreateOkAsync(b => b["email"] = email);

        var again = await _sandbox.CreateAsync(CustomerBodies.Valid(email.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("CUSTOMER_ALREADY_EXISTS", again.ErrorCode);
        Assert.Equal($"Customer with email {email.ToUpperInvariant()} already exists (id {first.GetProperty("id").GetString()})", again.ErrorMessage);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("firstName")]
    [InlineData("lastName")]
    [InlineData("country")]
    [InlineData("verificationDocumentId")]
    [InlineData("residenceAddress")]
    public async Task A_missing_blank_or_null_required_field_is_400_naming_it(string field)
    {
        foreach (var value in new object?[] { "<absent>", "", "   ", null })
        {
            var body = CustomerBodies.Valid();
            if (value is "<absent>")
            {
                body.Remove(field);
            }
            else
            {
                body[field] = value;
            }

            var response = await _sandbox.CreateAsync(body);

            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal($$"""{"errors":[{"code":"VALIDATION_ERROR","message":"{{field}} is required"}]}""", response.Body);
        }
    }

    [Theory]
    [InlineData("country", "fr", "country must be an ISO 3166-1 alpha-2 code")]
    [InlineData("country", "FRA", "country must be an ISO 3166-1 alpha-2 code")]
    [InlineData("country", "XX", "country must be an ISO 3166-1 alpha-2 code")]
    [InlineData("email", "not-an-email", "email must be a valid email address")]
    [InlineData("phoneNumber", "0991234567", "phoneNumber must be in E.164 format, e.g. +380991234567")]
    [InlineData("referralId", "someone", "referralId must be a uuid")]
    public async Task An_invalid_field_is_400_naming_it(string field, string value, string message)
    {
        var body = CustomerBodies.Valid();
        body[field] = value;

        var response = await _sandbox.CreateAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("VALIDATION_ERROR", response.ErrorCode);
        Assert.Equal(message, response.ErrorMessage);
        Assert.StartsWith(field, response.ErrorMessage);
    }

    [Fact]
    public async Task Every_bad_field_is_reported_in_field_order()
    {
        var response = await _sandbox.CreateAsync(new { firstName = 42, country = "fr" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(
            [
                "email is required", "firstName must be a string", "lastName is required",
                "country must be an ISO 3166-1 alpha-2 code", "verificationDocumentId is required", "residenceAddress is required",
            ],
            response.ErrorMessages);
        Assert.All(response.Json.GetProperty("errors").EnumerateArray(), e => Assert.Equal("VALIDATION_ERROR", e.GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public async Task A_body_that_is_not_a_json_object_is_400(string body)
    {
        var response = await _sandbox.PostRawAsync("/v2/customer/create", body, _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("VALIDATION_ERROR", response.ErrorCode);
    }

    [Fact]
    public void Every_official_country_code_is_accepted()
    {
        Assert.Equal(249, MerchantApi.Sandbox.Customers.Countries.Count);
        foreach (var code in new[] { "UA", "IT", "ES", "FR", "GB", "US", "AX", "ZW" })
        {
            Assert.True(MerchantApi.Sandbox.Customers.Countries.IsValid(code), code);
        }

        Assert.False(MerchantApi.Sandbox.Customers.Countries.IsValid("UK"));
    }

    [Fact]
    public async Task Details_returns_the_customer_or_404()
    {
        var created = await _sandbox.CreateOkAsync();
        var id = created.GetProperty("id").GetString();

        var found = await _sandbox.PostAsync("/v2/customer/details", new { id }, _sandbox.ApiKeyHeader);
        var missing = await _sandbox.PostAsync("/v2/customer/details", new { id = Guid.NewGuid() }, _sandbox.ApiKeyHeader);
        var malformed = await _sandbox.PostAsync("/v2/customer/details", new { id = "nope" }, _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Equal(created.GetRawText(), found.Data.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("NOT_FOUND", missing.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal("id must be a uuid", malformed.ErrorMessage);
    }

    [Fact]
    public async Task Update_changes_the_given_fields_clears_nulls_and_moves_updatedAt()
    {
        var created = await _sandbox.CreateOkAsync(b =>
        {
            b["comment"] = "first";
            b["itn"] = "123";
        });
        var id = created.GetProperty("id").GetString();
        var newEmail = CustomerBodies.UniqueEmail("upd");

        var response = await _sandbox.PostAsync("/v2/customer/update",
            new { id, email = newEmail, lastName = "Jones", comment = "second", itn = (string?)null, status = "Blocked" }, _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var updated = response.Data;
        Assert.Equal(CustomerFieldOrder, updated.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, updated.GetProperty("id").GetString());
        Assert.Equal(created.GetProperty("walletId").GetString(), updated.GetProperty("walletId").GetString());
        Assert.Equal(newEmail, updated.GetProperty("email").GetString());
        Assert.Equal("Jones", updated.GetProperty("lastName").GetString());
        Assert.Equal("Alex", updated.GetProperty("firstName").GetString());
        Assert.Equal("second", updated.GetProperty("comment").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("itn").ValueKind);
        Assert.Equal("Blocked", updated.GetProperty("status").GetString());
        Assert.Equal(created.GetProperty("createdAt").GetString(), updated.GetProperty("createdAt").GetString());
        Assert.True(
            DateTimeOffset.Parse(updated.GetProperty("updatedAt").GetString()!, CultureInfo.InvariantCulture) >
            DateTimeOffset.Parse(created.GetProperty("updatedAt").GetString()!, CultureInfo.InvariantCulture));

        // The old email is free again, the new one is taken.
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.CreateAsync(CustomerBodies.Valid(created.GetProperty("email").GetString()))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _sandbox.CreateAsync(CustomerBodies.Valid(newEmail))).Status);

        // A merchant-set Blocked can be lifted by the merchant.
        var lifted = await _sandbox.PostAsync("/v2/customer/update", new { id, status = "Active" }, _sandbox.ApiKeyHeader);
        Assert.Equal("Active", lifted.Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Update_to_an_email_another_customer_has_is_409()
    {
        var a = await _sandbox.CreateOkAsync();
        var b = await _sandbox.CreateOkAsync();

        var response = await _sandbox.PostAsync("/v2/customer/update",
            new { id = b.GetProperty("id").GetString(), email = a.GetProperty("email").GetString()!.ToUpperInvariant() }, _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("CUSTOMER_ALREADY_EXISTS", response.ErrorCode);
        Assert.Contains(a.GetProperty("id").GetString()!, response.ErrorMessage);

        // Changing only the case of one's own email is fine.
        var own = await _sandbox.PostAsync("/v2/customer/update",
            new { id = a.GetProperty("id").GetString(), email = a.GetProperty("email").GetString()!.ToUpperInvariant() }, _sandbox.ApiKeyHeader);
        Assert.Equal(HttpStatusCode.OK, own.Status);
    }

    [Fact]
    public async Task Update_validates_like_create()
    {
        var created = await _sandbox.CreateOkAsync();
        var id = created.GetProperty("id").GetString();

        var cases = new (object Body, string Message)[]
        {
            (new { id, country = "fr" }, "country must be an ISO 3166-1 alpha-2 code"),
            (new { id, firstName = "" }, "firstName cannot be null or blank"),
            (new { id, referralId = Guid.NewGuid() }, "referralId cannot be updated"),
            (new { id, status = "Deleted" }, "status must be one of Active, Blocked, Suspicious"),
            (new { country = "FR" }, "id is required"),
        };
        foreach (var (body, message) in cases)
        {
            var response = await _sandbox.PostAsync("/v2/customer/update", body, _sandbox.ApiKeyHeader);
            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal(message, response.ErrorMessage);
        }

        var missing = await _sandbox.PostAsync("/v2/customer/update", new { id = Guid.NewGuid(), lastName = "X" }, _sandbox.ApiKeyHeader);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("NOT_FOUND", missing.ErrorCode);

        // Nothing above changed the customer.
        var details = await _sandbox.PostAsync("/v2/customer/details", new { id }, _sandbox.ApiKeyHeader);
        Assert.Equal(created.GetRawText(), details.Data.GetRawText());
    }

    [Theory]
    [InlineData("Blocked")]
    [InlineData("Suspicious")]
    public async Task A_status_set_by_the_provider_cannot_be_changed_by_the_merchant(string providerStatus)
    {
        var created = await _sandbox.CreateOkAsync();
        var id = created.GetProperty("id").GetString();

        var set = await _sandbox.AdminAsync("provider-status", new { id, status = providerStatus });
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal(providerStatus, set.Data.GetProperty("status").GetString());

        foreach (var wanted in new[] { "Active", providerStatus == "Blocked" ? "Suspicious" : "Blocked" })
        {
            var response = await _sandbox.PostAsync("/v2/customer/update", new { id, status = wanted }, _sandbox.ApiKeyHeader);
            Assert.Equal(HttpStatusCode.Forbidden, response.Status);
            Assert.Equal("FORBIDDEN", response.ErrorCode);
            Assert.Equal(JsonValueKind.String, response.FirstError.GetProperty("message").ValueKind);
        }

        // Other fields, and the same status, may still be updated.
        var other = await _sandbox.PostAsync("/v2/customer/update", new { id, comment = "still here", status = providerStatus }, _sandbox.ApiKeyHeader);
        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.Equal(providerStatus, other.Data.GetProperty("status").GetString());

        // Once the provider sets Active again, the merchant is free to change it.
        await _sandbox.AdminAsync("provider-status", new { id, status = "Active" });
        var freed = await _sandbox.PostAsync("/v2/customer/update", new { id, status = "Suspicious" }, _sandbox.ApiKeyHeader);
        Assert.Equal(HttpStatusCode.OK, freed.Status);
    }

    [Fact]
    public async Task Provider_status_for_an_unknown_customer_is_404()
    {
        var response = await _sandbox.AdminAsync("provider-status", new { id = Guid.NewGuid(), status = "Blocked" });

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Theory]
    [InlineData("/v2/customer/create")]
    [InlineData("/v2/customer/details")]
    [InlineData("/v2/customer/update")]
    [InlineData("/v2/customer/find")]
    public async Task Customer_calls_need_credentials(string path)
    {
        var response = await _sandbox.PostAsync(path, CustomerBodies.Valid());

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("""{"errors":[{"code":"UNAUTHORIZED","message":"No auth token"}]}""", response.Body);
    }

    [Theory]
    [InlineData("GET", "/v2/customer/create")]
    [InlineData("PUT", "/v2/customer/update")]
    [InlineData("GET", "/v2/auth/login")]
    [InlineData("POST", "/v2/customer/delete")]
    [InlineData("POST", "/v2/nothing")]
    [InlineData("POST", "/v1/customer/create")]
    [InlineData("GET", "/__sandbox/stats")]
    public async Task A_wrong_method_or_unknown_path_is_404_not_found(string method, string path)
    {
        var response = await TestSandbox.SendAsync(_sandbox.Http, new HttpMethod(method), path, method == "GET" ? null : "{}", _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("""{"errors":[{"code":"NOT_FOUND","message":"Not found"}]}""", response.Body);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex Timestamp();
}
