using WorkSpacesEmulator.Networking;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Desktops.Docker;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>Shared plumbing of the tests that drive DockerDesktopRuntime against the real engine. They skip (with the
/// reason) only when no engine answers; CI installs and starts one. Containers are reached only through ports
/// published on 127.0.0.1 and `docker exec`.</summary>
public static class DockerTestSupport
{
    public const string Socket = "unix:///var/run/docker.sock";
    private static readonly Lazy<(bool Answered, string Description)> Engine = new(() =>
        DockerDesktopRuntime.PingAsync(Socket, TimeSpan.FromSeconds(3), CancellationToken.None).GetAwaiter().GetResult());

    public static void SkipWithoutEngine()
    {
        var (answered, description) = Engine.Value;
        Skip.IfNot(answered, $"no Docker engine answered at {Socket} ({description}); run .ci/install-docker.sh");
        Skip.IfNot(Cli("image", "inspect", "workspaces-emulator/desktop:latest").Exit == 0,
            "the desktop image workspaces-emulator/desktop:latest is missing; run docker/desktop/build-offline.sh");
    }

    /// <summary>A fresh instance label per test, so one test's orphan clean-up never touches another's desktops.</summary>
    public static EmulatorOptions Options() => new()
    {
        DockerSocket = Socket,
        DesktopInstance = "test-" + Guid.NewGuid().ToString("N")[..10],
    };

    public static DockerDesktopRuntime Runtime(EmulatorOptions? options = null, Func<IReadOnlyList<HostRoute>>? routes = null) =>
        new(options ?? Options(), NullLogger<DockerDesktopRuntime>.Instance, "test", routes);

    private static readonly Random Rng = new();

    /// <summary>A random /24 in 10.240.0.0/12 that overlaps no host route and no existing Docker network, so parallel
    /// runs (and a developer's own networks) do not collide.</summary>
    public static string FreeCidr()
    {
        var existing = new List<Ipv4Cidr>();
        var ids = Cli("network", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > 0)
        {
            var subnets = Cli(["network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", .. ids]).Stdout;
            foreach (var s in subnets.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
                if (Ipv4Cidr.TryParse(s, out var c)) existing.Add(c);
        }
        existing.AddRange(HostRoutes.Read().Select(r => r.Destination));
        for (var i = 0; i < 1000; i++)
        {
            int b, c;
            lock (Rng)
            {
                b = 240 + Rng.Next(16);
                c = Rng.Next(256);
            }
            Ipv4Cidr.TryParse($"10.{b}.{c}.0/24", out var candidate);
            if (!existing.Any(e => e.Overlaps(candidate))) return candidate.ToString();
        }
        throw new InvalidOperationException("no free /24 in 10.240.0.0/12");
    }

    public static DesktopSpec Spec(string? cidr = null, string user = "jdoe", string computeType = "STANDARD", IReadOnlyList<string>? protocols = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..9];
        cidr ??= FreeCidr();
        Ipv4Cidr.TryParse(cidr, out var c);
        // .10: past the four addresses AWS reserves, as the emulator's allocator hands them out.
        var ip = Ipv4Cidr.ToAddress(c.Network + 10).ToString();
        return new DesktopSpec("ws-" + suffix, "123456789012", "us-east-1", user, "WSAMZN-" + suffix.ToUpperInvariant(), "d-1234567890",
            "wsb-test00000", computeType, protocols ?? ["PCOIP"], "subnet-" + suffix, cidr, ip);
    }

    public static async Task<DesktopStatus> WaitHealthyAsync(IDesktopRuntime runtime, string workspaceId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        DesktopStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await runtime.GetAsync(workspaceId, CancellationToken.None);
            if (status is { Healthy: true }) return status;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{workspaceId} not healthy: {status?.Detail ?? "no desktop"}");
    }

    /// <summary>Connects to a published 127.0.0.1 port and reads the first line the desktop sends.</summary>
    public static async Task<string> ReadBannerAsync(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        endpoint[..colon].Should().Be("127.0.0.1", "tests only talk to loopback");
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync("127.0.0.1", int.Parse(endpoint[(colon + 1)..]), cts.Token);
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        return (await reader.ReadLineAsync(cts.Token) ?? "").TrimEnd('\r');
    }

    public static (int Exit, string Stdout, string Stderr) Cli(params string[] args)
    {
        var psi = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    public static string Exec(string workspaceId, params string[] command)
    {
        var r = Cli(["exec", DockerNames.Container(workspaceId), .. command]);
        if (r.Exit != 0) throw new InvalidOperationException($"docker exec {string.Join(' ', command)} failed ({r.Exit}): {r.Stderr}");
        return r.Stdout;
    }

    /// <summary>Best-effort removal of everything a test may have left, whatever state it ended in.</summary>
    public static void CleanUp(params DesktopSpec[] specs)
    {
        foreach (var spec in specs)
        {
            Cli("rm", "-f", DockerNames.Container(spec.WorkspaceId));
            Cli("volume", "rm", "-f", DockerNames.UserVolume(spec.WorkspaceId), DockerNames.SnapshotVolume(spec.WorkspaceId));
            Cli("network", "rm", DockerNames.SubnetNetwork(spec.SubnetId));
        }
    }
}
