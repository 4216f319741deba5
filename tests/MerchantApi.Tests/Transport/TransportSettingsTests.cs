using System.Net;
using MerchantApi.Http;

namespace MerchantApi.Tests.Transport;

public sealed class TransportSettingsTests
{
    private static readonly Uri Sandbox = new("https://127.0.0.1:5443/");
    private static readonly Uri Remote = new("https://api.example.com/");

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_environment_names_the_proxy_per_scheme_and_no_proxy_bypasses_hosts()
    {
        var proxy = EnvironmentProxy.FromEnvironment(Environment(("HTTPS_PROXY", "http://secure-proxy:3128"), ("http_proxy", "plain-proxy:8080"),
            ("NO_PROXY", "internal.example.com, .corp.example, localhost:5080")))!;
        Assert.Equal(new Uri("http://secure-proxy:3128/"), proxy.GetProxy(new Uri("https://api.example.com/v2")));
        Assert.Equal(new Uri("http://plain-proxy:8080/"), proxy.GetProxy(new Uri("http://api.example.com/v2")));
        Assert.Null(proxy.GetProxy(new Uri("https://internal.example.com/")));
        Assert.Null(proxy.GetProxy(new Uri("https://a.internal.example.com/")));
        Assert.Null(proxy.GetProxy(new Uri("https://x.corp.example/")));
        Assert.Null(proxy.GetProxy(new Uri("http://localhost:5080/")));
        Assert.NotNull(proxy.GetProxy(new Uri("http://localhost:5081/")));
        Assert.NotNull(proxy.GetProxy(new Uri("https://notinternal.example.com/")));
    }

    [Fact]
    public void Lower_case_wins_all_proxy_covers_both_and_no_proxy_star_bypasses_everything()
    {
        var proxy = EnvironmentProxy.FromEnvironment(Environment(("HTTPS_PROXY", "http://upper:1"), ("https_proxy", "http://lower:2"), ("ALL_PROXY", "http://all:3")))!;
        Assert.Equal("lower", proxy.GetProxy(new Uri("https://h/"))!.Host);
        Assert.Equal("all", proxy.GetProxy(new Uri("http://h/"))!.Host);
        var none = EnvironmentProxy.FromEnvironment(Environment(("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "*")))!;
        Assert.Null(none.GetProxy(new Uri("https://anything/")));
        Assert.Null(EnvironmentProxy.FromEnvironment(Environment()));
    }

    [Fact]
    public void A_proxy_uris_user_and_password_are_its_credentials_and_are_never_shown()
    {
        var proxy = EnvironmentProxy.FromEnvironment(Environment(("HTTPS_PROXY", "http://bob:s%40cret@proxy:3128")))!;
        Assert.Equal(new Uri("http://proxy:3128/"), proxy.GetProxy(new Uri("https://api.example.com/")));
        var credential = proxy.Credentials!.GetCredential(new Uri("http://proxy:3128/"), "Basic")!;
        Assert.Equal(("bob", "s@cret"), (credential.UserName, credential.Password));
        Assert.DoesNotContain("cret", proxy.ToString());

        var explicitProxy = TransportSettings.Resolve(Remote, null, false, false, new Uri("http://alice:pw123@proxy:3128"), null, false, Environment());
        Assert.Equal(new Uri("http://proxy:3128/"), explicitProxy.ProxyUri);
        Assert.Equal("pw123", explicitProxy.ProxyCredential!.Password);
        Assert.DoesNotContain("pw123", explicitProxy.ToString());
    }

    [Fact]
    public void Default_settings_share_one_client_and_any_other_gets_its_own()
    {
        Assert.Same(TransportSettings.Default, TransportSettings.Resolve(Remote, null, false, false, null, null, false, Environment()));
        var noProxy = TransportSettings.Resolve(Remote, null, false, false, null, null, true, Environment());
        var fromEnvironment = TransportSettings.Resolve(Remote, null, false, false, null, null, false, Environment(("HTTPS_PROXY", "http://p:1")));
        Assert.NotEqual(TransportSettings.Default.ClientName, noProxy.ClientName);
        Assert.NotEqual(noProxy.ClientName, fromEnvironment.ClientName);
        Assert.Equal(ProxyChoice.None, noProxy.Proxy);
        Assert.NotNull(fromEnvironment.EnvironmentProxy);
    }

    [Theory]
    [InlineData("proxyAndNoProxy", "ProxyConflict")]
    [InlineData("credentialWithoutProxy", "ProxyCredentialWithoutProxy")]
    [InlineData("socksProxy", "InvalidProxy")]
    [InlineData("skipAndAuthority", "CertificateOptionsConflict")]
    [InlineData("skipRemote", "CertificateCheckRequired")]
    [InlineData("missingAuthority", "InvalidCertificateAuthority")]
    public void Contradictions_and_unsafe_asks_are_refused(string ask, string errorId)
    {
        var ex = Assert.Throws<MerchantApiException>(() => ask switch
        {
            "proxyAndNoProxy" => TransportSettings.Resolve(Remote, null, false, false, new Uri("http://p:1"), null, true, Environment()),
            "credentialWithoutProxy" => TransportSettings.Resolve(Remote, null, false, false, null, new NetworkCredential("u", "p"), false, Environment()),
            "socksProxy" => TransportSettings.Resolve(Remote, null, false, false, new Uri("socks5://p:1"), null, false, Environment()),
            "skipAndAuthority" => TransportSettings.Resolve(Sandbox, "ca.pem", true, false, null, null, false, Environment()),
            "skipRemote" => TransportSettings.Resolve(Remote, null, true, false, null, null, false, Environment()),
            _ => TransportSettings.Resolve(Remote, Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n") + ".pem"), false, false, null, null, false, Environment()),
        });
        Assert.Equal(errorId, ex.ErrorId);
    }

    [Fact]
    public void Skipping_the_check_is_allowed_on_this_machine_and_elsewhere_only_with_force()
    {
        Assert.True(TransportSettings.Resolve(Sandbox, null, true, false, null, null, false, Environment()).SkipCertificateCheck);
        Assert.True(TransportSettings.Resolve(Remote, null, true, true, null, null, false, Environment()).SkipCertificateCheck);
    }
}
