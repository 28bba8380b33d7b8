using System.Diagnostics;
using System.Runtime;

namespace WorkSpacesEmulator;

/// <summary>Where start-up time goes (EMULATOR_STARTUP_TRACE=true): one stderr line per phase with the wall time
/// since the process started, the process's CPU time, and how many methods the JIT compiled (what ReadyToRun
/// missed) and how long it took. Off by default: the check is one environment read.</summary>
public static class StartupTrace
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("EMULATOR_STARTUP_TRACE") is "true" or "1";

    private static readonly DateTime ProcessStart = Enabled ? Process.GetCurrentProcess().StartTime.ToUniversalTime() : default;
    private static int _requests;

    public static void Mark(string phase)
    {
        if (!Enabled) return;
        var wall = (DateTime.UtcNow - ProcessStart).TotalMilliseconds;
        using var self = Process.GetCurrentProcess();
        Console.Error.WriteLine(
            $"startup-trace {phase,-28} wall {wall,6:0} ms  cpu {self.TotalProcessorTime.TotalMilliseconds,5:0} ms  " +
            $"jit {JitInfo.GetCompiledMethodCount(),5} methods {JitInfo.GetCompilationTime().TotalMilliseconds,5:0} ms  " +
            $"assemblies {AppDomain.CurrentDomain.GetAssemblies().Length,3}");
    }

    /// <summary>Middleware: marks the start and end of the first requests (the first health check and the first API
    /// calls pay for lazy work: endpoint building, serializer metadata, first-use JIT).</summary>
    public static async Task AroundFirstRequests(Microsoft.AspNetCore.Http.HttpContext context, Func<Task> next)
    {
        var n = Interlocked.Increment(ref _requests);
        if (n > 3) { await next(); return; }
        Mark($"request {n} begin {context.Request.Path}");
        await next();
        Mark($"request {n} end {context.Response.StatusCode}");
    }
}
