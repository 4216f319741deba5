using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

// Usage: RawClient <baseUri> <merchantId> <email> <password> <csv>[,<csv>...] <concurrency> [--ca <pem>]
// Logs in once, then for each CSV file in turn creates one customer per row with <concurrency> requests in flight.
// --ca: over HTTPS, trust the certificate authorities of this PEM file (and only them) for the server's chain.
// Prints one JSON line: the first file's rows, failures, elapsed and CPU seconds (this process, sending part only) at
// the top, and every file's figures under "passes" (later files show the cost once the JIT has warmed up).
const string usage = "usage: RawClient <baseUri> <merchantId> <email> <password> <csv>[,<csv>...] <concurrency> [--ca <pem>]";
var positional = new List<string>();
string? caPath = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--ca" && i + 1 < args.Length) caPath = args[++i];
    else positional.Add(args[i]);
}
if (positional.Count != 6)
{
    Console.Error.WriteLine(usage);
    return 2;
}
var (baseUri, merchantId, email, password, files, concurrency) =
    (new Uri(positional[0]), positional[1], positional[2], positional[3], positional[4].Split(','), int.Parse(positional[5]));
var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
if (caPath is not null)
{
    var authorities = new X509Certificate2Collection();
    authorities.ImportFromPemFile(caPath);
    handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
    {
        if (errors == SslPolicyErrors.None) return true;
        // A wrong name or no certificate is never excused; only the chain may be vouched for, by the given CAs alone.
        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    };
}
using var http = new HttpClient(handler) { BaseAddress = baseUri };

var login = new HttpRequestMessage(HttpMethod.Post, "v2/auth/login")
{
    Content = new StringContent(JsonSerializer.Serialize(new { token = email, password }), Encoding.UTF8, "application/json"),
};
login.Headers.TryAddWithoutValidation("merchant_id", merchantId);
using var loginResponse = await http.SendAsync(login);
loginResponse.EnsureSuccessStatusCode();
using var tokens = JsonDocument.Parse(await loginResponse.Content.ReadAsStringAsync());
var bearer = new AuthenticationHeaderValue("Bearer", tokens.RootElement.GetProperty("data").GetProperty("accessToken").GetString());

var passes = new List<Pass>();
foreach (var csv in files)
{
    var lines = File.ReadLines(csv).ToList();
    var header = lines[0].Split(',').Select(h => h.Trim('"')).ToArray();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var failures = 0;
    await Parallel.ForEachAsync(lines.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (line, token) =>
    {
        var cells = line.Split(',').Select(c => c.Trim('"')).ToArray();
        var body = new Dictionary<string, string>();
        for (var i = 0; i < header.Length && i < cells.Length; i++)
            if (cells[i].Length > 0) body[char.ToLowerInvariant(header[i][0]) + header[i][1..]] = cells[i];
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/customer/create")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = bearer;
        using var response = await http.SendAsync(request, token);
        using var customer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(token), cancellationToken: token);
        if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
    });
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    passes.Add(new Pass(lines.Count - 1, failures, clock.Elapsed.TotalSeconds, cpu.TotalSeconds));
}
var first = passes[0];
// Web defaults write camelCase names (rows, failures, seconds, cpuSeconds, passes), which Invoke-Benchmarks.ps1 reads.
Console.WriteLine(JsonSerializer.Serialize(new { first.Rows, first.Failures, first.Seconds, first.CpuSeconds, passes },
    new JsonSerializerOptions(JsonSerializerDefaults.Web)));
return passes.Sum(p => p.Failures) == 0 ? 0 : 1;

internal sealed record Pass(int Rows, int Failures, double Seconds, double CpuSeconds);
