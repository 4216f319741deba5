using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

// Usage: RawClient <baseUri> <merchantId> <email> <password> <csv> <concurrency>
// Logs in once, then creates one customer per CSV row with <concurrency> requests in flight; prints JSON
// with rows, elapsed seconds and the CPU seconds this process spent on the sending part.
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: RawClient <baseUri> <merchantId> <email> <password> <csv> <concurrency>");
    return 2;
}
var (baseUri, merchantId, email, password, csv, concurrency) = (new Uri(args[0]), args[1], args[2], args[3], args[4], int.Parse(args[5]));
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
Console.WriteLine(JsonSerializer.Serialize(new { rows = lines.Count - 1, failures, seconds = clock.Elapsed.TotalSeconds, cpuSeconds = cpu.TotalSeconds }));
return failures == 0 ? 0 : 1;
