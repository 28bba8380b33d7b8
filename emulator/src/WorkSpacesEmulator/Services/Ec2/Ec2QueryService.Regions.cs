using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Ec2;

// DescribeRegions, DescribeAvailabilityZones, DescribeAccountAttributes.
public sealed partial class Ec2QueryService
{
    private sealed record RegionInfo(string Name, string OptInStatus)
    {
        public string Endpoint => $"ec2.{Name}.amazonaws.com";
    }

    private sealed record ZoneInfo(string Name, string ZoneId, string Region);

    // The commercial partition's regions (Protocol/AwsRegions). Regions launched after March 2019 are opt-in in AWS.
    private static readonly string[] DefaultRegions = AwsRegions.Default;

    private static readonly string[] OptInRegions = AwsRegions.OptIn;

    private static readonly FilterSet<RegionInfo> RegionFilters = new FilterSet<RegionInfo>()
        .Field("region-name", r => r.Name)
        .Field("endpoint", r => r.Endpoint)
        .Field("opt-in-status", r => r.OptInStatus);

    private static readonly FilterSet<ZoneInfo> ZoneFilters = new FilterSet<ZoneInfo>()
        .Field("zone-name", z => z.Name)
        .Field("zone-id", z => z.ZoneId)
        .Field("region-name", z => z.Region)
        .Field("group-name", z => z.Region)
        .Field("state", _ => "available")
        .Field("zone-type", _ => "availability-zone")
        .Field("opt-in-status", _ => "opt-in-not-required");

    private Action<XmlWriter> DescribeRegions(RequestContext context, QueryRequest request)
    {
        var all = request.Get("AllRegions") is { } flag && flag.Equals("true", StringComparison.OrdinalIgnoreCase);
        // The caller's own region counts as opted in: the emulator serves every region it is addressed in.
        var regions = DefaultRegions.Select(r => new RegionInfo(r, "opt-in-not-required"))
            .Concat(OptInRegions.Select(r => new RegionInfo(r, r == context.Region ? "opted-in" : "not-opted-in")))
            .ToList();
        var names = request.GetList("RegionName");
        foreach (var name in names)
            if (regions.All(r => r.Name != name))
                throw new AwsException("InvalidParameterValue", $"Invalid region: {name}");
        IEnumerable<RegionInfo> selected = names.Count > 0
            ? regions.Where(r => names.Contains(r.Name))
            : regions.Where(r => all || r.OptInStatus != "not-opted-in");
        var result = RegionFilters.Apply(selected, request);
        return w => w.Set("regionInfo", result, (x, r) =>
        {
            x.Element("regionName", r.Name);
            x.Element("regionEndpoint", r.Endpoint);
            x.Element("optInStatus", r.OptInStatus);
        });
    }

    private Action<XmlWriter> DescribeAvailabilityZones(RequestContext context, QueryRequest request)
    {
        _network.EnsureDefaults(context);
        var zones = Ec2Network.AvailabilityZones(context.Region).Select(z => new ZoneInfo(z.Name, z.ZoneId, context.Region)).ToList();
        var names = request.GetList("ZoneName");
        var zoneIds = request.GetList("ZoneId");
        foreach (var name in names)
            if (zones.All(z => z.Name != name))
                throw new AwsException("InvalidParameterValue", $"Invalid availability zone: [{name}]");
        foreach (var id in zoneIds)
            if (zones.All(z => z.ZoneId != id))
                throw new AwsException("InvalidParameterValue", $"Invalid availability zone id: [{id}]");
        IEnumerable<ZoneInfo> selected = zones;
        if (names.Count > 0 || zoneIds.Count > 0)
            selected = zones.Where(z => names.Contains(z.Name) || zoneIds.Contains(z.ZoneId));
        var result = ZoneFilters.Apply(selected, request);
        return w => w.Set("availabilityZoneInfo", result, (x, z) =>
        {
            x.Element("zoneName", z.Name);
            x.Element("zoneState", "available");
            x.Element("regionName", z.Region);
            x.Set("messageSet", Array.Empty<string>(), (_, _) => { });
            x.Element("optInStatus", "opt-in-not-required");
            x.Element("zoneId", z.ZoneId);
            x.Element("groupName", z.Region);
            x.Element("networkBorderGroup", z.Region);
            x.Element("zoneType", "availability-zone");
        });
    }

    private static readonly string[] AccountAttributeNames =
        ["supported-platforms", "default-vpc", "max-instances", "vpc-max-security-groups-per-interface", "max-elastic-ips", "vpc-max-elastic-ips"];

    private Action<XmlWriter> DescribeAccountAttributes(RequestContext context, QueryRequest request)
    {
        var defaultVpc = _network.FindDefaultVpc(context);
        var values = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["supported-platforms"] = ["VPC"],
            ["default-vpc"] = [defaultVpc?.Id ?? "none"],
            ["max-instances"] = ["20"],
            ["vpc-max-security-groups-per-interface"] = ["5"],
            ["max-elastic-ips"] = ["5"],
            ["vpc-max-elastic-ips"] = ["5"],
        };
        var names = request.GetList("AttributeName");
        foreach (var name in names)
            if (!values.ContainsKey(name))
                throw new AwsException("InvalidParameterValue", $"Value ({name}) for parameter attributeName is invalid. Unknown attribute name.");
        var selected = names.Count > 0 ? names.Distinct().ToList() : AccountAttributeNames.ToList();
        return w => w.Set("accountAttributeSet", selected, (x, name) =>
        {
            x.Element("attributeName", name);
            x.Set("attributeValueSet", values[name], (y, v) => y.Element("attributeValue", v));
        });
    }
}
