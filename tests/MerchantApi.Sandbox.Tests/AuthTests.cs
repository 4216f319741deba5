using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using MerchantApi.Sandbox.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MerchantApi.Sandbox.Tests;

/// <summary>CONTRACT.md "Authentication": login, refresh, the token claims, API key, and the 401 bodies.</summary>
public sealed partial class AuthTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly TestSandbox _sandbox = fixture.Sandbox;

    [Fact]
    public async Task Login_returns_rs256_access_token_with_the_seed_claims()
    {
        var response = await _sandbox.LoginAsync();

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentHeaders.ContentType?.MediaType);
        Assert.Equal(["accessToken", "expiresIn", "refreshToken"], response.Data.EnumerateObject().Select(p => p.Name));
        var tokens = Tokens.From(response);
        var access = Jwt.Decode(tokens.AccessToken);

        Assert.Equal(["alg", "kid", "typ"], access.Header.EnumerateObject().Select(p => p.Name));
        Assert.Equal("RS256", access.Header.GetProperty("alg").GetString());
        Assert.Equal("JWT", access.Header.GetProperty("typ").GetString());
        Assert.Equal(_sandbox.Host.SigningKeyId, access.Header.GetProperty("kid").GetString());

        Assert.Equal(["id", "email", "role", "username", "t", "merchantId", "institution", "fingerprint", "jwtId", "iat", "exp"], access.ClaimNames);
        Assert.True(Guid.TryParse(access.Claim("id"), out _));
        Assert.Equal(_sandbox.Options.Email, access.Claim("email"));
        Assert.Equal("Owner", access.Claim("role"));
        Assert.Equal("SEED_INSTITUTION_OWNER_PROFILE", access.Claim("username"));
        Assert.Equal("u", access.Claim("t"));
        Assert.Equal(_sandbox.Options.MerchantId, access.Claim("merchantId"));
        Assert.Matches(HexFingerprint(), access.Claim("fingerprint"));
        Assert.True(Guid.TryParseExact(access.Claim("jwtId"), "D", out _));
        Assert.Equal(JsonValueKind.Number, access.Payload.GetProperty("iat").ValueKind);
        Assert.Equal(JsonValueKind.Number, access.Payload.GetProperty("exp").ValueKind);

        var institution = access.Payload.GetProperty("institution");
        Assert.Equal(["id", "title", "groups"], institution.EnumerateObject().Select(p => p.Name));
        Assert.True(Guid.TryParse(institution.GetProperty("id").GetString(), out _));
        Assert.Equal("Cool Company", institution.GetProperty("title").GetString());
        var groups = institution.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(4, groups.Length);
        Assert.All(groups, g => Assert.Equal(["id", "type"], g.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(["Exchange", "Deposit", "Transfer", "Withdraw"], groups.Select(g => g.GetProperty("type").GetString()));

        // 30 minutes; expiresIn is the absolute exp, not a duration.
        Assert.Equal(1800, access.Exp - access.Iat);
        Assert.Equal(access.Exp, tokens.ExpiresIn);
        Assert.InRange(access.Iat, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task Login_returns_rs256_refresh_token_with_the_seed_claims()
    {
        var tokens = await _sandbox.LoginOkAsync();
        var access = Jwt.Decode(tokens.AccessToken);
        var refresh = Jwt.Decode(tokens.RefreshToken);

        Assert.Equal("RS256", refresh.Header.GetProperty("alg").GetString());
        Assert.Equal(["id", "fingerprint", "sessionCreatedAt", "iat", "exp"], refresh.ClaimNames);
        Assert.Equal(access.Claim("id"), refresh.Claim("id"));
        Assert.Equal(access.Claim("fingerprint"), refresh.Claim("fingerprint"));
        var sessionCreatedAt = refresh.Payload.GetProperty("sessionCreatedAt").GetInt64();
        Assert.Equal(refresh.Iat, sessionCreatedAt / 1000); // Unix milliseconds
        Assert.Equal(172800, refresh.Exp - refresh.Iat);      // 2 days
    }

    [Fact]
    public async Task Tokens_validate_with_microsofts_jwt_handler_and_the_public_key()
    {
        var tokens = await _sandbox.LoginOkAsync();
        var key = new RsaSecurityKey(_sandbox.Host.SigningPublicKey) { KeyId = _sandbox.Host.SigningKeyId };
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        };
        var handler = new JsonWebTokenHandler();

        foreach (var token in new[] { tokens.AccessToken, tokens.RefreshToken })
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            Assert.True(result.IsValid, result.Exception?.ToString());
        }

        var otherKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = _sandbox.Host.SigningKeyId };
        var forged = await handler.ValidateTokenAsync(tokens.AccessToken, new TokenValidationParameters
        {
            IssuerSigningKey = otherKey,
            ValidateIssuer = false,
            ValidateAudience = false,
        });
        Assert.False(forged.IsValid);
    }

    [Fact]
    public async Task Access_token_and_api_key_both_authenticate_a_private_call()
    {
        var tokens = await _sandbox.LoginOkAsync();
        var body = CustomerBodies.Valid();

        var byBearer = await _sandbox.PostAsync("/v2/customer/create", body, TestSandbox.Bearer(tokens.AccessToken));
        var byApiKey = await _sandbox.PostAsync("/v2/customer/details", new { id = byBearer.Data.GetProperty("id").GetString() }, _sandbox.ApiKeyHeader);

        Assert.Equal(HttpStatusCode.OK, byBearer.Status);
        Assert.Equal(HttpStatusCode.OK, byApiKey.Status);
        Assert.Equal(byBearer.Body, byApiKey.Body);
    }

    public static TheoryData<string, string?, string?, string?> BadLogins => new()
    {
        { "wrong password", null, "not-the-password", "merchant_id" },
        { "wrong email", "someone@sandbox.test", null, "merchant_id" },
        { "wrong merchant", null, null, "wrong-merchant" },
        { "no merchant header", null, null, null },
        { "merchant-id is not merchant_id", null, null, "merchant-id" },
    };

    [Theory]
    [MemberData(nameof(BadLogins))]
    public async Task Bad_login_is_401_unauthorized_with_a_string_message(string _, string? email, string? password, string? merchantHeader)
    {
        (string, string)[] headers = merchantHeader switch
        {
            null => [("x-nothing", "1")],
            "wrong-merchant" => [("merchant_id", Guid.NewGuid().ToString())],
            _ => [(merchantHeader, _sandbox.Options.MerchantId)],
        };

        var response = await _sandbox.LoginAsync(email, password, headers);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHORIZED", response.ErrorCode);
        Assert.Equal(JsonValueKind.String, response.FirstError.GetProperty("message").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(response.ErrorMessage));
    }

    [Fact]
    public async Task Login_email_is_case_insensitive_but_password_is_not()
    {
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.LoginAsync(_sandbox.Options.Email.ToUpperInvariant())).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _sandbox.LoginAsync(password: _sandbox.Options.Password.ToUpperInvariant())).Status);
    }

    [Fact]
    public async Task Login_without_token_field_is_400_naming_the_field()
    {
        var response = await _sandbox.PostAsync("/v2/auth/login", new { password = "x" }, _sandbox.MerchantHeader);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("VALIDATION_ERROR", response.ErrorCode);
        Assert.Equal("token is required", response.ErrorMessage);
    }

    [Fact]
    public async Task Refresh_returns_new_tokens_and_revokes_the_used_refresh_token()
    {
        var first = await _sandbox.LoginOkAsync();

        var refreshed = await _sandbox.RefreshAsync(first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(["accessToken", "expiresIn", "refreshToken"], refreshed.Data.EnumerateObject().Select(p => p.Name));
        var second = Tokens.From(refreshed);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(Jwt.Decode(second.AccessToken).Exp, second.ExpiresIn);

        // The session keeps its start and its absolute end.
        var oldRefresh = Jwt.Decode(first.RefreshToken);
        var newRefresh = Jwt.Decode(second.RefreshToken);
        Assert.Equal(oldRefresh.Payload.GetProperty("sessionCreatedAt").GetInt64(), newRefresh.Payload.GetProperty("sessionCreatedAt").GetInt64());
        Assert.Equal(oldRefresh.Exp, newRefresh.Exp);

        // The new access token works; the old refresh token is spent.
        var call = await _sandbox.PostAsync("/v2/customer/find", new { take = 1 }, TestSandbox.Bearer(second.AccessToken));
        Assert.Equal(HttpStatusCode.OK, call.Status);
        var reuse = await _sandbox.RefreshAsync(first.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.Status);
        Assert.Equal("""{"errors":[{"code":"REFRESH_TOKEN_EXPIRED","message":"Invalid token"}]}""", reuse.Body);

        // ...and the newest one works.
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.RefreshAsync(second.RefreshToken)).Status);
    }

    [Fact]
    public async Task Refresh_needs_the_merchant_id_header()
    {
        var tokens = await _sandbox.LoginOkAsync();

        var without = await _sandbox.PostAsync("/v2/auth/refresh", new { refreshToken = tokens.RefreshToken }, ("merchant-id", _sandbox.Options.MerchantId));

        Assert.Equal(HttpStatusCode.Unauthorized, without.Status);
        Assert.Equal("UNAUTHORIZED", without.ErrorCode);
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.RefreshAsync(tokens.RefreshToken)).Status);
    }

    [Fact]
    public async Task Refresh_with_a_forged_or_wrong_token_is_refresh_token_expired()
    {
        var tokens = await _sandbox.LoginOkAsync();
        string[] bad =
        [
            "not-a-jwt",
            Jwt.Tamper(tokens.RefreshToken, "exp", Jwt.Decode(tokens.RefreshToken).Exp + 1000),
            tokens.AccessToken,
        ];

        foreach (var token in bad)
        {
            var response = await _sandbox.RefreshAsync(token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
            Assert.Equal("""{"errors":[{"code":"REFRESH_TOKEN_EXPIRED","message":"Invalid token"}]}""", response.Body);
        }
    }

    [Fact]
    public async Task Concurrent_refreshes_with_one_token_let_exactly_one_win()
    {
        var tokens = await _sandbox.LoginOkAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _sandbox.RefreshAsync(tokens.RefreshToken)));

        Assert.Equal(1, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal("REFRESH_TOKEN_EXPIRED", r.ErrorCode));
    }

    [Theory]
    [InlineData("", "No auth token")]
    [InlineData("Bearer not.a.jwt", "jwt malformed")]
    [InlineData("Bearer abc", "jwt malformed")]
    [InlineData("Basic dXNlcjpwYXNz", "jwt malformed")]
    [InlineData("Bearer a.b.c", "jwt malformed")]
    [InlineData("Bearer e30.e30.e30", "jwt malformed")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.e30.", "jwt malformed")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.e30.c2ln", "invalid algorithm")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "invalid signature")]
    [InlineData("Bearer !!!.@@@.###", "jwt malformed")]
    public async Task Missing_or_malformed_credentials_are_401_with_a_string_message(string authorization, string message)
    {
        (string, string)[] headers = authorization.Length == 0 ? [] : [("Authorization", authorization)];

        var response = await _sandbox.PostAsync("/v2/customer/find", new { }, headers);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal($$"""{"errors":[{"code":"UNAUTHORIZED","message":"{{message}}"}]}""", response.Body);
    }

    [Fact]
    public async Task A_tampered_access_token_is_invalid_signature()
    {
        var tokens = await _sandbox.LoginOkAsync();
        var tampered = Jwt.Tamper(tokens.AccessToken, "role", "Admin");

        var response = await _sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer(tampered));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("""{"errors":[{"code":"UNAUTHORIZED","message":"invalid signature"}]}""", response.Body);
    }

    [Fact]
    public async Task A_refresh_token_is_not_an_access_token()
    {
        var tokens = await _sandbox.LoginOkAsync();

        var response = await _sandbox.PostAsync("/v2/customer/find", new { }, TestSandbox.Bearer(tokens.RefreshToken));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHORIZED", response.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_api_key_is_401_unauthorized()
    {
        var response = await _sandbox.PostAsync("/v2/customer/find", new { }, ("Api-key", "sk_sandbox_wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("""{"errors":[{"code":"UNAUTHORIZED","message":"Invalid API key"}]}""", response.Body);
    }

    [Fact]
    public async Task Issued_secrets_lists_every_token_handed_out()
    {
        var login = await _sandbox.LoginOkAsync();
        var refreshed = Tokens.From(await _sandbox.RefreshAsync(login.RefreshToken));

        var secrets = (await _sandbox.AdminAsync("issued-secrets")).Data.EnumerateArray().Select(e => e.GetString()).ToHashSet();

        Assert.Contains(login.AccessToken, secrets);
        Assert.Contains(login.RefreshToken, secrets);
        Assert.Contains(refreshed.AccessToken, secrets);
        Assert.Contains(refreshed.RefreshToken, secrets);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexFingerprint();
}
