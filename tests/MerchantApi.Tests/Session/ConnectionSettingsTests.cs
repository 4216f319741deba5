using System.Runtime.InteropServices;
using System.Security;

namespace MerchantApi.Tests.Session;

/// <summary>Connect-MerchantApi's inputs: parameters first, then MERCHANTAPI_* environment variables.</summary>
public sealed class ConnectionSettingsTests
{
    private static readonly Uri ParameterUri = new("https://param.example/");
    private const string EnvironmentMerchant = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private static Func<string, string?> Environment(params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    private static readonly (string, string)[] FullEnvironment =
    [
        ("MERCHANTAPI_BASEURI", "https://env.example/"),
        ("MERCHANTAPI_MERCHANTID", EnvironmentMerchant),
        ("MERCHANTAPI_EMAIL", "env@example.com"),
        ("MERCHANTAPI_PASSWORD", "env-password"),
        ("MERCHANTAPI_APIKEY", "env-key"),
    ];

    private static string Text(SecureString? secure)
    {
        Assert.NotNull(secure);
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try { return Marshal.PtrToStringUni(pointer, secure.Length); }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(pointer); }
    }

    [Fact]
    public void Environment_alone_gives_a_credential_session_when_email_and_password_are_set()
    {
        var settings = ConnectionSettings.Resolve(false, null, null, null, null, null, Environment(FullEnvironment));

        Assert.Null(settings.Problem);
        Assert.Equal(new Uri("https://env.example/"), settings.BaseUri);
        Assert.Equal(EnvironmentMerchant, settings.MerchantId);
        Assert.Equal("env@example.com", settings.Email);
        Assert.Equal("env-password", Text(settings.Password));
        Assert.Null(settings.ApiKey);
    }

    [Fact]
    public void Environment_alone_gives_an_api_key_session_when_only_the_key_is_set()
    {
        var settings = ConnectionSettings.Resolve(false, null, null, null, null, null,
            Environment(("MERCHANTAPI_BASEURI", "https://env.example/"), ("MERCHANTAPI_APIKEY", "env-key")));

        Assert.Null(settings.Problem);
        Assert.Equal("env-key", Text(settings.ApiKey));
        Assert.Null(settings.Email);
        Assert.Null(settings.MerchantId);
    }

    [Fact]
    public void Parameters_win_over_the_environment()
    {
        var settings = ConnectionSettings.Resolve(false, ParameterUri, "param-merchant", "param@example.com",
            RunningSandbox.Secure("param-password"), null, Environment(FullEnvironment));

        Assert.Equal(ParameterUri, settings.BaseUri);
        Assert.Equal("param-merchant", settings.MerchantId);
        Assert.Equal("param@example.com", settings.Email);
        Assert.Equal("param-password", Text(settings.Password));
        Assert.Null(settings.ApiKey);
    }

    [Fact]
    public void An_api_key_parameter_wins_over_an_environment_credential()
    {
        var settings = ConnectionSettings.Resolve(true, null, null, null, null, RunningSandbox.Secure("param-key"),
            Environment(FullEnvironment));

        Assert.Equal("param-key", Text(settings.ApiKey));
        Assert.Null(settings.Email);
        Assert.Equal(EnvironmentMerchant, settings.MerchantId);
    }

    [Fact]
    public void A_credential_parameter_wins_over_an_environment_api_key()
    {
        var settings = ConnectionSettings.Resolve(false, null, null, "param@example.com", RunningSandbox.Secure("p"), null,
            Environment(("MERCHANTAPI_BASEURI", "https://env.example/"), ("MERCHANTAPI_MERCHANTID", "m"), ("MERCHANTAPI_APIKEY", "env-key")));

        Assert.Null(settings.Problem);
        Assert.Equal("param@example.com", settings.Email);
        Assert.Null(settings.ApiKey);
    }

    [Fact]
    public void An_email_without_a_password_in_the_environment_falls_back_to_the_api_key()
    {
        var settings = ConnectionSettings.Resolve(false, null, null, null, null, null,
            Environment(("MERCHANTAPI_BASEURI", "https://env.example/"), ("MERCHANTAPI_EMAIL", "e@example.com"), ("MERCHANTAPI_APIKEY", "k")));

        Assert.Equal("k", Text(settings.ApiKey));
    }

