using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

// Usage: RawClient <baseUri> <merchantId> <email> <password> <csv>[,<csv>...] <concurrency>
// Logs in once, then for each CSV file in turn creates one customer per row with <concurrency> requests in flight.
// Prints one JSON line: the first file's rows, failures, elapsed and CPU seconds (this process, sending part only) at
// the top, and every file's figures under "passes" (later files show the cost once the JIT has warmed up).
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: RawClient <baseUri> <merchantId> <email> <password> <csv>[,<csv>...] <concurrency>");
    return 2;
}
var (baseUri, merchantId, email, password, files, concurrency) = (new Uri(args[0]), args[1], args[2], args[3], args[4].Split(','), int.Parse(args[5]));
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = baseUri };

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
