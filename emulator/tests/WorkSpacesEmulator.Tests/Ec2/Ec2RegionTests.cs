using WorkSpacesEmulator.Tests.Infrastructure;
using static WorkSpacesEmulator.Tests.Ec2.Ec2Wire;

namespace WorkSpacesEmulator.Tests.Ec2;

public sealed class Ec2RegionTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Availability_zones_of_the_callers_region()
    {
        var zones = (await factory.Wire(region: "eu-west-1").Ec2Async("DescribeAvailabilityZones")).Ok("DescribeAvailabilityZones").Items("availabilityZoneInfo");
        zones.Select(z => z.V("zoneName")).Should().Equal("eu-west-1a", "eu-west-1b", "eu-west-1c");
        var zone = zones[0];
        zone.Elements().Select(e => e.Name.LocalName).Should().Equal(
            "zoneName", "zoneState", "regionName", "messageSet", "optInStatus", "zoneId", "groupName", "networkBorderGroup", "zoneType");
        zone.V("zoneState").Should().Be("available");
        zone.V("regionName").Should().Be("eu-west-1");
        zone.V("zoneId").Should().Be("euw1-az1");
        zone.V("zoneType").Should().Be("availability-zone");
        zone.V("optInStatus").Should().Be("opt-in-not-required");
        zone.V("networkBorderGroup").Should().Be("eu-west-1");
    }

    [Fact]
    public async Task Availability_zone_selection_and_filters()
    {
        var wire = factory.Wire();
        async Task<List<string>> Names(params (string, string)[] p) =>
            (await wire.Ec2Async("DescribeAvailabilityZones", p)).Ok("DescribeAvailabilityZones").Items("availabilityZoneInfo").Select(z => z.V("zoneName")).ToList();
        (await Names(("ZoneName.1", "us-east-1b"), ("ZoneId.1", "use1-az4"))).Should().Equal("us-east-1b", "us-east-1d");
        (await Names(Filter(1, "zone-name", "us-east-1a", "us-east-1f"))).Should().Equal("us-east-1a", "us-east-1f");
        (await Names(Filter(1, "zone-id", "use1-az2"))).Should().Equal("us-east-1b");
        (await Names([.. Filter(1, "region-name", "us-east-1"), .. Filter(2, "state", "available")])).Should().HaveCount(6);
        (await Names(Filter(1, "state", "impaired"))).Should().BeEmpty();
        (await wire.Ec2Async("DescribeAvailabilityZones", ("ZoneName.1", "us-east-1z"))).Error().Code.Should().Be("InvalidParameterValue");
        (await wire.Ec2Async("DescribeAvailabilityZones", Filter(1, "nope", "x"))).Error().Code.Should().Be("InvalidParameterValue");
    }

    [Fact]
    public async Task Regions()
    {
        var wire = factory.Wire();
        var regions = (await wire.Ec2Async("DescribeRegions")).Ok("DescribeRegions").Items("regionInfo");
        regions.Select(r => r.V("regionName")).Should().Contain(["us-east-1", "eu-west-1", "ap-northeast-1"]).And.NotContain("af-south-1");
        var useast1 = regions.Single(r => r.V("regionName") == "us-east-1");
        useast1.Elements().Select(e => e.Name.LocalName).Should().Equal("regionName", "regionEndpoint", "optInStatus");
        useast1.V("regionEndpoint").Should().Be("ec2.us-east-1.amazonaws.com");
        useast1.V("optInStatus").Should().Be("opt-in-not-required");

        var all = (await wire.Ec2Async("DescribeRegions", ("AllRegions", "true"))).Ok("DescribeRegions").Items("regionInfo");
        all.Single(r => r.V("regionName") == "af-south-1").V("optInStatus").Should().Be("not-opted-in");
        (await wire.Ec2Async("DescribeRegions", ("RegionName.1", "eu-west-2"))).Ok("DescribeRegions").Items("regionInfo").Single().V("regionName").Should().Be("eu-west-2");
        (await wire.Ec2Async("DescribeRegions", Filter(1, "region-name", "eu-*"))).Ok("DescribeRegions").Items("regionInfo")
            .Should().OnlyContain(r => r.V("regionName").StartsWith("eu-")).And.HaveCountGreaterThan(3);
        (await wire.Ec2Async("DescribeRegions", ("RegionName.1", "moon-1"))).Error().Code.Should().Be("InvalidParameterValue");
    }

    [Fact]
    public async Task Account_attributes()
    {
        var wire = factory.Wire(account: NewAccount());
        var vpc = (await wire.Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Single().V("vpcId");
        var attributes = (await wire.Ec2Async("DescribeAccountAttributes")).Ok("DescribeAccountAttributes").Items("accountAttributeSet")
            .ToDictionary(a => a.V("attributeName"), a => a.Items("attributeValueSet").Select(v => v.V("attributeValue")).ToList());
        attributes["supported-platforms"].Should().Equal("VPC");
        attributes["default-vpc"].Should().Equal(vpc);
        (await wire.Ec2Async("DescribeAccountAttributes", ("AttributeName.1", "supported-platforms"))).Ok("DescribeAccountAttributes")
            .Items("accountAttributeSet").Should().ContainSingle();
    }
}
