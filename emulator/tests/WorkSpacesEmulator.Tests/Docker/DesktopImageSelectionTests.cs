using Microsoft.Extensions.Configuration;
using WorkSpacesEmulator.Desktops;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>Which image a desktop runs: EMULATOR_DESKTOP_IMAGES by bundle, compute type, platform; an explicit
/// EMULATOR_DESKTOP_IMAGE; Linux bundles the graphical image (falling back to the light one when it is not built).</summary>
public sealed class DesktopImageSelectionTests
{
    private static DesktopSpec Spec(string? os, string bundle = "wsb-hj4vz1y96", string compute = "VALUE") =>
        new("ws-abc123def", "123456789012", "us-east-1", "jdoe", "WSAMZN-1", "d-1234567890", bundle, compute, ["PCOIP"], "subnet-1", "10.0.0.0/24", "10.0.0.10")
            { OperatingSystemName = os };

    private static EmulatorOptions Options(string? images = null, string? image = null, string? gui = null)
    {
        var settings = new Dictionary<string, string?> { ["EMULATOR_DESKTOP_IMAGES"] = images, ["EMULATOR_DESKTOP_IMAGE"] = image, ["EMULATOR_DESKTOP_GUI_IMAGE"] = gui };
        var options = new EmulatorOptions();
        EmulatorOptions.Bind(options, new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return options;
    }

    [Fact]
    public void Linux_bundles_default_to_the_graphical_image_with_the_light_one_as_fallback()
    {
        var choice = DesktopImageSelection.For(Options(), Spec("AMAZON_LINUX_2"));
        choice.Image.Should().Be("workspaces-emulator/desktop-gui:latest");
        choice.Fallback.Should().Be("workspaces-emulator/desktop:latest");
        DesktopImageSelection.For(Options(), Spec("UBUNTU_22_04")).Image.Should().Be("workspaces-emulator/desktop-gui:latest");
    }

    [Fact]
    public void Windows_and_unknown_bundles_run_the_light_image()
    {
        DesktopImageSelection.For(Options(), Spec("WINDOWS_SERVER_2022")).Should().Be(new DesktopImageChoice("workspaces-emulator/desktop:latest", null, "the light image"));
        DesktopImageSelection.For(Options(), Spec(null)).Image.Should().Be("workspaces-emulator/desktop:latest");
    }

    [Fact]
    public void Configured_images_win_in_order_bundle_compute_type_platform_then_the_explicit_default()
    {
        var options = Options("wsb-hj4vz1y96=by/bundle,VALUE=by/compute,LINUX=by/platform", image: "my/desktop");
        DesktopImageSelection.For(options, Spec("AMAZON_LINUX_2")).Image.Should().Be("by/bundle");
        DesktopImageSelection.For(options, Spec("AMAZON_LINUX_2", bundle: "wsb-other0000")).Image.Should().Be("by/compute");
        DesktopImageSelection.For(options, Spec("AMAZON_LINUX_2", bundle: "wsb-other0000", compute: "POWER")).Image.Should().Be("by/platform");
        var windows = DesktopImageSelection.For(options, Spec("WINDOWS_SERVER_2022", bundle: "wsb-other0000", compute: "POWER"));
        windows.Should().Be(new DesktopImageChoice("my/desktop", null, "EMULATOR_DESKTOP_IMAGE"));
        // An explicit EMULATOR_DESKTOP_IMAGE is every desktop's image, Linux ones included.
        DesktopImageSelection.For(Options(image: "my/desktop"), Spec("AMAZON_LINUX_2")).Image.Should().Be("my/desktop");
        // EMULATOR_DESKTOP_GUI_IMAGE names another graphical image, or (empty) turns the default off.
        DesktopImageSelection.For(Options(gui: "my/gui"), Spec("AMAZON_LINUX_2")).Image.Should().Be("my/gui");
        DesktopImageSelection.For(Options(gui: ""), Spec("AMAZON_LINUX_2")).Image.Should().Be("workspaces-emulator/desktop:latest");
    }
}
