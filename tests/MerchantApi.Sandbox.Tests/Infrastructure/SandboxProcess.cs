using System.Collections.Concurrent;
using System.Diagnostics;

namespace MerchantApi.Sandbox.Tests.Infrastructure;

/// <summary>The built sandbox run as a separate process: <c>dotnet MerchantApi.Sandbox.dll ...</c>.</summary>
public sealed class SandboxProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private SandboxProcess(Process process) => Process = process;

    public Process Process { get; }

    public IReadOnlyCollection<string> StdoutLines => _stdout;

    public string Stderr => string.Join('\n', _stderr);

    /// <summary>The sandbox next to the tests (the project reference copies it with its runtimeconfig), or $SANDBOX_DLL.</summary>
    public static string DllPath =>
        Environment.GetEnvironmentVariable("SANDBOX_DLL") is { Length: > 0 } path
            ? path
            : Path.Combine(AppContext.BaseDirectory, "MerchantApi.Sandbox.dll");

    public static SandboxProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("SANDBOX_READY_FILE");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var sandbox = new SandboxProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                sandbox._stdout.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                sandbox._stderr.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sandbox;
    }

    /// <summary>Runs to completion (for --help and bad command lines).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var sandbox = Start(args);
        await sandbox.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (sandbox.Process.ExitCode, string.Join('\n', sandbox._stdout), sandbox.Stderr);
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await Process.WaitForExitAsync(cts.Token);
    }

    public static async Task<string> WaitForFileAsync(string path, TimeSpan timeout, SandboxProcess owner)
    {
        var timer = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (owner.Process.HasExited)
            {
                Assert.Fail($"sandbox exited early ({owner.Process.ExitCode}): {owner.Stderr}");
            }

            Assert.True(timer.Elapsed < timeout, $"no ready file after {timeout}: {owner.Stderr}");
            await Task.Delay(25);
        }

        return await File.ReadAllTextAsync(path);
    }

    public void SendSigterm()
    {
        using var kill = Process.Start("kill", ["-s", "TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(5000);
        }

        Process.Dispose();
    }
}
