using System.Runtime.CompilerServices;
using WorkSpacesEmulator.Testcontainers;

namespace WorkSpacesSample.Tests;

/// <summary>One emulator per test class: a throwaway container from the Testcontainers module, or the emulator at
/// EMULATOR_ENDPOINT when that is set (e.g. `docker run --rm -p 4566:4566 workspaces-emulator` started by hand).</summary>
public abstract class EmulatorFixture(string desktopRuntime) : IAsyncLifetime
{
    private WorkSpacesEmulatorContainer? _container;

    [ModuleInitializer]
    internal static void NoResourceReaper() =>
        // Testcontainers' resource reaper (Ryuk) is an image from a registry; offline it cannot be pulled. The fixture
        // disposes its container itself.
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED") ?? "true");

    public string Endpoint { get; private set; } = "";

    /// <summary>Why the tests cannot run here (no Docker engine), or null.</summary>
    public string? Unavailable { get; private set; }

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("EMULATOR_ENDPOINT") is { Length: > 0 } external && desktopRuntime == "simulated")
        {
            Endpoint = external.TrimEnd('/');
            return;
        }
        if (!File.Exists("/var/run/docker.sock") && Environment.GetEnvironmentVariable("DOCKER_HOST") is null)
        {
            Unavailable = "no Docker engine (/var/run/docker.sock): the Testcontainers module needs one";
            return;
        }
        _container = new WorkSpacesEmulatorBuilder()
            .WithDesktopRuntime(desktopRuntime)
            .WithTransitionTime(TimeSpan.FromSeconds(0.3))
            // These tests provision desktops for an AD Connector whose DNS address (10.0.0.10) exists nowhere: keep
            // directories as records, or a Docker-backed emulator would really try to reach that address.
            .WithEnvironment("EMULATOR_DIRECTORY_RUNTIME", "simulated")
            .Build();
        await _container.StartAsync();
        Endpoint = _container.Endpoint;
    }

    public async Task DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}

public sealed class SimulatedEmulator() : EmulatorFixture("simulated");

public sealed class DockerBackedEmulator() : EmulatorFixture("docker");
