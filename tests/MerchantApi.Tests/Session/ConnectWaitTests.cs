using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MerchantApi.Http;

namespace MerchantApi.Tests.Session;

/// <summary>
/// Signing in against servers that do not answer as an API does: the engine says what it waits for, fails with the
/// host named, and never logs a secret.
/// </summary>
public sealed class ConnectWaitTests
{
    private const string Password = "hunter2-never-shown";

    private sealed class RecordingLog : IMerchantLog
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public bool IsVerboseEnabled => true;
        public bool IsDebugEnabled => true;
        public void Verbose(string message) => Lines.Enqueue(message);
        public void Debug(string message) => Lines.Enqueue(message);
    }

    private static Task<MerchantSession> SignInAsync(Uri uri, CallOptions options) =>
        MerchantSession.ConnectWithCredentialAsync(uri, "b34555b7-dca4-5ec1-ade3-64a3ad545310", "owner@example.com",
            RunningSandbox.Secure(Password), new SessionSettings(), options, CancellationToken.None);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Signing_in_to_a_server_that_never_answers_says_what_it_waits_for_and_times_out(bool announce)
    {
        // Listening but never accepting: the kernel completes the handshake and takes the request; nothing answers.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var host = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
            var log = new RecordingLog();
            var options = new CallOptions { Log = log, RequestTimeout = TimeSpan.FromSeconds(1), MaxAttempts = 1, AnnounceSlowAnswers = announce };
            var clock = Stopwatch.StartNew();

            var failure = await Assert.ThrowsAsync<MerchantApiException>(() => SignInAsync(new Uri($"http://{host}/"), options));

            Assert.Equal("RequestTimedOut", failure.ErrorId);
            Assert.Equal($"POST /v2/auth/login got no complete answer from {host} within 1 s.", failure.Message);
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
            Assert.Contains($"Signing in to {host} as owner@example.com...", log.Lines);
            var notices = log.Lines.Where(l => l.StartsWith("No answer yet", StringComparison.Ordinal)).ToList();
            if (announce)
                Assert.Equal([$"No answer yet from {host} after 0.5 s (POST /v2/auth/login); waiting up to 1 s."], notices);
            else
                Assert.Empty(notices); // bulk runs, with many requests in flight, do not announce each one
            Assert.DoesNotContain(log.Lines, l => l.Contains(Password, StringComparison.Ordinal));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_connection_closed_before_any_answer_is_ConnectionFailed_naming_the_host()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var host = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var closer = Task.Run(async () =>
        {
            // Read the request, then hang up without a word (a crashing server, a proxy that gives up).
            using var client = await listener.AcceptTcpClientAsync();
            _ = await client.GetStream().ReadAsync(new byte[4096]);
        });
        try
        {
            var failure = await Assert.ThrowsAsync<MerchantApiException>(() =>
                SignInAsync(new Uri($"http://{host}/"), new CallOptions { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(10) }));

            Assert.Equal("ConnectionFailed", failure.ErrorId);
            Assert.Equal(MerchantErrorKind.Transport, failure.Kind);
            Assert.StartsWith("POST /v2/auth/login failed: ", failure.Message);
            Assert.Contains(host, failure.Message);
        }
        finally
        {
            listener.Stop();
            await closer;
        }
    }

    [Fact]
    public async Task Checking_an_api_key_says_so_and_never_logs_the_key()
    {
        await using var sandbox = await RunningSandbox.StartAsync();
        var log = new RecordingLog();

        await sandbox.ConnectWithApiKeyAsync(new CallOptions { Log = log, AnnounceSlowAnswers = true });

        Assert.Contains($"Checking the API key with {sandbox.Uri.Authority} (a search for one customer)...", log.Lines);
        Assert.DoesNotContain(log.Lines, l => l.Contains(sandbox.Options.ApiKey, StringComparison.Ordinal));
    }
}
