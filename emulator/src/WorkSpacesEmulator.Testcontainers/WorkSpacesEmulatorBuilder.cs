using System.Globalization;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Images;

namespace WorkSpacesEmulator.Testcontainers;

/// <summary>Builds a throwaway WorkSpaces emulator container:
/// <code>await using var emu = new WorkSpacesEmulatorBuilder().Build(); await emu.StartAsync(); // emu.Endpoint</code>
/// Simulated desktops (default) run on a bridge network with port 4566 mapped to a random host port. Docker-backed
/// desktops (<see cref="WithDesktopRuntime"/> "docker") need the engine's socket and the host network, because the
/// emulator checks each desktop through the port Docker publishes on the host's 127.0.0.1 (README, "Running in a
/// container"); the emulator then listens on a free host port on 127.0.0.1.</summary>
public sealed class WorkSpacesEmulatorBuilder
{
    public const string DefaultImage = "workspaces-emulator:latest";
    public const int ContainerPort = 4566;

    private string _image = DefaultImage;
    private string _desktopRuntime = "simulated";
    private double _transitionSeconds = 0.5;
    private string _dockerSocket = "/var/run/docker.sock";
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    /// <summary>The image (default workspaces-emulator:latest; build it with docker/emulator/build-offline.sh or the root Dockerfile).</summary>
    public WorkSpacesEmulatorBuilder WithImage(string image) { _image = image; return this; }

    /// <summary>"simulated" (default) or "docker" (every WorkSpace a sibling container on the same engine).</summary>
    public WorkSpacesEmulatorBuilder WithDesktopRuntime(string runtime)
    {
        if (runtime is not ("simulated" or "docker")) throw new ArgumentException("The desktop runtime is \"simulated\" or \"docker\".", nameof(runtime));
        _desktopRuntime = runtime;
        return this;
    }

    /// <summary>EMULATOR_TRANSITION_SECONDS: time in each transitional state (default 0.5 s here; 0 = instant).</summary>
    public WorkSpacesEmulatorBuilder WithTransitionTime(TimeSpan transition)
    {
        if (transition < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(transition));
        _transitionSeconds = transition.TotalSeconds;
        return this;
    }

    /// <summary>The host's Docker socket mounted for Docker-backed desktops (default /var/run/docker.sock).</summary>
    public WorkSpacesEmulatorBuilder WithDockerSocket(string path) { _dockerSocket = path; return this; }

    /// <summary>Any other EMULATOR_* setting (README, "Configuration").</summary>
    public WorkSpacesEmulatorBuilder WithEnvironment(string name, string value) { _environment[name] = value; return this; }

    public WorkSpacesEmulatorContainer Build()
    {
        DockerApiVersion.EnsureCompatible(_dockerSocket);
        // Its own label value keeps this emulator's desktop containers apart from any other emulator's on the engine.
        var instance = "tc-" + Guid.NewGuid().ToString("N")[..10];
        var builder = new ContainerBuilder(_image)
            .WithImagePullPolicy(PullPolicy.Missing)
            .WithEnvironment("EMULATOR_DESKTOP_RUNTIME", _desktopRuntime)
            .WithEnvironment("EMULATOR_TRANSITION_SECONDS", _transitionSeconds.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("EMULATOR_DESKTOP_INSTANCE", instance)
            .WithEnvironment("EMULATOR_DATA_DIR", ":memory:");
        foreach (var (k, v) in _environment) builder = builder.WithEnvironment(k, v);

        int? hostPort = null;
        if (_desktopRuntime == "docker")
        {
            hostPort = FreeLoopbackPort();
            builder = builder
                .WithCreateParameterModifier(p => p.HostConfig!.NetworkMode = "host")
                .WithBindMount(_dockerSocket, "/var/run/docker.sock")
                .WithEnvironment("EMULATOR_PORT", hostPort.Value.ToString(CultureInfo.InvariantCulture))
                .WithEnvironment("EMULATOR_BIND_ADDRESS", "127.0.0.1");
        }
        else
        {
            builder = builder.WithPortBinding(ContainerPort, assignRandomHostPort: true);
        }
        var health = new HealthWait();
        builder = builder.WithWaitStrategy(Wait.ForUnixContainer().AddCustomWaitStrategy(health));
        var container = new WorkSpacesEmulatorContainer(builder.Build(), hostPort, _desktopRuntime);
        health.Emulator = container;
        return container;
    }

    private static int FreeLoopbackPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
