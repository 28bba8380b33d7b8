using System.Diagnostics;
using System.Text.Json.Nodes;

namespace WorkSpacesEmulator.SdkTests;

public sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
{
    public JsonNode Json => JsonNode.Parse(StdOut)!;

    public ToolResult Ok()
    {
        if (ExitCode != 0) throw new Xunit.Sdk.XunitException($"Exit code {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}");
        return this;
    }
}

/// <summary>Runs the unchanged AWS CLI and boto3 (python3) against the emulator on 127.0.0.1 only.</summary>
public static class ExternalTool
{
    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string> env, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)} timed out"); }
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    public static Dictionary<string, string> AwsEnvironment(EmulatorProcess emulator, string account = "test", string region = "us-east-1") => new()
    {
        ["AWS_ACCESS_KEY_ID"] = account,
        ["AWS_SECRET_ACCESS_KEY"] = "test",
        ["AWS_DEFAULT_REGION"] = region,
        ["AWS_REGION"] = region,
        ["AWS_ENDPOINT_URL"] = emulator.Endpoint,
        ["AWS_MAX_ATTEMPTS"] = "1",
        ["AWS_PAGER"] = "",
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["EMULATOR_ENDPOINT"] = emulator.Endpoint,
    };
}

/// <summary>The AWS CLI pointed at the emulator: <c>aws --endpoint-url … --output json</c>.</summary>
public sealed class AwsCli(EmulatorProcess emulator, string account = "test", string region = "us-east-1")
{
    public Task<ToolResult> RunAsync(params string[] args) =>
        ExternalTool.RunAsync("aws", ["--endpoint-url", emulator.Endpoint, "--output", "json", .. args], ExternalTool.AwsEnvironment(emulator, account, region));

    public async Task<JsonNode> JsonAsync(params string[] args)
    {
        var result = (await RunAsync(args)).Ok();
        return result.StdOut.Trim().Length == 0 ? new JsonObject() : result.Json;
    }

    /// <summary>Polls a CLI query until the predicate holds.</summary>
    public async Task<JsonNode> WaitAsync(Func<JsonNode, bool> done, string what, params string[] args)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonNode last;
        do
        {
            last = await JsonAsync(args);
            if (done(last)) return last;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}: {last.ToJsonString()}");
    }
}
