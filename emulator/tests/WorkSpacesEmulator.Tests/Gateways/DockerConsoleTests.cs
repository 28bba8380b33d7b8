using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using WorkSpacesEmulator.Tests.Docker;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Gateways;

/// <summary>Sign-in and stream into a real container of the light desktop image: the console runs as the user in the
/// user's home, so a file written through the stream is in the user volume.</summary>
[Collection("docker-end-to-end")]
public sealed class DockerConsoleTests : IAsyncDisposable
{
    private readonly GatewayFactory _factory = new();
    private readonly string _instance = "gw-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The light image built from this checkout's docker/desktop (skipped when its content hash is unchanged).</summary>
    public static string BuildLightImage()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "WorkSpacesEmulator.sln"))) root = Path.GetDirectoryName(root)!;
        const string image = "wse-gw-test/desktop:latest";
        var psi = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(root, "docker", "desktop", "build-offline.sh"), image])
            { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("build-offline.sh failed: " + output);
        return image;
    }

    [SkippableFact]
    public async Task A_command_typed_into_the_stream_runs_as_the_user_in_the_user_volume()
    {
        DockerTestSupport.SkipWithoutEngine();
        _factory.Settings["EMULATOR_DESKTOP_RUNTIME"] = "docker";
        _factory.Settings["EMULATOR_DESKTOP_INSTANCE"] = _instance;
        _factory.Settings["EMULATOR_DESKTOP_IMAGE"] = BuildLightImage();
        _factory.Settings["EMULATOR_TRANSITION_SECONDS"] = "0.2";
        var gw = await new GatewayBed(_factory).WithDirectoryAsync("jdoe");
        var ws = await gw.Bed.CreateWorkspace(gw.DirectoryId, "jdoe");
        await Eventually.WaitAsync(() => gw.Bed.State(ws), s => s == "AVAILABLE", "AVAILABLE", 60_000);
        var token = await gw.SignIn("jdoe");

        var client = _factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = r => r.Headers["Authorization"] = "Bearer " + token;
        using var socket = await client.ConnectAsync(new Uri(_factory.Server.BaseAddress, "/client/v1/stream"), CancellationToken.None);
        await ReadUntil(socket, "\n");
        await Send(socket, "CONSOLE");
        await ReadUntil(socket, "$ ");
        await Send(socket, "echo hi > ~/note; id -un; pwd");
        var output = await ReadUntil(socket, "$ ");
        output.Should().Contain("jdoe\n/home/jdoe\n");

        DockerTestSupport.Exec(ws, "cat", "/home/jdoe/note").Should().Be("hi\n");
        DockerTestSupport.Exec(ws, "stat", "-c", "%u", "/home/jdoe/note").Trim().Should().Be("1000");
        var mounts = DockerTestSupport.Cli("inspect", "-f", "{{range .Mounts}}{{.Name}}:{{.Destination}} {{end}}", Desktops.Docker.DockerNames.Container(ws)).Stdout;
        mounts.Should().Contain($"{Desktops.Docker.DockerNames.UserVolume(ws)}:/home/jdoe");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        (await gw.Bed.Call("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        await Eventually.WaitAsync(() => gw.Bed.State(ws), s => s is null, "terminated", 60_000);
    }

    private static Task<string> ReadUntil(WebSocket socket, string expected) => StreamText.ReadUntil(socket, expected);

    private static Task Send(WebSocket socket, string line) => StreamText.Send(socket, line);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        var ids = DockerTestSupport.Cli("ps", "-aq", "--filter", "label=workspaces-emulator.instance=" + _instance).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > 0) DockerTestSupport.Cli(["rm", "-f", .. ids]);
    }
}
