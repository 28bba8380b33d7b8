using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

/// <summary>The baseline: a minimal Kestrel app in its own process (server GC, like the emulator) that answers every
/// request with one fixed body and the headers the emulator sends, so emulator ÷ raw Kestrel is what the emulator's
/// own work costs on this machine at that moment.</summary>
static class RawKestrel
{
    public static async Task ServeAsync(int port, string bodyFile)
    {
        var body = await File.ReadAllBytesAsync(bodyFile);
        var requestId = Guid.NewGuid().ToString();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(http =>
        {
            var response = http.Response;
            response.StatusCode = 200;
            response.ContentType = "application/x-amz-json-1.1";
            response.Headers["x-amzn-RequestId"] = requestId;
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body).AsTask();
        });
        await app.RunAsync();
    }

    /// <summary>A running baseline; disposing it stops the process.</summary>
    public sealed class Server(Process process, int port, string bodyFile) : IAsyncDisposable
    {
        public Process Process { get; } = process;
        public int Port { get; } = port;

        public async ValueTask DisposeAsync()
        {
            Process.Kill(true);
            await Process.WaitForExitAsync();
            File.Delete(bodyFile);
        }
    }

    /// <summary>Starts the baseline serving <paramref name="answer"/> and waits until it answers exactly that.</summary>
    public static async Task<Server> StartAsync(byte[] answer, string request)
    {
        var bodyFile = Path.Combine(Path.GetTempPath(), $"wse-bench-raw-{Environment.ProcessId}-{answer.Length}.json");
        await File.WriteAllBytesAsync(bodyFile, answer);
        var port = ColdStart.FreePort();
        var self = typeof(RawKestrel).Assembly.Location;
        var process = Process.Start(new ProcessStartInfo("dotnet", [self, "--raw-kestrel", bodyFile, "--port", port.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The emulator's settings (its csproj): server GC, tiered PGO.
            Environment = { ["DOTNET_gcServer"] = "1", ["DOTNET_TieredPGO"] = "1" },
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Server(process, port, bodyFile);
        using var http = new HttpClient();
        for (var i = 0; ; i++)
        {
            try
            {
                var got = await (await http.PostAsync($"http://127.0.0.1:{port}/", new StringContent(request))).Content.ReadAsByteArrayAsync();
                if (!got.AsSpan().SequenceEqual(answer)) throw new InvalidOperationException("raw Kestrel answered another body");
                return server;
            }
            catch (HttpRequestException) when (i < 1000) { await Task.Delay(10); }
        }
    }
}
