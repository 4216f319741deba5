using System.Security.Cryptography;
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
    private int _stopped;

    private SandboxHost(WebApplication app, SandboxState state, string url)
    {
        _app = app;
        _state = state;
        Url = url;
    }

    /// <summary>The bound base URL, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Url { get; }

    public SandboxOptions Options => _state.Options;

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

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 1024 * 1024;
        });
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
        var host = new SandboxHost(app, state, url);
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
    }

    private static void MapEndpoints(WebApplication app, SandboxState state)
    {
        // Routing first (where WebApplication would put it anyway), so the fault middleware knows the matched route.
        app.UseRouting();
        app.Use((ctx, next) => ErrorBoundary.InvokeAsync(ctx, next, state));
        app.UseWhen(FaultMiddleware.AppliesTo, api => api.Use((ctx, next) => FaultMiddleware.InvokeAsync(ctx, next, state)));

        foreach (var route in SandboxRoutes.All)
        {
            app.Map(route.Pattern, ctx => route.HandleAsync(ctx, state)).WithMetadata(route);
        }

        app.MapFallback(ApiJson.NotFoundAsync);
    }

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
    /// <c>{"url","processId","merchantId","email","password","apiKey"}</c>, written to a temporary file in the same
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
