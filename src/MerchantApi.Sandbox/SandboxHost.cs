using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MerchantApi.Sandbox.Faults;
using MerchantApi.Sandbox.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MerchantApi.Sandbox;

/// <summary>
/// A running sandbox. <see cref="StartAsync"/> runs one in-process (tests use <c>http://127.0.0.1:0</c>);
/// <c>Program.Main</c> runs the same code as a process.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxState _state;
    private readonly SandboxCertificates? _certificates;
    private readonly string? _certificateFolder;
    private int _stopped;

    private SandboxHost(WebApplication app, SandboxState state, string url, SandboxCertificates? certificates, string? certificatePath, string? certificateFolder)
    {
        _app = app;
        _state = state;
        Url = url;
        _certificates = certificates;
        CertificatePath = certificatePath;
        _certificateFolder = certificateFolder;
    }

    /// <summary>The bound base URL, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Url { get; }

    public SandboxOptions Options => _state.Options;

    /// <summary>
    /// Under HTTPS, the PEM file of the certificate authority that signed the server's certificate: what a client must
    /// trust (the ready file's <c>certificatePath</c>). Null over plain HTTP.
    /// </summary>
    public string? CertificatePath { get; }

    /// <summary>The same certificate authority as <see cref="CertificatePath"/>, for a client in this process; null over plain HTTP.</summary>
    public X509Certificate2? CertificateAuthority => _certificates?.Authority;

    /// <summary>The public half of the current signing key (it changes on <c>/__sandbox/rotate-key</c>).</summary>
    public RSAParameters SigningPublicKey => _state.Keys.Current.PublicParameters;

    /// <summary>The <c>kid</c> of the current signing key.</summary>
    public string SigningKeyId => _state.Keys.Current.Kid;

    /// <summary>Completes once the server has begun stopping (POST /__sandbox/shutdown, SIGTERM, <see cref="StopAsync"/>).</summary>
    public Task Stopping => WhenCancelled(_app.Lifetime.ApplicationStopping);

    internal SandboxState State => _state;

    /// <summary>Starts a sandbox in this process and returns once it listens. Process signals are left alone.</summary>
    public static Task<SandboxHost> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default) =>
        StartCoreAsync(options, handleProcessSignals: false, cancellationToken);

    internal static async Task<SandboxHost> StartCoreAsync(SandboxOptions options, bool handleProcessSignals, CancellationToken cancellationToken)
    {
        options = options.Clone();
        if (options.Inconsistency() is { } inconsistency)
        {
            throw new ArgumentException(inconsistency, nameof(options));
        }

        var certificates = options.UsesHttps ? SandboxCertificates.Create() : null;
        try
        {
            return await StartCoreAsync(options, certificates, handleProcessSignals, cancellationToken);
        }
        catch
        {
            certificates?.Dispose();
            throw;
        }
    }

    private static async Task<SandboxHost> StartCoreAsync(SandboxOptions options, SandboxCertificates? certificates, bool handleProcessSignals,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(options.ListenUrls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 1024 * 1024;
            if (certificates is not null)
            {
                k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificates.Server);
            }
        });
        if (certificates is not null)
        {
            // The slim builder leaves out what binds https:// URLs.
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Logging.ClearProviders();
        if (handleProcessSignals)
        {
            // Only warnings and errors, on stderr: stdout carries just the SANDBOX_LISTENING line.
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.AddFilter(level => level >= LogLevel.Warning);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        }
        else
        {
            builder.Services.AddSingleton<IHostLifetime, InProcessLifetime>();
        }

        var app = builder.Build();
        var state = new SandboxState(options)
        {
            Stopping = app.Lifetime.ApplicationStopping,
            Logger = app.Logger,
        };
        MapEndpoints(app, state);

        await app.StartAsync(cancellationToken);
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        string? certificatePath = null;
        string? certificateFolder = null;
        if (certificates is not null)
        {
            // Next to the ready file, so whoever cleans up the ready file's folder cleans this up too; without one, in a
            // folder of our own that the host removes when it is disposed.
            if (options.ReadyFile is { } ready)
            {
                certificatePath = Path.ChangeExtension(Path.GetFullPath(ready), ".ca.pem");
            }
            else
            {
                certificateFolder = Path.Combine(Path.GetTempPath(), "merchant-sandbox-ca-" + Guid.NewGuid().ToString("N"));
                certificatePath = Path.Combine(certificateFolder, "ca.pem");
            }

            certificatePath = certificates.WriteAuthorityPem(certificatePath);
        }

        var host = new SandboxHost(app, state, url, certificates, certificatePath, certificateFolder);
        if (options.ReadyFile is { } readyFile)
        {
            await WriteReadyFileAsync(readyFile, host, cancellationToken);
        }

        return host;
    }

    /// <summary>Waits for a stop request (SIGTERM, /__sandbox/shutdown), then stops the server gracefully.</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        await Stopping.WaitAsync(cancellationToken);
        await StopAsync(CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        _certificates?.Dispose();
        if (_certificateFolder is not null)
        {
            try
            {
                Directory.Delete(_certificateFolder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left in the temporary folder: it holds no key, only the CA's public certificate.
            }
        }
    }

    private static void MapEndpoints(WebApplication app, SandboxState state)
    {
        // Routing first (where WebApplication would put it anyway), so the fault middleware knows the matched route.
        app.UseRouting();
        app.Use((ctx, next) => ErrorBoundary.InvokeAsync(ctx, next, state));
        app.Use(LoopbackOnly);
        app.UseWhen(FaultMiddleware.AppliesTo, api => api.Use((ctx, next) => FaultMiddleware.InvokeAsync(ctx, next, state)));

        foreach (var route in SandboxRoutes.All)
        {
            app.Map(route.Pattern, ctx => route.HandleAsync(ctx, state)).WithMetadata(route);
        }

        app.MapFallback(ApiJson.NotFoundAsync);
    }

    /// <summary>
    /// The test-support endpoints (<c>/__sandbox/*</c>) answer only callers on this machine: from any other address they
    /// are 404 NOT_FOUND, as if they were not there (they reset, reconfigure and stop the sandbox, without auth).
    /// </summary>
    internal static Task LoopbackOnly(HttpContext ctx, RequestDelegate next) =>
        SandboxRoute.Matched(ctx) is { IsTestSupport: true } && !IsLoopback(ctx.Connection.RemoteIpAddress)
            ? ApiJson.NotFoundAsync(ctx)
            : next(ctx);

    internal static bool IsLoopback(System.Net.IPAddress? address) =>
        address is not null && System.Net.IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary><c>POST /__sandbox/shutdown</c>: answers, then stops the server.</summary>
    internal static Task ShutdownAsync(HttpContext ctx, SandboxState _)
    {
        // Stop once this answer has gone out.
        var lifetime = ctx.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        ctx.Response.OnCompleted(() =>
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        });
        return ApiJson.DataAsync(ctx, 0, static (w, _) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("stopping", true);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>{"url","processId","merchantId","email","password","apiKey"}</c> (and <c>"certificatePath"</c> under HTTPS), written to a temporary file in the same
    /// folder and moved into place, so a reader never sees a partial file.
    /// </summary>
    private static async Task WriteReadyFileAsync(string path, SandboxHost host, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var json = ApiJson.Serialize(host, static (w, h) =>
        {
            w.WriteStartObject();
            w.WriteString("url", h.Url);
            w.WriteNumber("processId", Environment.ProcessId);
            w.WriteString("merchantId", h.Options.MerchantId);
            w.WriteString("email", h.Options.Email);
            w.WriteString("password", h.Options.Password);
            w.WriteString("apiKey", h.Options.ApiKey);
            if (h.CertificatePath is { } certificatePath)
            {
                w.WriteString("certificatePath", certificatePath);
            }

            w.WriteEndObject();
        });
        var temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, json, cancellationToken);
        File.Move(temporary, full, overwrite: true);
    }

    private static Task WhenCancelled(CancellationToken token)
    {
        if (token.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => tcs.TrySetResult());
        return tcs.Task;
    }

    /// <summary>In-process hosts leave Ctrl+C and SIGTERM to the process that runs them.</summary>
    private sealed class InProcessLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
