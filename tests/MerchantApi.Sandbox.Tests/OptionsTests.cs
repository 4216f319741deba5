namespace MerchantApi.Sandbox.Tests;

/// <summary>The command line (parsing only; ProcessTests run the real executable).</summary>
public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var parsed = SandboxOptions.Parse([]);

        Assert.Null(parsed.Error);
        var o = parsed.Options;
        Assert.Equal("http://127.0.0.1:5080", o.Urls);
        Assert.Equal("b34555b7-dca4-5ec1-ade3-64a3ad545310", o.MerchantId);
        Assert.Equal("owner@sandbox.test", o.Email);
        Assert.Equal("Sandbox-Passw0rd!", o.Password);
        Assert.Equal("sk_sandbox_4f1c2a9e7b3d48e6a0c5f9d21b7e8a63", o.ApiKey);
        Assert.Equal(1800, o.AccessTokenLifetimeSeconds);
        Assert.Equal(172800, o.RefreshTokenLifetimeSeconds);
        Assert.Equal(1, o.RetryAfterSeconds);
        Assert.Equal(RetryAfterFormat.Seconds, o.RetryAfterFormat);
        Assert.Equal(0, o.FailureRate + o.ThrottleRate + o.ThrottleBurstMs + o.DropAfterCommitRate + o.LatencyMs + o.ClockSkewSeconds);
        Assert.Null(o.Seed);
        Assert.Equal((0, 0), (o.Customers, o.Operations));
        Assert.Null(o.ReadyFile);
        Assert.False(o.Https);
        Assert.False(o.UsesHttps);
        Assert.Equal(0, o.RateLimitPerSecond);
        Assert.Null(o.RateBurst);
    }

    [Fact]
    public void Https_and_the_rate_limit_are_parsed()
    {
        var parsed = SandboxOptions.Parse(["--https", "--rate-limit", "20", "--rate-burst=5"]);

        Assert.Null(parsed.Error);
        var o = parsed.Options;
        Assert.True(o.Https);
        Assert.Equal((20.0, 5), (o.RateLimitPerSecond, o.RateBurst));
        Assert.Equal(0.5, SandboxOptions.Parse(["--rate-limit=0.5"]).Options.RateLimitPerSecond);
        Assert.Equal(0, SandboxOptions.Parse(["--rate-limit", "0"]).Options.RateLimitPerSecond);
    }

    [Theory]
    [InlineData(20, 20)]
    [InlineData(2.5, 3)]
    [InlineData(0.5, 1)]
    [InlineData(0, 1)]
    public void The_default_burst_is_the_rate_rounded_up_and_at_least_1(double rate, int burst) =>
        Assert.Equal(burst, SandboxOptions.DefaultRateBurst(rate));

    [Theory]
    [InlineData(false, "http://127.0.0.1:0", "http://127.0.0.1:0", false)]
    [InlineData(true, "http://127.0.0.1:5080", "https://127.0.0.1:5080", true)]
    [InlineData(true, "http://127.0.0.1:0;HTTP://[::1]:0", "https://127.0.0.1:0;https://[::1]:0", true)]
    [InlineData(true, "https://127.0.0.1:0", "https://127.0.0.1:0", true)]
    [InlineData(false, "https://127.0.0.1:0", "https://127.0.0.1:0", true)]
    public void Https_makes_every_url_https(bool https, string urls, string listenUrls, bool usesHttps)
    {
        var o = new SandboxOptions { Https = https, Urls = urls };

        Assert.Equal((listenUrls, usesHttps), (o.ListenUrls, o.UsesHttps));
    }

    [Fact]
    public void Every_option_is_parsed_in_both_spellings()
    {
        var parsed = SandboxOptions.Parse(
        [
            "--urls", "http://127.0.0.1:0", "--ready-file=/tmp/r.json", "--merchant-id", "m1", "--email", "a@b.c",
            "--password", "pw", "--api-key", "k", "--access-token-lifetime", "2.5", "--refresh-token-lifetime=10",
            "--latency", "25", "--failure-rate", "0.05", "--throttle-rate", "0.01", "--throttle-burst", "200",
            "--retry-after", "3", "--retry-after-format", "date", "--drop-after-commit-rate", "0.02",
            "--clock-skew", "-30", "--seed", "42", "--customers", "250", "--operations=1000",
        ]);

        Assert.Null(parsed.Error);
        Assert.False(parsed.ShowHelp);
        var o = parsed.Options;
        Assert.Equal(("http://127.0.0.1:0", "/tmp/r.json", "m1", "a@b.c", "pw", "k"), (o.Urls, o.ReadyFile, o.MerchantId, o.Email, o.Password, o.ApiKey));
        Assert.Equal((2.5, 10.0, 25.0, 0.05, 0.01, 200.0), (o.AccessTokenLifetimeSeconds, o.RefreshTokenLifetimeSeconds, o.LatencyMs, o.FailureRate, o.ThrottleRate, o.ThrottleBurstMs));
        Assert.Equal((3.0, RetryAfterFormat.Date, 0.02, -30.0, 42), (o.RetryAfterSeconds, o.RetryAfterFormat, o.DropAfterCommitRate, o.ClockSkewSeconds, o.Seed));
        Assert.Equal((250, 1000), (o.Customers, o.Operations));
    }

    [Fact]
    public void The_ready_file_can_come_from_the_environment_and_the_option_wins()
    {
        static string? Env(string name) => name == "SANDBOX_READY_FILE" ? "/tmp/env.json" : null;

        Assert.Equal("/tmp/env.json", SandboxOptions.Parse([], Env).Options.ReadyFile);
        Assert.Equal("/tmp/opt.json", SandboxOptions.Parse(["--ready-file", "/tmp/opt.json"], Env).Options.ReadyFile);
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("--failure-rate", "1.5")]
    [InlineData("--throttle-rate", "abc")]
    [InlineData("--retry-after-format", "minutes")]
    [InlineData("--seed", "1.5")]
    [InlineData("--access-token-lifetime", "0")]
    [InlineData("--latency")]
    [InlineData("--customers", "-1")]
    [InlineData("--customers", "100001")]
    [InlineData("--customers", "2.5")]
    [InlineData("--operations", "many")]
    [InlineData("--operations", "10")]
    [InlineData("--operations", "10", "--customers", "0")]
    [InlineData("--https=yes")]
    [InlineData("--rate-limit")]
    [InlineData("--rate-limit", "-1")]
    [InlineData("--rate-limit", "fast")]
    [InlineData("--rate-limit", "0.0001")]
    [InlineData("--rate-limit", "1000001")]
    [InlineData("--rate-burst", "0")]
    [InlineData("--rate-burst", "-5")]
    [InlineData("--rate-burst", "2.5")]
    [InlineData("--rate-burst", "1000001")]
    public void Bad_command_lines_are_errors(params string[] args)
    {
        var parsed = SandboxOptions.Parse(args);

        Assert.NotNull(parsed.Error);
        Assert.Contains(args[0], parsed.Error);
    }

    [Fact]
    public void Help_lists_every_option()
    {
        Assert.True(SandboxOptions.Parse(["--urls", "x", "--help"]).ShowHelp);
        Assert.True(SandboxOptions.Parse(["-h"]).ShowHelp);
        foreach (var option in new[]
                 {
                     "--urls", "--ready-file", "--merchant-id", "--email", "--password", "--api-key", "--access-token-lifetime",
                     "--refresh-token-lifetime", "--latency", "--failure-rate", "--throttle-rate", "--throttle-burst", "--retry-after",
                     "--retry-after-format", "--drop-after-commit-rate", "--clock-skew", "--seed", "--customers", "--operations", "SANDBOX_READY_FILE",
                     "--https", "certificatePath", "--rate-limit", "--rate-burst", "--quiet", "merchant-sandbox",
                 })
        {
            Assert.Contains(option, SandboxOptions.Usage);
        }
    }
}
