using System.Net;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace WorkSpacesEmulator.Testcontainers;

/// <summary>A started emulator: point AWS SDKs at <see cref="Endpoint"/>. Disposing removes its desktops and the container.</summary>
public sealed class WorkSpacesEmulatorContainer : IAsyncDisposable
{
    private readonly IContainer _container;
    private readonly int? _hostNetworkPort;

    internal WorkSpacesEmulatorContainer(IContainer container, int? hostNetworkPort, string desktopRuntime)
    {
        _container = container;
        _hostNetworkPort = hostNetworkPort;
        DesktopRuntime = desktopRuntime;
    }

    public string DesktopRuntime { get; }

    /// <summary>The underlying Testcontainers container (logs, id, exec).</summary>
    public IContainer Container => _container;

    /// <summary>http://127.0.0.1:port — the one edge port for WorkSpaces, Directory Service, ds-data and EC2.</summary>
    public string Endpoint => _hostNetworkPort is { } p
        ? $"http://127.0.0.1:{p}"
        : $"http://{(_container.Hostname is "localhost" ? "127.0.0.1" : _container.Hostname)}:{_container.GetMappedPublicPort(WorkSpacesEmulatorBuilder.ContainerPort)}";

    /// <summary>Starts the container and waits until GET /_emulator/health answers 200.</summary>
    public Task StartAsync(CancellationToken ct = default) => _container.StartAsync(ct);

    /// <summary>POST /_emulator/reset: wipes all state (and removes the desktops), e.g. between tests.</summary>
    public async Task ResetAsync(CancellationToken ct = default)
    {
        using var http = new HttpClient();
        (await http.PostAsync($"{Endpoint}/_emulator/reset", null, ct)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        // Docker-backed desktops are sibling containers the emulator owns: remove them before the emulator goes.
        if (DesktopRuntime == "docker" && _container.State == TestcontainersStates.Running)
        {
            try { await ResetAsync(); } catch (HttpRequestException) { }
        }
        await _container.DisposeAsync();
    }

    internal async Task<bool> IsHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try { return (await http.GetAsync($"{Endpoint}/_emulator/health")).StatusCode == HttpStatusCode.OK; }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }
}
