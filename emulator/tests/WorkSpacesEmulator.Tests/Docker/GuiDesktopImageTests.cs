using WorkSpacesEmulator.Desktops;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>The graphical desktop image (docker/desktop-gui, built offline from this checkout; skipped when its recipe
/// hash is unchanged): a Linux WorkSpace's desktop runs it, its streaming ports speak RFB, its session runs as the
/// user with the home on the user volume.</summary>
[Collection("docker-end-to-end")]
public sealed class GuiDesktopImageTests
{
    public const string Image = "wse-gui-test/desktop-gui:latest";

    /// <summary>Builds the image with docker/desktop-gui/build-offline.sh (debootstrap on a cold cache, seconds after).</summary>
    public static string BuildGuiImage()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "WorkSpacesEmulator.sln"))) root = Path.GetDirectoryName(root)!;
        var psi = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(root, "docker", "desktop-gui", "build-offline.sh"), Image])
            { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd() + stderr.Result;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("docker/desktop-gui/build-offline.sh failed: " + output);
        return Image;
    }

    public static void SkipWithoutTools()
    {
        DockerTestSupport.SkipWithoutEngine();
        Skip.If(DockerTestSupport.Cli("image", "inspect", Image).Exit != 0 && !File.Exists("/usr/sbin/debootstrap"),
            "debootstrap is missing (apt-get install debootstrap), so the graphical image cannot be built");
    }

    [SkippableFact]
    public async Task A_linux_desktop_runs_the_graphical_image_whose_streaming_ports_speak_RFB_as_the_user()
    {
        SkipWithoutTools();
        var options = DockerTestSupport.Options();
        options.DesktopGuiImage = BuildGuiImage();
        using var runtime = DockerTestSupport.Runtime(options);
        var spec = DockerTestSupport.Spec(protocols: ["PCOIP", "WSP"]) with { OperatingSystemName = "AMAZON_LINUX_2" };
        try
        {
            await runtime.StartAsync(spec, CancellationToken.None);
            var status = await DockerTestSupport.WaitHealthyAsync(runtime, spec.WorkspaceId, TimeSpan.FromSeconds(60));
            status.Image.Should().Be(Image);
            status.StreamType.Should().Be(DesktopImageSelection.Rfb);
            // RFB's ProtocolVersion greeting (RFC 6143 §7.1.1) on both streaming ports.
            (await DockerTestSupport.ReadBannerAsync(status.StreamingEndpoints["PCOIP"])).Should().MatchRegex(@"^RFB 003\.00\d$");
            (await DockerTestSupport.ReadBannerAsync(status.StreamingEndpoints["WSP"])).Should().MatchRegex(@"^RFB 003\.00\d$");
            // The X server and the terminal run as the user (uid 1000), in the home on the user volume.
            // (busybox has no pgrep: the processes are found by name in /proc.)
            static string Of(string name, string what) => $"for p in /proc/[0-9]*; do [ \"$(cat $p/comm)\" = {name} ] && {what} && break; done";
            DockerTestSupport.Exec(spec.WorkspaceId, "/bin/busybox", "sh", "-c", Of("Xvnc", "stat -c %u $p")).Trim().Should().Be("1000");
            DockerTestSupport.Exec(spec.WorkspaceId, "/bin/busybox", "sh", "-c", Of("xterm", "stat -c %u $p")).Trim().Should().Be("1000");
            // (a process's working directory is readable by its own user only)
            var cwd = DockerTestSupport.Cli("exec", "-u", "1000", Desktops.Docker.DockerNames.Container(spec.WorkspaceId), "/bin/busybox", "sh", "-c", Of("xterm", "readlink $p/cwd"));
            cwd.Stdout.Trim().Should().Be("/home/jdoe", cwd.Stderr);
            var mounts = DockerTestSupport.Cli("inspect", "-f", "{{range .Mounts}}{{.Name}}:{{.Destination}} {{end}}", Desktops.Docker.DockerNames.Container(spec.WorkspaceId)).Stdout;
            mounts.Should().Contain($"{Desktops.Docker.DockerNames.UserVolume(spec.WorkspaceId)}:/home/jdoe");
        }
        finally
        {
            DockerTestSupport.CleanUp(spec);
        }
    }

    [SkippableFact]
    public async Task Without_the_graphical_image_in_the_engine_a_linux_desktop_runs_the_light_image()
    {
        DockerTestSupport.SkipWithoutEngine();
        var options = DockerTestSupport.Options();
        options.DesktopGuiImage = "wse-gui-test/not-built:never";
        using var runtime = DockerTestSupport.Runtime(options);
        var spec = DockerTestSupport.Spec() with { OperatingSystemName = "UBUNTU_22_04" };
        try
        {
            await runtime.StartAsync(spec, CancellationToken.None);
            var status = await DockerTestSupport.WaitHealthyAsync(runtime, spec.WorkspaceId);
            status.Image.Should().Be(options.DesktopImage);
            status.StreamType.Should().Be(DesktopImageSelection.Console);
            (await DockerTestSupport.ReadBannerAsync(status.StreamingEndpoints["PCOIP"])).Should().StartWith("WORKSPACES-EMULATOR PCOIP " + spec.WorkspaceId);
        }
        finally
        {
            DockerTestSupport.CleanUp(spec);
        }
    }
}
