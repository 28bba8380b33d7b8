using WorkSpacesEmulator.Networking;
using System.Net.Http.Json;
using System.Text.Json;
using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Desktops.Docker;
using static WorkSpacesEmulator.Tests.Docker.DockerTestSupport;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>DockerDesktopRuntime against the real engine (issue 3's required tests).</summary>
public sealed class DockerDesktopRuntimeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [SkippableFact]
    public async Task Interfaces_inside_the_container_match_the_spec_and_survive_stop_start()
    {
        SkipWithoutEngine();
        var spec = Spec();
        using var runtime = Runtime();
        try
        {
            var started = await runtime.StartAsync(spec, None);
            started.RuntimeId.Should().NotBeNull(started.Detail);
            var status = await WaitHealthyAsync(runtime, spec.WorkspaceId);
            status.Running.Should().BeTrue();
            status.Detail.Should().Contain($"eth1 {spec.IpAddress}");

            AssertInterfaces(spec);

            await runtime.StopAsync(spec.WorkspaceId, None);
            (await runtime.GetAsync(spec.WorkspaceId, None))!.Running.Should().BeFalse();
            await runtime.StartAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);
            AssertInterfaces(spec);

            // The agent's own view, fetched through the published loopback port (host ports change on every start).
            var agent = (await runtime.GetAsync(spec.WorkspaceId, None))!.StreamingEndpoints["agent"];
            using var http = new HttpClient();
            var info = await http.GetFromJsonAsync<JsonElement>($"http://{agent}/info.json");
            info.GetProperty("workspaceId").GetString().Should().Be(spec.WorkspaceId);
            info.GetProperty("userName").GetString().Should().Be(spec.UserName);
            info.GetProperty("eth1").GetString().Should().Be(spec.IpAddress);
        }
        finally
        {
            CleanUp(spec);
        }
    }

    private static void AssertInterfaces(DesktopSpec spec)
    {
        var lines = Exec(spec.WorkspaceId, "ip", "-o", "-4", "addr").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string Address(string dev) => lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 3 && f[1] == dev).Select(f => f[3]).Single();

        var prefix = spec.SubnetCidr.Split('/')[1];
        Address("eth1").Should().Be($"{spec.IpAddress}/{prefix}");

        var management = Cli("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", DockerNames.ManagementNetwork).Stdout.Trim();
        Ipv4Cidr.TryParse(management, out var mgmt).Should().BeTrue(management);
        var eth0 = Address("eth0").Split('/')[0];
        Ipv4Cidr.TryParseAddress(eth0, out var eth0Address).Should().BeTrue();
        mgmt.Contains(eth0Address).Should().BeTrue($"eth0 {eth0} is on the management network {mgmt}");

        // Management keeps the default route; the subnet network is internal.
        Exec(spec.WorkspaceId, "ip", "route").Should().Contain("default via").And.MatchRegex(@"default via \S+ dev eth0");
    }

    [SkippableFact]
    public async Task Streaming_ports_accept_connections_on_loopback_and_send_the_banner()
    {
        SkipWithoutEngine();
        var spec = Spec(protocols: ["PCOIP", "WSP"]);
        using var runtime = Runtime();
        try
        {
            await runtime.StartAsync(spec, None);
            var status = await WaitHealthyAsync(runtime, spec.WorkspaceId);
            status.StreamingEndpoints.Keys.Should().BeEquivalentTo("PCOIP", "WSP", "agent");
            status.StreamingEndpoints.Values.Should().OnlyContain(e => e.StartsWith("127.0.0.1:"));

            (await ReadBannerAsync(status.StreamingEndpoints["PCOIP"])).Should().Be($"WORKSPACES-EMULATOR PCOIP {spec.WorkspaceId}");
            (await ReadBannerAsync(status.StreamingEndpoints["WSP"])).Should().Be($"WORKSPACES-EMULATOR WSP {spec.WorkspaceId}");

            // Published on loopback only, nowhere else.
            var ports = Cli("port", DockerNames.Container(spec.WorkspaceId)).Stdout;
            ports.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().OnlyContain(l => l.Contains("-> 127.0.0.1:"));
        }
        finally
        {
            CleanUp(spec);
        }
    }

    [SkippableFact]
    public async Task Pcoip_only_desktop_publishes_no_wsp_port()
    {
        SkipWithoutEngine();
        var spec = Spec(protocols: ["PCOIP"]);
        using var runtime = Runtime();
        try
        {
            await runtime.StartAsync(spec, None);
            var status = await WaitHealthyAsync(runtime, spec.WorkspaceId);
            status.StreamingEndpoints.Keys.Should().BeEquivalentTo("PCOIP", "agent");
        }
        finally
        {
            CleanUp(spec);
        }
    }

    [SkippableFact]
    public async Task User_files_survive_stop_start_and_rebuild_while_root_files_do_not_survive_rebuild()
    {
        SkipWithoutEngine();
        var spec = Spec(user: "jdoe");
        using var runtime = Runtime();
        try
        {
            await runtime.StartAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);
            Exec(spec.WorkspaceId, "sh", "-c", "echo mine > /home/jdoe/keep.txt && echo scratch > /root-marker.txt");

            await runtime.StopAsync(spec.WorkspaceId, None);
            await runtime.StartAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);
            Exec(spec.WorkspaceId, "cat", "/home/jdoe/keep.txt").Trim().Should().Be("mine");
            Exec(spec.WorkspaceId, "cat", "/root-marker.txt").Trim().Should().Be("scratch", "stop/start keeps the container");

            var before = (await runtime.GetAsync(spec.WorkspaceId, None))!.RuntimeId;
            await runtime.RebuildAsync(spec, None);
            var rebuilt = await WaitHealthyAsync(runtime, spec.WorkspaceId);
            rebuilt.RuntimeId.Should().NotBe(before, "rebuild makes a fresh container");
            Exec(spec.WorkspaceId, "cat", "/home/jdoe/keep.txt").Trim().Should().Be("mine");
            Exec(spec.WorkspaceId, "sh", "-c", "test -e /root-marker.txt && echo present || echo gone").Trim().Should().Be("gone");
            AssertInterfaces(spec);
        }
        finally
        {
            CleanUp(spec);
        }
    }

    [SkippableFact]
    public async Task Restore_rolls_the_user_volume_back_to_the_snapshot()
    {
        SkipWithoutEngine();
        var spec = Spec(user: "jdoe");
        using var runtime = Runtime();
        try
        {
            (await runtime.SnapshotAsync(spec.WorkspaceId, None)).Should().BeFalse("there is no volume yet");
            await runtime.StartAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);
            Exec(spec.WorkspaceId, "sh", "-c", "echo v1 > /home/jdoe/doc.txt");
            (await runtime.SnapshotAsync(spec.WorkspaceId, None)).Should().BeTrue();
            Exec(spec.WorkspaceId, "sh", "-c", "echo v2 > /home/jdoe/doc.txt && echo new > /home/jdoe/later.txt");

            await runtime.RestoreAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);
            Exec(spec.WorkspaceId, "cat", "/home/jdoe/doc.txt").Trim().Should().Be("v1");
            Exec(spec.WorkspaceId, "sh", "-c", "test -e /home/jdoe/later.txt && echo present || echo gone").Trim().Should().Be("gone");
        }
        finally
        {
            CleanUp(spec);
        }
    }

    [SkippableFact]
    public async Task Externally_killed_desktop_turns_unhealthy_and_reboot_heals_it()
    {
        SkipWithoutEngine();
        var spec = Spec();
        using var runtime = Runtime();
        try
        {
            await runtime.StartAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);

            Cli("kill", DockerNames.Container(spec.WorkspaceId)).Exit.Should().Be(0);
            var killed = await runtime.GetAsync(spec.WorkspaceId, None);
            killed!.Healthy.Should().BeFalse();
            killed.Running.Should().BeFalse();
            killed.Detail.Should().Contain("exited");

            await runtime.RebootAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);
            AssertInterfaces(spec);

            // Removed behind the emulator's back: GetAsync says there is no desktop, reboot recreates it.
            Cli("rm", "-f", DockerNames.Container(spec.WorkspaceId)).Exit.Should().Be(0);
            (await runtime.GetAsync(spec.WorkspaceId, None)).Should().BeNull();
            await runtime.RebootAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);
        }
        finally
        {
            CleanUp(spec);
        }
    }

    [SkippableFact]
    public async Task A_stopped_desktop_whose_subnet_network_was_deleted_outside_comes_back_with_eth1()
    {
        SkipWithoutEngine();
        var spec = Spec(user: "jdoe");
        using var runtime = Runtime();
        try
        {
            await runtime.StartAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);
            Exec(spec.WorkspaceId, "sh", "-c", "echo mine > /home/jdoe/keep.txt");
            await runtime.StopAsync(spec.WorkspaceId, None);
            // What `docker network prune` or a careless `docker network rm` does while the desktop is stopped.
            Cli("network", "rm", DockerNames.SubnetNetwork(spec.SubnetId)).Exit.Should().Be(0);

            await runtime.StartAsync(spec, None);
            var status = await WaitHealthyAsync(runtime, spec.WorkspaceId);
            status.Detail.Should().Contain($"eth1 {spec.IpAddress}");
            AssertInterfaces(spec);
            Exec(spec.WorkspaceId, "cat", "/home/jdoe/keep.txt").Trim().Should().Be("mine");
        }
        finally
        {
            CleanUp(spec);
        }
    }

    [SkippableFact]
    public async Task Remove_leaves_no_container_volume_or_subnet_network()
    {
        SkipWithoutEngine();
        var spec = Spec();
        using var runtime = Runtime();
        try
        {
            await runtime.StartAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);
            (await runtime.SnapshotAsync(spec.WorkspaceId, None)).Should().BeTrue();

            await runtime.RemoveAsync(spec.WorkspaceId, None);

            (await runtime.GetAsync(spec.WorkspaceId, None)).Should().BeNull();
            Cli("ps", "-aq", "--filter", $"label={DockerNames.LabelWorkspaceId}={spec.WorkspaceId}").Stdout.Trim().Should().BeEmpty();
            Cli("volume", "ls", "-q", "--filter", $"label={DockerNames.LabelWorkspaceId}={spec.WorkspaceId}").Stdout.Trim().Should().BeEmpty();
            Cli("network", "ls", "-q", "--filter", $"name=^{DockerNames.SubnetNetwork(spec.SubnetId)}$").Stdout.Trim().Should().BeEmpty();
            await runtime.RemoveAsync(spec.WorkspaceId, None); // idempotent
        }
        finally
        {
            CleanUp(spec);
        }
    }

    [SkippableFact]
    public async Task A_restarted_runtime_adopts_live_desktops_and_removes_orphans()
    {
        SkipWithoutEngine();
        var options = Options();
        var cidr = FreeCidr();
        var live = Spec(cidr);
        Ipv4Cidr.TryParse(cidr, out var c);
        var orphan = Spec(cidr) with { SubnetId = live.SubnetId, IpAddress = Ipv4Cidr.ToAddress(c.Network + 11).ToString() };
        var otherInstance = Spec();
        using var other = Runtime();
        try
        {
            using (var first = Runtime(options))
            {
                await first.StartAsync(live, None);
                await first.StartAsync(orphan, None);
                await WaitHealthyAsync(first, live.WorkspaceId);
            }
            await other.StartAsync(otherInstance, None);

            // "Restart": a new runtime over the same engine and instance label.
            using var second = Runtime(options);
            var managed = await second.ListManagedAsync(None);
            managed.Select(m => m.WorkspaceId).Should().BeEquivalentTo(live.WorkspaceId, orphan.WorkspaceId);
            var adopted = managed.Single(m => m.WorkspaceId == live.WorkspaceId);
            adopted.Account.Should().Be(live.Account);
            adopted.Region.Should().Be(live.Region);
            adopted.Running.Should().BeTrue();
            adopted.Volumes.Should().Equal(DockerNames.UserVolume(live.WorkspaceId));
            (await second.GetAsync(live.WorkspaceId, None))!.Healthy.Should().BeTrue();

            var removed = await second.RemoveOrphansAsync(new HashSet<string> { live.WorkspaceId }, None);
            removed.Should().Contain([DockerNames.Container(orphan.WorkspaceId), DockerNames.UserVolume(orphan.WorkspaceId)]);
            removed.Should().NotContain(n => n.Contains(live.WorkspaceId) || n.Contains(otherInstance.WorkspaceId));

            (await second.GetAsync(orphan.WorkspaceId, None)).Should().BeNull();
            Cli("volume", "ls", "-q", "--filter", $"label={DockerNames.LabelWorkspaceId}={orphan.WorkspaceId}").Stdout.Trim().Should().BeEmpty();
            (await second.ListManagedAsync(None)).Select(m => m.WorkspaceId).Should().Equal(live.WorkspaceId);
            (await second.GetAsync(live.WorkspaceId, None))!.Running.Should().BeTrue();
            // Another emulator's desktops on the same engine are not this instance's to clean.
            (await other.GetAsync(otherInstance.WorkspaceId, None))!.Running.Should().BeTrue();
        }
        finally
        {
            CleanUp(live, orphan, otherInstance);
        }
    }

    [SkippableFact]
    public async Task A_subnet_that_overlaps_a_host_route_gets_metadata_only_networking()
    {
        SkipWithoutEngine();
        var spec = Spec();
        Ipv4Cidr.TryParse(spec.SubnetCidr, out var cidr);
        var covering = new Ipv4Cidr(cidr.Network & 0xFFFF0000, 16);
        using var runtime = Runtime(routes: () => [new HostRoute("tun0", covering)]);
        try
        {
            var started = await runtime.StartAsync(spec, None);
            started.Detail.Should().NotBeNull();
            var status = await WaitHealthyAsync(runtime, spec.WorkspaceId);
            status.Detail.Should().Contain("eth1 metadata-only").And.Contain($"overlaps host route {covering} dev tun0");
            Exec(spec.WorkspaceId, "ip", "-o", "-4", "addr").Should().NotContain("eth1");
            Cli("network", "ls", "-q", "--filter", $"name=^{DockerNames.SubnetNetwork(spec.SubnetId)}$").Stdout.Trim().Should().BeEmpty();
        }
        finally
        {
            CleanUp(spec);
        }
    }

    [SkippableFact]
    public async Task Compute_type_sets_scaled_limits_and_a_compute_change_updates_them()
    {
        SkipWithoutEngine();
        var spec = Spec(computeType: "VALUE");
        var options = Options();
        using var runtime = Runtime(options);
        try
        {
            await runtime.StartAsync(spec, None);
            await WaitHealthyAsync(runtime, spec.WorkspaceId);
            Limits(spec).Should().Be((100_000_000L, 128L * 1024 * 1024), "VALUE is 1 vCPU/2 GiB × 0.0625");

            var power = spec with { ComputeType = "POWER" };
            (await runtime.UpdateResourcesAsync(power, None))!.Healthy.Should().BeTrue();
            Limits(spec).Should().Be((250_000_000L, 1024L * 1024 * 1024), "POWER is 4 vCPU/16 GiB × 0.0625");
        }
        finally
        {
            CleanUp(spec);
        }
    }

    private static (long NanoCpus, long Memory) Limits(DesktopSpec spec)
    {
        var f = Cli("inspect", "--format", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", DockerNames.Container(spec.WorkspaceId)).Stdout.Trim().Split(' ');
        return (long.Parse(f[0]), long.Parse(f[1]));
    }

    [SkippableFact]
    public async Task A_missing_image_is_reported_in_detail_not_thrown()
    {
        SkipWithoutEngine();
        var options = Options();
        options.DesktopImage = "workspaces-emulator/no-such-image:never";
        var spec = Spec();
        using var runtime = Runtime(options);
        try
        {
            var status = await runtime.StartAsync(spec, None);
            status.Running.Should().BeFalse();
            status.Detail.Should().Contain("no-such-image").And.Contain("build-offline.sh");
            (await runtime.GetAsync(spec.WorkspaceId, None))!.Detail.Should().Be(status.Detail);
        }
        finally
        {
            CleanUp(spec);
        }
    }

    [SkippableFact]
    public async Task Twenty_five_desktops_start_in_parallel()
    {
        SkipWithoutEngine();
        var cidr = FreeCidr();
        Ipv4Cidr.TryParse(cidr, out var c);
        // All on one subnet (one Docker network), as a directory's WorkSpaces are, with addresses from .4 upward.
        var subnetId = "subnet-" + Guid.NewGuid().ToString("N")[..9];
        var specs = Enumerable.Range(0, 25)
            .Select(i => Spec(cidr) with { SubnetId = subnetId, IpAddress = Ipv4Cidr.ToAddress(c.Network + 4 + (uint)i).ToString() })
            .ToList();
        using var runtime = Runtime();
        try
        {
            await Task.WhenAll(specs.Select(s => runtime.StartAsync(s, None)));
            var statuses = await Task.WhenAll(specs.Select(s => WaitHealthyAsync(runtime, s.WorkspaceId, TimeSpan.FromSeconds(90))));
            statuses.Should().OnlyContain(s => s.Healthy);
            statuses.Select(s => s.Detail).Should().OnlyContain(d => d!.Contains("eth1 10."));
            // Two WorkSpaces of one subnet reach each other over eth1 (traffic stays inside the engine).
            Exec(specs[0].WorkspaceId, "ping", "-c", "1", "-W", "2", specs[1].IpAddress).Should().Contain("1 packets received");
        }
        finally
        {
            CleanUp([.. specs]);
        }
    }
}
