using WorkSpacesEmulator.Billing;
using WorkSpacesEmulator.Tests.Gateways;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Billing;

public sealed class BillingCalculatorTests
{
    private static DateTimeOffset Nov(int day, int hour = 0, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static UsageRecord Usage(string id, string compute, string? os, params (DateTimeOffset At, string State, string Mode)[] segments) =>
        new(id, "123456789012/us-east-1", "wsb-x", compute, os, [.. segments.Select(s => new UsageSegment(s.At, s.State, s.Mode))]);

    [Fact]
    public void A_scripted_month_is_metered_and_priced_with_proration()
    {
        var usage = new[]
        {
            // ALWAYS_ON all month (created in October): the full monthly price.
            Usage("ws-always0001", "STANDARD", "WINDOWS_SERVER_2022", (new(2026, 10, 20, 0, 0, 0, TimeSpan.Zero), "AVAILABLE", "ALWAYS_ON")),
            // AUTO_STOP: 2.5 h (3 started hours), then STARTING + AVAILABLE for 1 h (one running period, 1 hour).
            Usage("ws-autostop01", "VALUE", "WINDOWS_SERVER_2022",
                (Nov(1), "AVAILABLE", "AUTO_STOP"), (Nov(1, 2, 30), "STOPPED", "AUTO_STOP"),
                (Nov(10, 9), "STARTING", "AUTO_STOP"), (Nov(10, 9, 1), "AVAILABLE", "AUTO_STOP"), (Nov(10, 10), "STOPPED", "AUTO_STOP")),
            // Linux, created mid-month ALWAYS_ON, switched to AUTO_STOP a week later, runs 2 h, stopped.
            Usage("ws-switched01", "STANDARD", "UBUNTU_22_04",
                (Nov(16), "AVAILABLE", "ALWAYS_ON"), (Nov(23, 12), "AVAILABLE", "AUTO_STOP"), (Nov(23, 14), "STOPPED", "AUTO_STOP")),
            // Terminated before the month: not billed.
            Usage("ws-goneinoct1", "VALUE", null, (new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), "AVAILABLE", "ALWAYS_ON"),
                (new(2026, 10, 2, 0, 0, 0, TimeSpan.Zero), "TERMINATED", "ALWAYS_ON")),
        };
        var report = BillingCalculator.Report(new DateOnly(2026, 11, 1), usage, new PriceTable(), now: new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));

        report.Month.Should().Be("2026-11");
        report.Workspaces.Select(l => l.WorkspaceId).Should().Equal("ws-always0001", "ws-autostop01", "ws-switched01");
        var always = report.Workspaces[0];
        always.RunningMode.Should().Be("ALWAYS_ON");
        always.RunningHours.Should().Be(720m);
        always.Cost.Should().Be(35.00m);

        var auto = report.Workspaces[1];
        auto.RunningHours.Should().Be(3.5m);
        auto.BilledHours.Should().Be(4);
        auto.MonthlyCharges.Should().Be(9.75m);
        auto.HourlyCharges.Should().Be(0.88m);
        auto.Cost.Should().Be(10.63m);

        var switched = report.Workspaces[2];
        switched.Platform.Should().Be("LINUX");
        switched.RunningModes.Should().Equal("ALWAYS_ON", "AUTO_STOP");
        switched.RunningMode.Should().Be("AUTO_STOP");
        switched.MonthlyCharges.Should().Be(9.56m);   // 31 × 7.5/30 + 7.25 × 7.5/30
        switched.BilledHours.Should().Be(2);
        switched.HourlyCharges.Should().Be(0.52m);
        switched.Cost.Should().Be(10.08m);

        report.Totals.Workspaces.Should().Be(3);
        report.Totals.Cost.Should().Be(35.00m + 10.63m + 10.08m);
        report.Totals.BilledHours.Should().Be(6);
    }

    [Fact]
    public void The_month_in_progress_counts_up_to_now_and_prices_can_be_overridden_per_region()
    {
        var usage = new[] { Usage("ws-autostop01", "VALUE", null, (Nov(1), "AVAILABLE", "AUTO_STOP")) };
        var prices = new PriceTable([new PriceRow("us-east-1", "VALUE", "WINDOWS", 30m, 10m, 1m)]);
        var report = BillingCalculator.Report(new DateOnly(2026, 11, 1), usage, prices, now: Nov(1, 5, 30));
        report.Workspaces[0].BilledHours.Should().Be(6);
        report.Workspaces[0].HourlyCharges.Should().Be(6m);
        report.Workspaces[0].MonthlyCharges.Should().Be(10m);
        prices.Find("eu-west-1", "VALUE", "WINDOWS")!.AlwaysOnMonthly.Should().Be(25m); // the built-in row elsewhere
    }
}

public sealed class BillingApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task The_billing_report_lists_the_accounts_workspaces_from_their_metered_history()
    {
        var gw = await new GatewayBed(factory).WithDirectoryAsync("jdoe");
        var ws = await gw.AvailableWorkspaceAsync("jdoe", new { RunningMode = "AUTO_STOP" });
        var month = DateTimeOffset.UtcNow.ToString("yyyy-MM");
        var line = await Eventually.WaitAsync(async () =>
        {
            var report = (await gw.Send(HttpMethod.Get, $"/_emulator/billing?month={month}&account={gw.Bed.Account}", null)).Ok();
            return report["Workspaces"]!.AsArray().FirstOrDefault(l => l!["WorkspaceId"]!.GetValue<string>() == ws);
        }, l => l is not null && l["BilledHours"]!.GetValue<int>() >= 1, "the WorkSpace billed");
        line!["RunningMode"].S().Should().Be("AUTO_STOP");
        line["ComputeType"].S().Should().Be("VALUE");
        line["Cost"]!.GetValue<decimal>().Should().BeGreaterThan(0.22m);
        (await gw.Send(HttpMethod.Get, "/_emulator/billing?month=2026-13", null)).ShouldBeError(400, "InvalidParameter");
        (await gw.Send(HttpMethod.Get, "/_emulator/billing/prices", null)).Ok().AsArray().Should().HaveCountGreaterThan(10);
    }
}
