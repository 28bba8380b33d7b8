namespace WorkSpacesEmulator.Desktops.Docker;

/// <summary>CPU and memory limits of a desktop container, derived from the bundle's compute type.</summary>
public readonly record struct ContainerResources(long NanoCpus, long MemoryBytes)
{
    public double Cpus => NanoCpus / 1e9;
    public long MemoryMiB => MemoryBytes / (1024 * 1024);
}

/// <summary>Compute type → the vCPUs and memory AWS gives that type, scaled down by
/// EMULATOR_DESKTOP_RESOURCE_SCALE so that many desktops fit on a laptop. The stand-in desktop needs almost
/// nothing (about 1.5 MiB idle), so the limits exist to make the relative sizes real, not to feed a workload.</summary>
public static class ComputeResources
{
    /// <summary>Below these the engine refuses the container or the agent cannot even fork its listeners.</summary>
    public const double MinimumCpus = 0.1;
    public const long MinimumMemoryBytes = 32L * 1024 * 1024;

    // vCPUs and GiB per compute type as AWS documents them for the bundles of that type.
    private static readonly Dictionary<string, (double Cpus, double MemoryGiB)> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["VALUE"] = (1, 2),
        ["STANDARD"] = (2, 4),
        ["PERFORMANCE"] = (2, 8),
        ["POWER"] = (4, 16),
        ["POWERPRO"] = (8, 32),
        ["GRAPHICS"] = (8, 15),
        ["GRAPHICSPRO"] = (16, 122),
        ["GRAPHICS_G4DN"] = (4, 16),
        ["GRAPHICSPRO_G4DN"] = (16, 64),
        ["GENERALPURPOSE_4XLARGE"] = (16, 64),
        ["GENERALPURPOSE_8XLARGE"] = (32, 128),
        ["GRAPHICS_G6_XLARGE"] = (4, 16),
        ["GRAPHICS_G6_2XLARGE"] = (8, 32),
        ["GRAPHICS_G6_4XLARGE"] = (16, 64),
        ["GRAPHICS_G6_8XLARGE"] = (32, 128),
        ["GRAPHICS_G6_16XLARGE"] = (64, 256),
        ["GRAPHICS_GR6_4XLARGE"] = (16, 128),
        ["GRAPHICS_GR6_8XLARGE"] = (32, 256),
        ["GRAPHICS_G6F_LARGE"] = (2, 8),
        ["GRAPHICS_G6F_XLARGE"] = (4, 16),
        ["GRAPHICS_G6F_2XLARGE"] = (8, 32),
        ["GRAPHICS_G6F_4XLARGE"] = (16, 64),
        ["GRAPHICS_GR6F_4XLARGE"] = (16, 128),
    };

    /// <summary>The unscaled AWS figures; an unknown compute type is treated as STANDARD.</summary>
    public static (double Cpus, double MemoryGiB) Nominal(string? computeType) =>
        computeType is not null && Types.TryGetValue(computeType, out var r) ? r : Types["STANDARD"];

    /// <param name="hostCpus">The engine's CPU count: Docker refuses a NanoCpus above it.</param>
    public static ContainerResources For(string? computeType, double scale, int hostCpus)
    {
        var (cpus, gib) = Nominal(computeType);
        if (!(scale > 0)) scale = 1;
        var scaledCpus = Math.Clamp(cpus * scale, MinimumCpus, Math.Max(MinimumCpus, hostCpus));
        var memory = Math.Max(MinimumMemoryBytes, (long)(gib * scale * 1024 * 1024 * 1024));
        // Whole milli-CPUs keep the value readable in `docker inspect`.
        return new ContainerResources((long)Math.Round(scaledCpus * 1000) * 1_000_000, memory);
    }
}
