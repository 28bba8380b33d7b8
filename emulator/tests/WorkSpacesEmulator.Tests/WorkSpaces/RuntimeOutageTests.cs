using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

/// <summary>A desktop runtime that can be "taken down" like a stopped Docker engine: it answers every status
/// query with RuntimeUnavailable until it is brought back.</summary>
public sealed class OutageRuntime : IDesktopRuntime
{
    private readonly SimulatedDesktopRuntime _inner = new(NullLogger<SimulatedDesktopRuntime>.Instance, "test");
    public volatile bool Down;

    public string Name => "outage-test";
    public string Reason => "test";
    public Task<DesktopStatus> StartAsync(DesktopSpec spec, CancellationToken ct) => _inner.StartAsync(spec, ct);
    public Task StopAsync(string id, CancellationToken ct) => _inner.StopAsync(id, ct);
    public Task<DesktopStatus> RebootAsync(DesktopSpec spec, CancellationToken ct) => _inner.RebootAsync(spec, ct);
    public Task<DesktopStatus> RebuildAsync(DesktopSpec spec, CancellationToken ct) => _inner.RebuildAsync(spec, ct);
    public Task RemoveAsync(string id, CancellationToken ct) => _inner.RemoveAsync(id, ct);
    public async Task<DesktopStatus?> GetAsync(string id, CancellationToken ct) =>
        Down ? new DesktopStatus(id, Name, null, false, false, new Dictionary<string, string>(), "engine down", RuntimeUnavailable: true) : await _inner.GetAsync(id, ct);
    public Task<DesktopStatus?> UpdateResourcesAsync(DesktopSpec spec, CancellationToken ct) => _inner.UpdateResourcesAsync(spec, ct);
    public Task<string?> ApplyIngressAsync(string id, IReadOnlyList<IngressRule> rules, CancellationToken ct) => _inner.ApplyIngressAsync(id, rules, ct);
    public Task<bool> SnapshotAsync(string id, CancellationToken ct) => _inner.SnapshotAsync(id, ct);
    public Task<DesktopStatus> RestoreAsync(DesktopSpec spec, CancellationToken ct) => _inner.RestoreAsync(spec, ct);
    public Task<IReadOnlyList<ManagedDesktop>> ListManagedAsync(CancellationToken ct) => _inner.ListManagedAsync(ct);
    public Task<IReadOnlyList<string>> RemoveOrphansAsync(IReadOnlySet<string> live, CancellationToken ct) => _inner.RemoveOrphansAsync(live, ct);
}

public sealed class OutageEmulatorFactory : EmulatorFactory
{
    public OutageRuntime Runtime { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IDesktopRuntime>(Runtime));
    }
}

public sealed class RuntimeOutageTests(OutageEmulatorFactory factory) : IClassFixture<OutageEmulatorFactory>
{
    [Fact]
    public async Task Api_keeps_serving_during_a_runtime_outage_and_WorkSpaces_recover_when_it_returns()
    {
        var bed = new WorkSpacesTestBed(factory);
        var dir = await bed.RegisteredDirectory("otto");
        var id = await bed.CreateWorkspace(dir, "otto");
        await bed.WaitForState(id, "AVAILABLE");

        factory.Runtime.Down = true;
        await bed.WaitForState(id, "UNHEALTHY");
        var during = (await bed.Workspace(id))!;
        during["ErrorCode"]!.GetValue<string>().Should().Be("RuntimeUnavailable", "the WorkSpace says why");
        (await bed.Call("DescribeWorkspaceBundles", new { Owner = "AMAZON" })).Status.Should().Be(200, "the API keeps serving");

        factory.Runtime.Down = false;
        await bed.WaitForState(id, "AVAILABLE");
        (await bed.Workspace(id))!["ErrorCode"].Should().BeNull();
    }
}
