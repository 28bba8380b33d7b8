namespace WorkSpacesEmulator.Billing;

public sealed record BillingLine(
    string WorkspaceId, string BundleId, string ComputeType, string Platform, string Region,
    string RunningMode, IReadOnlyList<string> RunningModes, decimal RunningHours, int BilledHours,
    decimal MonthlyCharges, decimal HourlyCharges, decimal Cost, string? Note);

public sealed record BillingTotals(int Workspaces, decimal RunningHours, int BilledHours, decimal Cost);

public sealed record BillingReport(string Month, string Currency, IReadOnlyList<BillingLine> Workspaces, BillingTotals Totals);

/// <summary>Prices one calendar month (UTC) from the metered state history:
/// ALWAYS_ON pays the monthly price, AUTO_STOP/MANUAL the monthly base fee plus the hourly rate for every started
/// hour of each running period; both monthly amounts are prorated by the share of the month the WorkSpace existed
/// in that mode, so a WorkSpace created, terminated or switched mid-month pays each mode for its part (a live
/// WorkSpace's current mode runs to the month's end; hours count up to now).</summary>
public static class BillingCalculator
{
    /// <summary>States AWS bills hourly usage for: the desktop is (being) run for the user.</summary>
    public static bool Running(string state) => state is "AVAILABLE" or "STARTING" or "REBOOTING" or "REBUILDING" or "RESTORING"
        or "UNHEALTHY" or "IMPAIRED" or "ADMIN_MAINTENANCE" or "MAINTENANCE" or "UPDATING" or "SUSPENDED" or "STOPPING";

    private static bool Exists(string state) => state is not ("TERMINATED");

    public static BillingReport Report(DateOnly month, IEnumerable<UsageRecord> usage, PriceTable prices, DateTimeOffset now)
    {
        var start = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddMonths(1);
        var monthLength = (decimal)(end - start).TotalSeconds;
        var lines = new List<BillingLine>();
        foreach (var u in usage.OrderBy(u => u.Id, StringComparer.Ordinal))
        {
            var region = u.Scope[(u.Scope.IndexOf('/') + 1)..];
            var platform = PriceTable.PlatformOf(u.OperatingSystemName);
            var price = prices.Find(region, u.ComputeType, platform);
            decimal alwaysOnSeconds = 0, hourlyModeSeconds = 0, runningSeconds = 0;
            var billedHours = 0;
            var modes = new List<string>();
            DateTimeOffset? runStart = null;
            var runEnd = start;
            string? runMode = null;
            for (var i = 0; i < u.Segments.Count; i++)
            {
                var s = u.Segments[i];
                var from = Max(s.From, start);
                var last = i + 1 == u.Segments.Count;
                // A WorkSpace that still exists pays its mode's monthly amount to the end of the month; usage counts up to now.
                var existsTo = Min(last ? end : u.Segments[i + 1].From, end);
                var to = Min(last ? now : u.Segments[i + 1].From, end);
                if (existsTo > from && Exists(s.State))
                {
                    if (!modes.Contains(s.RunningMode)) modes.Add(s.RunningMode);
                    var existed = (decimal)(existsTo - from).TotalSeconds;
                    if (s.RunningMode == "ALWAYS_ON") alwaysOnSeconds += existed;
                    else hourlyModeSeconds += existed;
                }
                if (to <= from) continue;
                var seconds = (decimal)(to - from).TotalSeconds;
                if (Running(s.State))
                {
                    runningSeconds += seconds;
                    if (s.RunningMode != "ALWAYS_ON")
                    {
                        // A running period continues across consecutive running segments of the same mode.
                        if (runStart is null || runMode != s.RunningMode) { CloseRun(); runStart = from; runMode = s.RunningMode; }
                        runEnd = to;
                        continue;
                    }
                }
                CloseRun();
            }
            CloseRun();
            if (modes.Count == 0) continue; // did not exist during the month

            var monthly = price is null ? 0m : Round(price.AlwaysOnMonthly * alwaysOnSeconds / monthLength + price.AutoStopMonthly * hourlyModeSeconds / monthLength);
            var hourly = price is null ? 0m : Round(price.AutoStopHourly * billedHours);
            lines.Add(new BillingLine(u.Id, u.BundleId, u.ComputeType, platform, region, modes[^1], modes,
                Math.Round(runningSeconds / 3600m, 2), billedHours, monthly, hourly, monthly + hourly,
                price is null ? $"no price for {u.ComputeType}/{platform} in {region}" : null));

            void CloseRun()
            {
                if (runStart is { } rs) billedHours += (int)Math.Ceiling((runEnd - rs).TotalHours - 1e-9);
                runStart = null;
            }
        }
        return new BillingReport(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), "USD", lines,
            new BillingTotals(lines.Count, lines.Sum(l => l.RunningHours), lines.Sum(l => l.BilledHours), lines.Sum(l => l.Cost)));
    }

    private static decimal Round(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero);
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
