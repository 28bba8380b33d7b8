namespace WorkSpacesEmulator.Desktops;

/// <summary>Which image a WorkSpace's desktop runs (EMULATOR_DESKTOP_IMAGES, EMULATOR_DESKTOP_IMAGE,
/// EMULATOR_DESKTOP_GUI_IMAGE). <see cref="Fallback"/>: the image to use when <see cref="Image"/> is not in the engine
/// (only for the graphical default, which exists only where someone built it).</summary>
public sealed record DesktopImageChoice(string Image, string? Fallback, string Why);

public static class DesktopImageSelection
{
    /// <summary>Labels an image carries to tell the runtime what it serves (both images of docker/ carry them; a
    /// container inherits its image's labels).</summary>
    public const string StreamLabel = "workspaces-emulator.desktop.stream";
    public const string AgentLabel = "workspaces-emulator.desktop.agent";

    /// <summary>What the streaming ports speak: CONSOLE (the light image's banner and text console) or RFB.</summary>
    public const string Console = "CONSOLE";
    public const string Rfb = "RFB";

    /// <summary>In order: EMULATOR_DESKTOP_IMAGES by bundle id, by compute type, by platform (LINUX / WINDOWS); an
    /// explicitly set EMULATOR_DESKTOP_IMAGE; for Linux bundles the graphical image when it is in the engine; the
    /// light image.</summary>
    public static DesktopImageChoice For(EmulatorOptions options, DesktopSpec spec)
    {
        var platform = Platform(spec.OperatingSystemName);
        if (options.DesktopImages.TryGetValue(spec.BundleId, out var byBundle)) return new(byBundle, null, "EMULATOR_DESKTOP_IMAGES " + spec.BundleId);
        if (options.DesktopImages.TryGetValue(spec.ComputeType, out var byCompute)) return new(byCompute, null, "EMULATOR_DESKTOP_IMAGES " + spec.ComputeType);
        if (platform is not null && options.DesktopImages.TryGetValue(platform, out var byPlatform)) return new(byPlatform, null, "EMULATOR_DESKTOP_IMAGES " + platform);
        if (options.DesktopImageExplicit) return new(options.DesktopImage, null, "EMULATOR_DESKTOP_IMAGE");
        if (platform == "LINUX" && options.DesktopGuiImage is { Length: > 0 } gui)
            return new(gui, options.DesktopImage, "Linux bundle: the graphical image");
        return new(options.DesktopImage, null, "the light image");
    }

    /// <summary>LINUX or WINDOWS from a WorkspaceProperties OperatingSystemName (as OperatingSystem.Type is derived);
    /// null when unknown.</summary>
    public static string? Platform(string? operatingSystemName) => operatingSystemName is not { Length: > 0 } os ? null
        : os.StartsWith("WINDOWS", StringComparison.Ordinal) ? "WINDOWS" : "LINUX";
}
