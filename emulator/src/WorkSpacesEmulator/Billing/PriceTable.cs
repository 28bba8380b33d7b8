using System.Text.Json;

namespace WorkSpacesEmulator.Billing;

/// <param name="Region">A Region, or "*" for any.</param>
/// <param name="Platform">WINDOWS or LINUX.</param>
/// <param name="AlwaysOnMonthly">ALWAYS_ON: the monthly price.</param>
/// <param name="AutoStopMonthly">AUTO_STOP (and MANUAL): the monthly base fee.</param>
/// <param name="AutoStopHourly">AUTO_STOP (and MANUAL): the price per running hour.</param>
public sealed record PriceRow(string Region, string ComputeType, string Platform, decimal AlwaysOnMonthly, decimal AutoStopMonthly, decimal AutoStopHourly);

/// <summary>The prices the billing report uses: a built-in table (approximate us-east-1 list prices in USD for the
/// default bundles' root/user volumes, applied to every Region) whose rows a JSON file (EMULATOR_PRICE_TABLE,
/// an array of <see cref="PriceRow"/>) replaces or adds to. The most specific row wins (a Region over "*").</summary>
public sealed class PriceTable
{
    public static readonly IReadOnlyList<PriceRow> BuiltIn =
    [
        new("*", "VALUE", "WINDOWS", 25m, 9.75m, 0.22m),
        new("*", "STANDARD", "WINDOWS", 35m, 9.75m, 0.30m),
        new("*", "PERFORMANCE", "WINDOWS", 60m, 9.75m, 0.57m),
        new("*", "POWER", "WINDOWS", 68m, 9.75m, 0.68m),
        new("*", "POWERPRO", "WINDOWS", 124m, 9.75m, 1.53m),
        new("*", "GENERALPURPOSE_4XLARGE", "WINDOWS", 248m, 9.75m, 3.06m),
        new("*", "GENERALPURPOSE_8XLARGE", "WINDOWS", 496m, 9.75m, 6.12m),
        new("*", "GRAPHICS", "WINDOWS", 502m, 66m, 11.62m),
        new("*", "GRAPHICSPRO", "WINDOWS", 999m, 66m, 11.62m),
        new("*", "GRAPHICS_G4DN", "WINDOWS", 502m, 66m, 1.75m),
        new("*", "GRAPHICSPRO_G4DN", "WINDOWS", 999m, 66m, 3.50m),
        new("*", "VALUE", "LINUX", 21m, 7.25m, 0.17m),
        new("*", "STANDARD", "LINUX", 31m, 7.25m, 0.26m),
        new("*", "PERFORMANCE", "LINUX", 56m, 7.25m, 0.53m),
        new("*", "POWER", "LINUX", 64m, 7.25m, 0.64m),
        new("*", "POWERPRO", "LINUX", 120m, 7.25m, 1.49m),
        new("*", "GENERALPURPOSE_4XLARGE", "LINUX", 240m, 7.25m, 2.98m),
        new("*", "GENERALPURPOSE_8XLARGE", "LINUX", 480m, 7.25m, 5.96m),
    ];

    private readonly List<PriceRow> _rows;

    public PriceTable(IEnumerable<PriceRow>? overrides = null)
    {
        _rows = [.. BuiltIn];
        foreach (var row in overrides ?? [])
        {
            _rows.RemoveAll(r => Same(r, row));
            _rows.Add(row);
        }
    }

    public static PriceTable FromFile(string? path)
    {
        if (string.IsNullOrEmpty(path)) return new PriceTable();
        var rows = JsonSerializer.Deserialize<List<PriceRow>>(File.ReadAllText(path))
            ?? throw new FormatException($"EMULATOR_PRICE_TABLE {path}: expected a JSON array of price rows");
        return new PriceTable(rows);
    }

    public IReadOnlyList<PriceRow> Rows => _rows;

    public PriceRow? Find(string region, string computeType, string platform) =>
        _rows.FirstOrDefault(r => r.Region == region && Eq(r.ComputeType, computeType) && Eq(r.Platform, platform))
        ?? _rows.FirstOrDefault(r => r.Region == "*" && Eq(r.ComputeType, computeType) && Eq(r.Platform, platform));

    public static string PlatformOf(string? operatingSystemName) =>
        operatingSystemName is null || operatingSystemName.StartsWith("WINDOWS", StringComparison.OrdinalIgnoreCase) ? "WINDOWS" : "LINUX";

    private static bool Same(PriceRow a, PriceRow b) => a.Region == b.Region && Eq(a.ComputeType, b.ComputeType) && Eq(a.Platform, b.Platform);
    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