    [Fact]
    public void Empty_environment_variables_count_as_unset()
    {
        var settings = ConnectionSettings.Resolve(false, ParameterUri, null, null, null, null,
            Environment(("MERCHANTAPI_APIKEY", ""), ("MERCHANTAPI_EMAIL", ""), ("MERCHANTAPI_PASSWORD", "")));

        Assert.Equal("MissingCredential", settings.ProblemId);
    }

    [Theory]
    [InlineData(null, "MissingBaseUri", "No base URI was given.")]
    [InlineData("not a uri", "MissingBaseUri", "MERCHANTAPI_BASEURI 'not a uri' is not an absolute URI.")]
    public void A_missing_or_bad_base_uri_is_reported(string? environmentUri, string id, string problem)
    {
        var settings = ConnectionSettings.Resolve(false, null, "m", "e@example.com", RunningSandbox.Secure("p"), null,
            environmentUri is null ? Environment() : Environment(("MERCHANTAPI_BASEURI", environmentUri)));

        Assert.Equal(id, settings.ProblemId);
        Assert.Equal(problem, settings.Problem);
    }

    [Fact]
    public void A_credential_session_needs_a_merchant_id()
    {
        var settings = ConnectionSettings.Resolve(false, ParameterUri, null, "e@example.com", RunningSandbox.Secure("p"), null, Environment());

        Assert.Equal("MissingMerchantId", settings.ProblemId);
    }

    [Fact]
    public void Problems_never_contain_a_secret()
    {
        var settings = ConnectionSettings.Resolve(false, null, null, null, null, null,
            Environment(("MERCHANTAPI_PASSWORD", "hunter2-secret"), ("MERCHANTAPI_BASEURI", "https://env.example/")));

        Assert.Equal("MissingCredential", settings.ProblemId);
        Assert.DoesNotContain("hunter2-secret", settings.Problem);
    }

    [Theory]
    [InlineData("m_42", null, "-MerchantId is not a merchant id")]
    [InlineData(null, "sk_live_pasted-into-the-wrong-place", "MERCHANTAPI_MERCHANTID is not a merchant id")]
    public void A_merchant_id_that_is_not_a_guid_is_refused_with_an_api_key_but_left_to_the_server_with_a_credential(
        string? parameter, string? environment, string named)
    {
        var given = parameter ?? environment!;
        var env = environment is null ? Environment() : Environment(("MERCHANTAPI_MERCHANTID", environment));

        var withKey = ConnectionSettings.Resolve(true, ParameterUri, parameter, null, null, RunningSandbox.Secure("k"), env);
        var withCredential = ConnectionSettings.Resolve(false, ParameterUri, parameter, "e@example.com", RunningSandbox.Secure("p"), null, env);

        Assert.Equal("InvalidMerchantId", withKey.ProblemId);
        Assert.StartsWith(named, withKey.Problem);
        Assert.DoesNotContain(given, withKey.Problem); // it may be a secret typed into the wrong parameter
        Assert.Equal(given, withKey.ProblemTarget);
        Assert.Null(withCredential.Problem); // the provider checks it at login; the module is never stricter
        Assert.Equal(given, withCredential.MerchantId);
    }

    [Fact]
    public void Problems_name_what_they_are_about_as_their_target()
    {
        var badUri = ConnectionSettings.Resolve(false, null, "m", "e@example.com", RunningSandbox.Secure("p"), null,
            Environment(("MERCHANTAPI_BASEURI", "not a uri")));
        var noCredential = ConnectionSettings.Resolve(false, ParameterUri, "m", null, null, null, Environment());
        var noMerchant = ConnectionSettings.Resolve(false, ParameterUri, null, "e@example.com", RunningSandbox.Secure("p"), null, Environment());

        Assert.Equal("not a uri", badUri.ProblemTarget);
        Assert.Equal(ParameterUri, noCredential.ProblemTarget);
        Assert.Equal(ParameterUri, noMerchant.ProblemTarget);
    }
}
