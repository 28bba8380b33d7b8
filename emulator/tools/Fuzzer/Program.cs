using System.Diagnostics;
using WorkSpacesEmulator.Fuzzing;

// dotnet run -c Release --project emulator/tools/Fuzzer -- --requests 50000 [--endpoint http://127.0.0.1:4566] [--seed 1] [--concurrency 4]
// Sends model-driven fuzzed requests to a running emulator and prints how many it sent, the statuses, and every
// request that got a 5xx or a malformed body. Exits 1 when there was any.
var requests = 50_000;
var endpoint = "http://127.0.0.1:4566";
var seed = 1;
var concurrency = 4;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--requests": requests = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--endpoint": endpoint = args[i + 1]; break;
        case "--seed": seed = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--concurrency": concurrency = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
    }
}
var target = new Uri(endpoint);
if (!target.IsLoopback) { Console.Error.WriteLine("The fuzzer only sends traffic to a loopback endpoint."); return 2; }

using var http = new HttpClient { BaseAddress = target, Timeout = TimeSpan.FromSeconds(60) };
var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
var labels = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
var sent = 0;
var watch = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, concurrency), async (worker, ct) =>
{
    // Each worker has its own deterministic stream and account, so runs are repeatable.
    var fuzzer = new RequestFuzzer(seed * 1000 + worker, (100000000000L + seed * 1000 + worker).ToString(System.Globalization.CultureInfo.InvariantCulture));
    while (Interlocked.Increment(ref sent) <= requests)
    {
        var r = fuzzer.Next();
        using var message = r.ToHttpRequest();
        using var response = await http.SendAsync(message, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var status = (int)response.StatusCode;
        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        labels.AddOrUpdate(r.Label, 1, (_, n) => n + 1);
        if (FuzzVerdict.Problem(status, response.Content.Headers.ContentType?.ToString(), body, r.Method) is { } problem)
            problems.Enqueue($"{r.Label} {r.Method} {r.PathAndQuery[..Math.Min(80, r.PathAndQuery.Length)]}: {problem}: {System.Text.Encoding.UTF8.GetString(body[..Math.Min(300, body.Length)])}");
    }
});
var total = statuses.Values.Sum();
Console.WriteLine($"requests: {total} in {watch.Elapsed.TotalSeconds:0.0} s against {endpoint} (seed {seed}, {concurrency} workers)");
Console.WriteLine($"operations targeted: {labels.Count}");
Console.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
Console.WriteLine($"5xx or malformed answers: {problems.Count}");
foreach (var p in problems.Take(50)) Console.WriteLine("  " + p);
return problems.IsEmpty ? 0 : 1;
