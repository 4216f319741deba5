namespace MerchantApi.Sandbox;

/// <summary>
/// <c>dotnet MerchantApi.Sandbox.dll [options]</c>: exit 0 after --help or a clean stop (SIGTERM,
/// POST /__sandbox/shutdown), 2 for a bad command line, 1 when the server cannot start (e.g. the port is taken).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var parsed = SandboxOptions.Parse(args, Environment.GetEnvironmentVariable);
        if (parsed.ShowHelp)
        {
            Console.Out.Write(SandboxOptions.Usage);
            return 0;
        }

        if (parsed.Error is not null)
        {
            Console.Error.WriteLine($"MerchantApi.Sandbox: {parsed.Error}");
            Console.Error.WriteLine("Run with --help to list the options.");
            return 2;
        }

        SandboxHost host;
        try
        {
            host = await SandboxHost.StartCoreAsync(parsed.Options, handleProcessSignals: true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or FormatException)
        {
            Console.Error.WriteLine($"MerchantApi.Sandbox: cannot start: {e.Message}");
            return 1;
        }

        await using (host)
        {
            Console.Out.WriteLine($"SANDBOX_LISTENING {host.Url}");
            if (!host.Options.Quiet)
            {
                foreach (var line in SandboxBanner.Lines(host.Url, host.Options, host.CertificatePath))
                {
                    Console.Out.WriteLine(line);
                }
            }

            Console.Out.Flush();
            await host.WaitForShutdownAsync();
        }

        return 0;
    }
}
