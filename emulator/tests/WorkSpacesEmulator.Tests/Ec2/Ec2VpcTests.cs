using WorkSpacesEmulator.Tests.Infrastructure;
using static WorkSpacesEmulator.Tests.Ec2.Ec2Wire;

namespace WorkSpacesEmulator.Tests.Ec2;

public sealed class Ec2VpcTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Default_vpc_appears_lazily_with_ec2_element_names()
    {
        var account = NewAccount();
        var vpcs = (await factory.Wire(account: account).Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet");
        var vpc = vpcs.Should().ContainSingle().Subject;
        vpc.Elements().Select(e => e.Name.LocalName).Should().Equal(
            "vpcId", "ownerId", "state", "cidrBlock", "cidrBlockAssociationSet", "dhcpOptionsId", "instanceTenancy", "isDefault");
        vpc.V("vpcId").Should().MatchRegex("^vpc-[0-9a-f]{17}$");
        vpc.V("ownerId").Should().Be(account);
        vpc.V("state").Should().Be("available");
        vpc.V("cidrBlock").Should().Be("172.31.0.0/16");
        vpc.V("isDefault").Should().Be("true");
        vpc.V("instanceTenancy").Should().Be("default");
        var association = vpc.Items("cidrBlockAssociationSet").Should().ContainSingle().Subject;
        association.V("cidrBlock").Should().Be("172.31.0.0/16");
        association.Element(Ns + "cidrBlockState")!.V("state").Should().Be("associated");
    }

    [Fact]
    public async Task Default_vpc_is_per_account_and_region()
    {
        var a = (await factory.Wire(account: "111111111111", region: "eu-west-1").Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Single();
        var b = (await factory.Wire(account: "111111111111", region: "us-east-1").Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Single();
        var c = (await factory.Wire(account: "222222222222", region: "eu-west-1").Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Single();
        new[] { a.V("vpcId"), b.V("vpcId"), c.V("vpcId") }.Should().OnlyHaveUniqueItems();
        a.V("ownerId").Should().Be("111111111111");
        c.V("ownerId").Should().Be("222222222222");

        // The same caller sees the same default VPC again, and never another scope's VPC.
        var again = (await factory.Wire(account: "111111111111", region: "eu-west-1").Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Single();
        again.V("vpcId").Should().Be(a.V("vpcId"));
        var (code, _) = (await factory.Wire(account: "222222222222", region: "eu-west-1").Ec2Async("DescribeVpcs", ("VpcId.1", a.V("vpcId")))).Error();
        code.Should().Be("InvalidVpcID.NotFound");

        var subnets = (await factory.Wire(account: "111111111111", region: "eu-west-1").Ec2Async("DescribeSubnets")).Ok("DescribeSubnets").Items("subnetSet");
        subnets.Select(s => s.V("availabilityZone")).Should().Equal("eu-west-1a", "eu-west-1b", "eu-west-1c");
        subnets.Should().OnlyContain(s => s.V("vpcId") == a.V("vpcId") && s.V("defaultForAz") == "true");
    }

    [Fact]
    public async Task Create_describe_delete_vpc()
    {
        var wire = factory.Wire(account: NewAccount());
        var created = (await wire.Ec2Async("CreateVpc", ("CidrBlock", "10.0.0.0/16"), ("InstanceTenancy", "default"),
            ("TagSpecification.1.ResourceType", "vpc"), ("TagSpecification.1.Tag.1.Key", "Name"), ("TagSpecification.1.Tag.1.Value", "lab"),
            ("TagSpecification.1.Tag.2.Key", "env"), ("TagSpecification.1.Tag.2.Value", "test"))).Ok("CreateVpc");
        var vpc = created.Element(Ns + "vpc")!;
        var id = vpc.V("vpcId");
        vpc.V("cidrBlock").Should().Be("10.0.0.0/16");
        vpc.V("isDefault").Should().Be("false");
        vpc.Tags().Should().Equal(new Dictionary<string, string> { ["Name"] = "lab", ["env"] = "test" });

        var described = (await wire.Ec2Async("DescribeVpcs", ("VpcId.1", id))).Ok("DescribeVpcs").Items("vpcSet").Single();
        described.V("vpcId").Should().Be(id);
        described.Tags()["Name"].Should().Be("lab");

        // A new VPC gets its own default security group, which goes away with it.
        var groups = (await wire.Ec2Async("DescribeSecurityGroups", Filter(1, "vpc-id", id))).Ok("DescribeSecurityGroups").Items("securityGroupInfo");
        groups.Should().ContainSingle().Which.V("groupName").Should().Be("default");

        (await wire.Ec2Async("DeleteVpc", ("VpcId", id))).Ok("DeleteVpc").V("return").Should().Be("true");
        var (code, message) = (await wire.Ec2Async("DescribeVpcs", ("VpcId.1", id))).Error();
        code.Should().Be("InvalidVpcID.NotFound");
        message.Should().Be($"The vpc ID '{id}' does not exist");
        (await wire.Ec2Async("DescribeSecurityGroups", Filter(1, "vpc-id", id))).Ok("DescribeSecurityGroups").Items("securityGroupInfo").Should().BeEmpty();
        (await wire.Ec2Async("DeleteVpc", ("VpcId", id))).Error().Code.Should().Be("InvalidVpcID.NotFound");
    }

    [Fact]
    public async Task Invalid_cidr_blocks_are_rejected()
    {
        var wire = factory.Wire(account: NewAccount());
        (await wire.Ec2Async("CreateVpc", ("CidrBlock", "10.0.0.0/8"))).Error().Code.Should().Be("InvalidVpc.Range");
        (await wire.Ec2Async("CreateVpc", ("CidrBlock", "banana"))).Error().Code.Should().Be("InvalidParameterValue");
        (await wire.Ec2Async("CreateVpc")).Error().Should().Be(("MissingParameter", "The request must contain the parameter CidrBlock"));
        (await wire.Ec2Async("CreateVpc", ("CidrBlock", "10.0.0.0/16"), ("TagSpecification.1.ResourceType", "subnet"),
            ("TagSpecification.1.Tag.1.Key", "a"))).Error().Code.Should().Be("InvalidParameterValue");
    }

    [Fact]
    public async Task Delete_vpc_with_subnets_or_groups_is_a_dependency_violation()
    {
        var wire = factory.Wire(account: NewAccount());
        var id = (await wire.Ec2Async("CreateVpc", ("CidrBlock", "10.1.0.0/16"))).Ok("CreateVpc").Element(Ns + "vpc")!.V("vpcId");
        var subnet = (await wire.Ec2Async("CreateSubnet", ("VpcId", id), ("CidrBlock", "10.1.0.0/24"))).Ok("CreateSubnet").Element(Ns + "subnet")!.V("subnetId");
        var group = (await wire.Ec2Async("CreateSecurityGroup", ("VpcId", id), ("GroupName", "app"), ("GroupDescription", "app"))).Ok("CreateSecurityGroup").V("groupId");

        (await wire.Ec2Async("DeleteVpc", ("VpcId", id))).Error().Should().Be(("DependencyViolation", $"The vpc '{id}' has dependencies and cannot be deleted."));
        (await wire.Ec2Async("DeleteSubnet", ("SubnetId", subnet))).Ok("DeleteSubnet");
        (await wire.Ec2Async("DeleteVpc", ("VpcId", id))).Error().Code.Should().Be("DependencyViolation");
        (await wire.Ec2Async("DeleteSecurityGroup", ("GroupId", group))).Ok("DeleteSecurityGroup");
        (await wire.Ec2Async("DeleteVpc", ("VpcId", id))).Ok("DeleteVpc");
    }

    [Fact]
    public async Task Deleted_default_vpc_stays_deleted_until_CreateDefaultVpc()
    {
        var wire = factory.Wire(account: NewAccount(), region: "us-west-2");
        var vpc = (await wire.Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Single().V("vpcId");
        foreach (var subnet in (await wire.Ec2Async("DescribeSubnets")).Ok("DescribeSubnets").Items("subnetSet"))
            (await wire.Ec2Async("DeleteSubnet", ("SubnetId", subnet.V("subnetId")))).Ok("DeleteSubnet");
        (await wire.Ec2Async("DeleteVpc", ("VpcId", vpc))).Ok("DeleteVpc");

        (await wire.Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Should().BeEmpty();
        var attributes = (await wire.Ec2Async("DescribeAccountAttributes", ("AttributeName.1", "default-vpc"))).Ok("DescribeAccountAttributes");
        attributes.Items("accountAttributeSet").Single().Items("attributeValueSet").Single().V("attributeValue").Should().Be("none");
        (await wire.Ec2Async("CreateSecurityGroup", ("GroupName", "x"), ("GroupDescription", "x"))).Error().Code.Should().Be("VPCIdNotSpecified");

        var recreated = (await wire.Ec2Async("CreateDefaultVpc")).Ok("CreateDefaultVpc").Element(Ns + "vpc")!;
        recreated.V("isDefault").Should().Be("true");
        recreated.V("vpcId").Should().NotBe(vpc);
        (await wire.Ec2Async("DescribeSubnets")).Ok("DescribeSubnets").Items("subnetSet").Should().HaveCount(4);
        (await wire.Ec2Async("CreateDefaultVpc")).Error().Code.Should().Be("DefaultVpcAlreadyExists");
    }

    [Fact]
    public async Task Vpc_filters_and_or_and_wildcards()
    {
        var wire = factory.Wire(account: NewAccount());
        async Task<string> Create(string cidr, string name) => (await wire.Ec2Async("CreateVpc", ("CidrBlock", cidr),
            ("TagSpecification.1.ResourceType", "vpc"), ("TagSpecification.1.Tag.1.Key", "Name"), ("TagSpecification.1.Tag.1.Value", name)))
            .Ok("CreateVpc").Element(Ns + "vpc")!.V("vpcId");
        var a = await Create("10.10.0.0/16", "alpha");
        var b = await Create("10.20.0.0/16", "beta");
        var c = await Create("10.30.0.0/16", "gamma");

        async Task<List<string>> Ids(params (string, string)[] p) =>
            (await wire.Ec2Async("DescribeVpcs", p)).Ok("DescribeVpcs").Items("vpcSet").Select(v => v.V("vpcId")).ToList();

        (await Ids(Filter(1, "tag:Name", "alpha", "gamma"))).Should().Equal(a, c);
        (await Ids(Filter(1, "tag:Name", "*a"))).Should().Equal(a, b, c);
        (await Ids(Filter(1, "tag:Name", "?eta"))).Should().Equal(b);
        (await Ids([.. Filter(1, "tag:Name", "*a"), .. Filter(2, "cidr", "10.2*", "10.3*")])).Should().Equal(b, c);
        (await Ids(Filter(1, "cidr-block-association.cidr-block", "10.10.0.0/16"))).Should().Equal(a);
        (await Ids(Filter(1, "is-default", "false"))).Should().Equal(a, b, c);
        (await Ids(Filter(1, "isDefault", "true"))).Should().ContainSingle().And.NotContain([a, b, c]);
        (await Ids(Filter(1, "tag-key", "Name"))).Should().Equal(a, b, c);
        (await Ids(Filter(1, "state", "available"))).Should().HaveCount(4);
        (await Ids(Filter(1, "vpc-id", b))).Should().Equal(b);
        (await Ids([.. Filter(1, "vpc-id", a, b), ("VpcId.1", b), ("VpcId.2", c)])).Should().Equal(b);
        (await Ids(Filter(1, "owner-id", "999999999999"))).Should().BeEmpty();
    }

    [Fact]
    public async Task Describe_vpcs_pages_with_MaxResults_and_NextToken()
    {
        var wire = factory.Wire(account: NewAccount());
        for (var i = 0; i < 6; i++) (await wire.Ec2Async("CreateVpc", ("CidrBlock", $"10.{i}.0.0/16"))).Ok("CreateVpc");
        var first = (await wire.Ec2Async("DescribeVpcs", ("MaxResults", "5"))).Ok("DescribeVpcs");
        first.Items("vpcSet").Should().HaveCount(5);
        var token = first.V("nextToken");
        var second = (await wire.Ec2Async("DescribeVpcs", ("MaxResults", "5"), ("NextToken", token))).Ok("DescribeVpcs");
        second.Items("vpcSet").Should().HaveCount(2);
        second.Opt("nextToken").Should().BeNull();
        first.Items("vpcSet").Concat(second.Items("vpcSet")).Select(v => v.V("vpcId")).Should().OnlyHaveUniqueItems();

        (await wire.Ec2Async("DescribeVpcs", ("MaxResults", "3"))).Error().Code.Should().Be("InvalidParameterValue");
        (await wire.Ec2Async("DescribeVpcs", ("NextToken", "garbage"))).Error().Code.Should().Be("InvalidPaginationToken");
    }
}
