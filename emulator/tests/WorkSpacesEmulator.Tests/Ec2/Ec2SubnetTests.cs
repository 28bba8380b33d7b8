using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Tests.Infrastructure;
using static WorkSpacesEmulator.Tests.Ec2.Ec2Wire;

namespace WorkSpacesEmulator.Tests.Ec2;

public sealed class Ec2SubnetTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private async Task<string> NewVpc(AwsWireClient wire, string cidr = "10.0.0.0/16") =>
        (await wire.Ec2Async("CreateVpc", ("CidrBlock", cidr))).Ok("CreateVpc").Element(Ns + "vpc")!.V("vpcId");

    [Fact]
    public async Task Default_subnets_are_one_slash_20_per_zone()
    {
        var subnets = (await factory.Wire(account: NewAccount()).Ec2Async("DescribeSubnets")).Ok("DescribeSubnets").Items("subnetSet");
        subnets.Select(s => s.V("cidrBlock")).Should().Equal("172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20", "172.31.48.0/20", "172.31.64.0/20", "172.31.80.0/20");
        subnets.Select(s => s.V("availabilityZoneId")).Should().Equal("use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6");
        subnets.Should().OnlyContain(s => s.V("availableIpAddressCount") == "4091" && s.V("defaultForAz") == "true" && s.V("mapPublicIpOnLaunch") == "true");
        subnets[0].V("subnetArn").Should().Be($"arn:aws:ec2:us-east-1:{subnets[0].V("ownerId")}:subnet/{subnets[0].V("subnetId")}");
        subnets[0].Element(Ns + "ipv6CidrBlockAssociationSet").Should().NotBeNull();
    }

    [Fact]
    public async Task Create_subnet_in_a_zone_with_tags_and_count_addresses()
    {
        var account = NewAccount();
        var wire = factory.Wire(account: account);
        var vpc = await NewVpc(wire);
        var subnet = (await wire.Ec2Async("CreateSubnet", ("VpcId", vpc), ("CidrBlock", "10.0.1.0/24"), ("AvailabilityZone", "us-east-1c"),
            ("TagSpecification.1.ResourceType", "subnet"), ("TagSpecification.1.Tag.1.Key", "tier"), ("TagSpecification.1.Tag.1.Value", "private")))
            .Ok("CreateSubnet").Element(Ns + "subnet")!;
        var id = subnet.V("subnetId");
        id.Should().MatchRegex("^subnet-[0-9a-f]{17}$");
        subnet.V("vpcId").Should().Be(vpc);
        subnet.V("availabilityZone").Should().Be("us-east-1c");
        subnet.V("availabilityZoneId").Should().Be("use1-az3");
        subnet.V("availableIpAddressCount").Should().Be("251");
        subnet.V("defaultForAz").Should().Be("false");
        subnet.Tags()["tier"].Should().Be("private");

        var byZoneId = (await wire.Ec2Async("CreateSubnet", ("VpcId", vpc), ("CidrBlock", "10.0.2.0/28"), ("AvailabilityZoneId", "use1-az5")))
            .Ok("CreateSubnet").Element(Ns + "subnet")!;
        byZoneId.V("availabilityZone").Should().Be("us-east-1e");
        byZoneId.V("availableIpAddressCount").Should().Be("11");

        // Interfaces in the subnet use up addresses.
        var network = factory.Services.GetRequiredService<Ec2Network>();
        var context = new RequestContext(account, "us-east-1", "test", "ec2", "test");
        network.AllocateInterface(context, id, "test", "interface", "", [], "owner-1");
        network.AllocateInterface(context, id, "test", "interface", "", [], "owner-1");
        var described = (await wire.Ec2Async("DescribeSubnets", ("SubnetId.1", id))).Ok("DescribeSubnets").Items("subnetSet").Single();
        described.V("availableIpAddressCount").Should().Be("249");

        (await wire.Ec2Async("DeleteSubnet", ("SubnetId", id))).Error()
            .Should().Be(("DependencyViolation", $"The subnet '{id}' has dependencies and cannot be deleted."));
        network.ReleaseInterfacesOwnedBy(context.Scope, "owner-1");
        (await wire.Ec2Async("DeleteSubnet", ("SubnetId", id))).Ok("DeleteSubnet").V("return").Should().Be("true");
        (await wire.Ec2Async("DescribeSubnets", ("SubnetId.1", id))).Error()
            .Should().Be(("InvalidSubnetID.NotFound", $"The subnet ID '{id}' does not exist"));
    }

    [Fact]
    public async Task Create_subnet_errors()
    {
        var wire = factory.Wire(account: NewAccount());
        var vpc = await NewVpc(wire);
        (await wire.Ec2Async("CreateSubnet", ("VpcId", "vpc-00000000000000000"), ("CidrBlock", "10.0.0.0/24"))).Error().Code.Should().Be("InvalidVpcID.NotFound");
        (await wire.Ec2Async("CreateSubnet", ("VpcId", vpc), ("CidrBlock", "192.168.0.0/24"))).Error().Code.Should().Be("InvalidSubnet.Range");
        (await wire.Ec2Async("CreateSubnet", ("VpcId", vpc), ("CidrBlock", "10.0.0.0/24"))).Ok("CreateSubnet");
        (await wire.Ec2Async("CreateSubnet", ("VpcId", vpc), ("CidrBlock", "10.0.0.128/25"))).Error().Code.Should().Be("InvalidSubnet.Conflict");
        (await wire.Ec2Async("CreateSubnet", ("VpcId", vpc), ("CidrBlock", "10.0.9.0/24"), ("AvailabilityZone", "eu-west-1a"))).Error().Code.Should().Be("InvalidParameterValue");
        (await wire.Ec2Async("CreateSubnet", ("VpcId", vpc))).Error().Should().Be(("MissingParameter", "The request must contain the parameter CidrBlock"));
    }

    [Fact]
    public async Task Subnet_filters()
    {
        var wire = factory.Wire(account: NewAccount());
        var vpc = await NewVpc(wire);
        var a = (await wire.Ec2Async("CreateSubnet", ("VpcId", vpc), ("CidrBlock", "10.0.1.0/24"), ("AvailabilityZone", "us-east-1a"))).Ok("CreateSubnet").Element(Ns + "subnet")!.V("subnetId");
        var b = (await wire.Ec2Async("CreateSubnet", ("VpcId", vpc), ("CidrBlock", "10.0.2.0/24"), ("AvailabilityZone", "us-east-1b"))).Ok("CreateSubnet").Element(Ns + "subnet")!.V("subnetId");
        async Task<List<string>> Ids(params (string, string)[] p) =>
            (await wire.Ec2Async("DescribeSubnets", p)).Ok("DescribeSubnets").Items("subnetSet").Select(v => v.V("subnetId")).ToList();

        (await Ids(Filter(1, "vpc-id", vpc))).Should().Equal(a, b);
        (await Ids([.. Filter(1, "vpc-id", vpc), .. Filter(2, "availability-zone", "us-east-1b")])).Should().Equal(b);
        (await Ids([.. Filter(1, "vpc-id", vpc), .. Filter(2, "availability-zone-id", "use1-az1")])).Should().Equal(a);
        (await Ids(Filter(1, "cidr-block", "10.0.*"))).Should().Equal(a, b);
        (await Ids(Filter(1, "cidr", "10.0.2.0/24"))).Should().Equal(b);
        (await Ids(Filter(1, "default-for-az", "true"))).Should().HaveCount(6).And.NotContain([a, b]);
        (await Ids([.. Filter(1, "defaultForAz", "false"), .. Filter(2, "state", "available")])).Should().Equal(a, b);
        (await Ids(Filter(1, "subnet-id", a))).Should().Equal(a);
        (await Ids(Filter(1, "available-ip-address-count", "251"))).Should().Equal(a, b);
        (await wire.Ec2Async("DescribeSubnets", Filter(1, "zone", "x"))).Error().Code.Should().Be("InvalidParameterValue");

        var page = (await wire.Ec2Async("DescribeSubnets", ("MaxResults", "5"))).Ok("DescribeSubnets");
        page.Items("subnetSet").Should().HaveCount(5);
        var rest = (await wire.Ec2Async("DescribeSubnets", ("MaxResults", "5"), ("NextToken", page.V("nextToken")))).Ok("DescribeSubnets");
        rest.Items("subnetSet").Should().HaveCount(3);
    }
}
