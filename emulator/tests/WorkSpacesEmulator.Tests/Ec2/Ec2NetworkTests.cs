using WorkSpacesEmulator.Tests.Infrastructure;
using static WorkSpacesEmulator.Tests.Ec2.Ec2Wire;

namespace WorkSpacesEmulator.Tests.Ec2;

/// <summary>The EC2 network the WorkSpaces tutorials build: gateways, addresses, route tables, rules, attributes.</summary>
public sealed class Ec2NetworkTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static async Task<(AwsWireClient Wire, string Vpc, string Subnet)> NewVpcAsync(EmulatorFactory factory)
    {
        var wire = factory.Wire(account: NewAccount());
        var vpc = (await wire.Ec2Async("CreateVpc", ("CidrBlock", "10.80.0.0/16"))).Ok("CreateVpc").Element(Ns + "vpc")!.V("vpcId");
        var subnet = (await wire.Ec2Async("CreateSubnet", ("VpcId", vpc), ("CidrBlock", "10.80.1.0/24"))).Ok("CreateSubnet").Element(Ns + "subnet")!.V("subnetId");
        return (wire, vpc, subnet);
    }

    [Fact]
    public async Task Every_VPC_has_a_main_route_table_with_its_local_route()
    {
        var (wire, vpc, _) = await NewVpcAsync(factory);
        var table = (await wire.Ec2Async("DescribeRouteTables", Filter(1, "vpc-id", vpc))).Ok("DescribeRouteTables").Items("routeTableSet").Single();
        table.Items("associationSet").Single().V("main").Should().Be("true");
        var route = table.Items("routeSet").Single();
        (route.V("destinationCidrBlock"), route.V("gatewayId"), route.V("state"), route.V("origin"))
            .Should().Be(("10.80.0.0/16", "local", "active", "CreateRouteTable"));
        var delete = await wire.Ec2Async("DeleteRouteTable", ("RouteTableId", table.V("routeTableId")));
        delete.Error().Code.Should().Be("DependencyViolation");
    }

    [Fact]
    public async Task Internet_gateway_route_needs_the_gateway_attached_and_turns_blackhole_when_detached()
    {
        var (wire, vpc, subnet) = await NewVpcAsync(factory);
        var igw = (await wire.Ec2Async("CreateInternetGateway")).Ok("CreateInternetGateway").Element(Ns + "internetGateway")!.V("internetGatewayId");
        var rtb = (await wire.Ec2Async("CreateRouteTable", ("VpcId", vpc))).Ok("CreateRouteTable").Element(Ns + "routeTable")!.V("routeTableId");
        (await wire.Ec2Async("CreateRoute", ("RouteTableId", rtb), ("DestinationCidrBlock", "0.0.0.0/0"), ("GatewayId", igw)))
            .Error().Message.Should().Contain("belong to different networks");
        (await wire.Ec2Async("AttachInternetGateway", ("InternetGatewayId", igw), ("VpcId", vpc))).Ok("AttachInternetGateway");
        (await wire.Ec2Async("AttachInternetGateway", ("InternetGatewayId", igw), ("VpcId", vpc))).Error().Code.Should().Be("Resource.AlreadyAssociated");
        (await wire.Ec2Async("CreateRoute", ("RouteTableId", rtb), ("DestinationCidrBlock", "0.0.0.0/0"), ("GatewayId", igw))).Ok("CreateRoute");
        (await wire.Ec2Async("CreateRoute", ("RouteTableId", rtb), ("DestinationCidrBlock", "0.0.0.0/0"), ("GatewayId", igw))).Error().Code.Should().Be("RouteAlreadyExists");
        var association = (await wire.Ec2Async("AssociateRouteTable", ("RouteTableId", rtb), ("SubnetId", subnet))).Ok("AssociateRouteTable").V("associationId");
        association.Should().MatchRegex("^rtbassoc-[0-9a-f]{17}$");

        var described = (await wire.Ec2Async("DescribeRouteTables", Filter(1, "association.subnet-id", subnet))).Ok("DescribeRouteTables").Items("routeTableSet").Single();
        described.V("routeTableId").Should().Be(rtb);
        described.Items("routeSet").Single(r => r.V("destinationCidrBlock") == "0.0.0.0/0").V("state").Should().Be("active");

        (await wire.Ec2Async("DeleteInternetGateway", ("InternetGatewayId", igw))).Error().Code.Should().Be("DependencyViolation");
        (await wire.Ec2Async("DetachInternetGateway", ("InternetGatewayId", igw), ("VpcId", vpc))).Ok("DetachInternetGateway");
        described = (await wire.Ec2Async("DescribeRouteTables", ("RouteTableId.1", rtb))).Ok("DescribeRouteTables").Items("routeTableSet").Single();
        described.Items("routeSet").Single(r => r.V("destinationCidrBlock") == "0.0.0.0/0").V("state").Should().Be("blackhole");
        (await wire.Ec2Async("DisassociateRouteTable", ("AssociationId", association))).Ok("DisassociateRouteTable");
        (await wire.Ec2Async("DeleteRouteTable", ("RouteTableId", rtb))).Ok("DeleteRouteTable");
        (await wire.Ec2Async("DeleteInternetGateway", ("InternetGatewayId", igw))).Ok("DeleteInternetGateway");
        (await wire.Ec2Async("DescribeInternetGateways", ("InternetGatewayId.1", igw))).Error().Code.Should().Be("InvalidInternetGatewayID.NotFound");
    }

    [Fact]
    public async Task Nat_gateway_takes_an_Elastic_IP_and_an_interface_in_its_subnet()
    {
        var (wire, _, subnet) = await NewVpcAsync(factory);
        var allocation = (await wire.Ec2Async("AllocateAddress", ("Domain", "vpc"))).Ok("AllocateAddress");
        var allocationId = allocation.V("allocationId");
        var nat = (await wire.Ec2Async("CreateNatGateway", ("SubnetId", subnet), ("AllocationId", allocationId))).Ok("CreateNatGateway").Element(Ns + "natGateway")!;
        var address = nat.Items("natGatewayAddressSet").Single();
        address.V("publicIp").Should().Be(allocation.V("publicIp"));
        address.V("privateIp").Should().StartWith("10.80.1.");
        var eni = (await wire.Ec2Async("DescribeNetworkInterfaces", ("NetworkInterfaceId.1", address.V("networkInterfaceId"))))
            .Ok("DescribeNetworkInterfaces").Items("networkInterfaceSet").Single();
        eni.V("interfaceType").Should().Be("nat_gateway");
        eni.Element(Ns + "association")!.V("publicIp").Should().Be(allocation.V("publicIp"));
        (await wire.Ec2Async("ReleaseAddress", ("AllocationId", allocationId))).Error().Code.Should().Be("InvalidIPAddress.InUse");
        var state = await Eventually.WaitAsync(
            async () => (await wire.Ec2Async("DescribeNatGateways", ("NatGatewayId.1", nat.V("natGatewayId")))).Ok("DescribeNatGateways").Items("natGatewaySet").Single().V("state"),
            s => s == "available", "NAT gateway available");
        state.Should().Be("available");
        (await wire.Ec2Async("DeleteNatGateway", ("NatGatewayId", nat.V("natGatewayId")))).Ok("DeleteNatGateway");
        (await wire.Ec2Async("ReleaseAddress", ("AllocationId", allocationId))).Ok("ReleaseAddress");
    }

    [Fact]
    public async Task Security_group_rules_are_stored_described_and_revoked()
    {
        var (wire, vpc, _) = await NewVpcAsync(factory);
        var group = (await wire.Ec2Async("CreateSecurityGroup", ("GroupName", "rdp"), ("GroupDescription", "rdp"), ("VpcId", vpc))).Ok("CreateSecurityGroup").V("groupId");
        (string, string)[] rdp = [("GroupId", group), ("IpPermissions.1.IpProtocol", "tcp"), ("IpPermissions.1.FromPort", "3389"), ("IpPermissions.1.ToPort", "3389"),
            ("IpPermissions.1.IpRanges.1.CidrIp", "192.0.2.0/24"), ("IpPermissions.1.IpRanges.1.Description", "office")];
        var added = (await wire.Ec2Async("AuthorizeSecurityGroupIngress", rdp)).Ok("AuthorizeSecurityGroupIngress").Items("securityGroupRuleSet").Single();
        added.V("securityGroupRuleId").Should().MatchRegex("^sgr-[0-9a-f]{17}$");
        (added.V("isEgress"), added.V("ipProtocol"), added.V("fromPort"), added.V("cidrIpv4"), added.V("description")).Should().Be(("false", "tcp", "3389", "192.0.2.0/24", "office"));
        (await wire.Ec2Async("AuthorizeSecurityGroupIngress", rdp)).Error().Code.Should().Be("InvalidPermission.Duplicate");

        var rules = (await wire.Ec2Async("DescribeSecurityGroupRules", Filter(1, "group-id", group))).Ok("DescribeSecurityGroupRules").Items("securityGroupRuleSet");
        rules.Select(r => (r.V("isEgress"), r.V("ipProtocol"), r.V("cidrIpv4"))).Should().BeEquivalentTo([("true", "-1", "0.0.0.0/0"), ("false", "tcp", "192.0.2.0/24")]);
        var described = (await wire.Ec2Async("DescribeSecurityGroups", ("GroupId.1", group))).Ok("DescribeSecurityGroups").Items("securityGroupInfo").Single();
        described.Items("ipPermissions").Single().Items("ipRanges").Single().V("cidrIp").Should().Be("192.0.2.0/24");

        (await wire.Ec2Async("RevokeSecurityGroupEgress", ("GroupId", group), ("IpPermissions.1.IpProtocol", "-1"), ("IpPermissions.1.IpRanges.1.CidrIp", "0.0.0.0/0")))
            .Ok("RevokeSecurityGroupEgress");
        (await wire.Ec2Async("RevokeSecurityGroupIngress", ("GroupId", group), ("SecurityGroupRuleId.1", added.V("securityGroupRuleId")))).Ok("RevokeSecurityGroupIngress");
        (await wire.Ec2Async("DescribeSecurityGroupRules", Filter(1, "group-id", group))).Ok("DescribeSecurityGroupRules").Items("securityGroupRuleSet").Should().BeEmpty();
        (await wire.Ec2Async("RevokeSecurityGroupIngress", rdp)).Error().Code.Should().Be("InvalidPermission.NotFound");
    }

    [Fact]
    public async Task Vpc_and_subnet_attributes()
    {
        var (wire, vpc, subnet) = await NewVpcAsync(factory);
        (await wire.Ec2Async("DescribeVpcAttribute", ("VpcId", vpc), ("Attribute", "enableDnsHostnames"))).Ok("DescribeVpcAttribute")
            .Element(Ns + "enableDnsHostnames")!.V("value").Should().Be("false");
        (await wire.Ec2Async("ModifyVpcAttribute", ("VpcId", vpc), ("EnableDnsHostnames.Value", "true"))).Ok("ModifyVpcAttribute");
        (await wire.Ec2Async("DescribeVpcAttribute", ("VpcId", vpc), ("Attribute", "enableDnsHostnames"))).Ok("DescribeVpcAttribute")
            .Element(Ns + "enableDnsHostnames")!.V("value").Should().Be("true");
        (await wire.Ec2Async("ModifySubnetAttribute", ("SubnetId", subnet), ("MapPublicIpOnLaunch.Value", "true"))).Ok("ModifySubnetAttribute");
        (await wire.Ec2Async("DescribeSubnets", ("SubnetId.1", subnet))).Ok("DescribeSubnets").Items("subnetSet").Single().V("mapPublicIpOnLaunch").Should().Be("true");
    }

    [Fact]
    public async Task EnableInternetAccess_gives_a_WorkSpace_interface_a_public_address()
    {
        var bed = new WorkSpaces.WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("jdoe", "asmith");
        var before = await bed.CreateWorkspace(directoryId, "jdoe");
        (await bed.Call("ModifyWorkspaceCreationProperties", new { ResourceId = directoryId, WorkspaceCreationProperties = new { EnableInternetAccess = true } })).Ok();
        var after = await bed.CreateWorkspace(directoryId, "asmith");
        var enis = (await bed.Wire.Ec2Async("DescribeNetworkInterfaces", Filter(1, "requester-id", "amazon-workspaces"))).Ok("DescribeNetworkInterfaces").Items("networkInterfaceSet");
        string? PublicIp(string workspaceId)
        {
            var ip = bed.Store.Table<WorkSpacesEmulator.Services.WorkSpaces.WorkspaceRecord>(WorkSpacesEmulator.Storage.ResourceKinds.Workspaces).Get(bed.Scope, workspaceId)!.IpAddress;
            return enis.Single(e => e.V("privateIpAddress") == ip).Element(Ns + "association")?.V("publicIp");
        }
        PublicIp(before).Should().BeNull();
        PublicIp(after).Should().MatchRegex(@"^(198\.51\.100|203\.0\.113)\.\d+$");
    }
}
