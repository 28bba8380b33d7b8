using System.Globalization;
using WorkSpacesEmulator.Gateways;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Billing;

/// <summary>GET /_emulator/billing?month=YYYY-MM (default: the current month) [&amp;account=…&amp;region=…]: the month's
/// usage and cost per WorkSpace, with totals. GET /_emulator/billing/prices: the price table in use.</summary>
public static class BillingEndpoints
{
    public static void MapBillingEndpoints(this WebApplication app)
    {
        app.MapGet("/_emulator/billing", (string? month, string? account, string? region, Store store, PriceTable prices, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            DateOnly first;
            if (month is null) first = new DateOnly(now.Year, now.Month, 1);
            else if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
                return new ClientApiException(400, "InvalidParameter", "month must be YYYY-MM").ToResult();
            var usage = store.Table<UsageRecord>(UsageMeter.Kind).All()
                .Where(u => (account is null || u.Scope.StartsWith(account + "/", StringComparison.Ordinal)) && (region is null || u.Scope.EndsWith("/" + region, StringComparison.Ordinal)));
            return ClientJson.Result(BillingCalculator.Report(first, usage, prices, now));
        });
        app.MapGet("/_emulator/billing/prices", (PriceTable prices) => ClientJson.Result(prices.Rows));
    }

    public static void AddBilling(IServiceCollection services)
    {
        services.AddSingleton(sp => PriceTable.FromFile(sp.GetRequiredService<GatewayOptions>().PriceTableFile));
        services.AddSingleton<WorkSpacesEmulator.Lifecycle.ILifecycleParticipant, UsageMeter>();
    }
}
