using WorkSpacesEmulator.Tests.Infrastructure;
using static WorkSpacesEmulator.Tests.Ec2.Ec2Wire;

namespace WorkSpacesEmulator.Tests.Ec2;

public sealed class Ec2SecurityGroupTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Default_group_shape()
    {
        var wire = factory.Wire(account: NewAccount());
        var group = (await wire.Ec2Async("DescribeSecurityGroups")).Ok("DescribeSecurityGroups").Items("securityGroupInfo").Single();
        group.Elements().Select(e => e.Name.LocalName).Should().Equal(
            "ownerId", "groupId", "groupName", "groupDescription", "vpcId", "ipPermissions", "ipPermissionsEgress", "securityGroupArn");
        group.V("groupName").Should().Be("default");
        group.V("groupId").Should().MatchRegex("^sg-[0-9a-f]{17}$");
        var egress = group.Items("ipPermissionsEgress").Single();
        egress.V("ipProtocol").Should().Be("-1");
        egress.Items("ipRanges").Single().V("cidrIp").Should().Be("0.0.0.0/0");
        group.Items("ipPermissions").Single().Items("groups").Single().V("groupId").Should().Be(group.V("groupId"));
    }

    [Fact]
    public async Task Create_describe_delete_group()
    {
        var wire = factory.Wire(account: NewAccount());
        var defaultVpc = (await wire.Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Single().V("vpcId");
        var created = (await wire.Ec2Async("CreateSecurityGroup", ("GroupName", "web"), ("GroupDescription", "web servers"),
            ("TagSpecification.1.ResourceType", "security-group"), ("TagSpecification.1.Tag.1.Key", "team"), ("TagSpecification.1.Tag.1.Value", "a")))
            .Ok("CreateSecurityGroup");
        created.V("return").Should().Be("true");
        var id = created.V("groupId");
        created.Tags()["team"].Should().Be("a");

        var group = (await wire.Ec2Async("DescribeSecurityGroups", ("GroupId.1", id))).Ok("DescribeSecurityGroups").Items("securityGroupInfo").Single();
        group.V("vpcId").Should().Be(defaultVpc);
        group.V("groupDescription").Should().Be("web servers");
        group.Items("ipPermissions").Should().BeEmpty();
        group.Items("ipPermissionsEgress").Should().ContainSingle();

        (await wire.Ec2Async("DescribeSecurityGroups", ("GroupName.1", "web"))).Ok("DescribeSecurityGroups").Items("securityGroupInfo")
            .Single().V("groupId").Should().Be(id);
        (await wire.Ec2Async("DescribeSecurityGroups", Filter(1, "group-name", "w*"))).Ok("DescribeSecurityGroups").Items("securityGroupInfo")
            .Should().ContainSingle();
        (await wire.Ec2Async("DescribeSecurityGroups", [.. Filter(1, "description", "web*"), .. Filter(2, "tag:team", "a")])).Ok("DescribeSecurityGroups")
            .Items("securityGroupInfo").Should().ContainSingle();

        (await wire.Ec2Async("CreateSecurityGroup", ("GroupName", "WEB"), ("GroupDescription", "again"))).Error().Code.Should().Be("InvalidGroup.Duplicate");
        (await wire.Ec2Async("CreateSecurityGroup", ("GroupName", "sg-x"), ("GroupDescription", "x"))).Error().Code.Should().Be("InvalidParameterValue");
        (await wire.Ec2Async("CreateSecurityGroup", ("GroupName", "x"))).Error().Should().Be(("MissingParameter", "The request must contain the parameter GroupDescription"));

        (await wire.Ec2Async("DeleteSecurityGroup", ("GroupName", "web"))).Ok("DeleteSecurityGroup").V("return").Should().Be("true");
        (await wire.Ec2Async("DescribeSecurityGroups", ("GroupId.1", id))).Error().Should().Be(("InvalidGroup.NotFound", $"The security group '{id}' does not exist"));
        (await wire.Ec2Async("DeleteSecurityGroup", ("GroupId", id))).Error().Code.Should().Be("InvalidGroup.NotFound");
        (await wire.Ec2Async("DescribeSecurityGroups", ("GroupName.1", "web"))).Error()
            .Should().Be(("InvalidGroup.NotFound", $"The security group 'web' does not exist in default VPC '{defaultVpc}'"));
    }

    [Fact]
    public async Task Default_group_cannot_be_deleted()
    {
        var wire = factory.Wire(account: NewAccount());
        var id = (await wire.Ec2Async("DescribeSecurityGroups")).Ok("DescribeSecurityGroups").Items("securityGroupInfo").Single().V("groupId");
        (await wire.Ec2Async("DeleteSecurityGroup", ("GroupId", id))).Error().Code.Should().Be("CannotDelete");
    }

    [Fact]
    public async Task Group_in_a_named_vpc()
    {
        var wire = factory.Wire(account: NewAccount());
        var vpc = (await wire.Ec2Async("CreateVpc", ("CidrBlock", "10.5.0.0/16"))).Ok("CreateVpc").Element(Ns + "vpc")!.V("vpcId");
        var id = (await wire.Ec2Async("CreateSecurityGroup", ("GroupName", "db"), ("GroupDescription", "db"), ("VpcId", vpc))).Ok("CreateSecurityGroup").V("groupId");
        var groups = (await wire.Ec2Async("DescribeSecurityGroups", Filter(1, "vpc-id", vpc))).Ok("DescribeSecurityGroups").Items("securityGroupInfo");
        groups.Select(g => g.V("groupName")).Should().BeEquivalentTo("default", "db");
        (await wire.Ec2Async("CreateSecurityGroup", ("GroupName", "db"), ("GroupDescription", "db"), ("VpcId", "vpc-11111111111111111"))).Error()
            .Code.Should().Be("InvalidVpcID.NotFound");
        (await wire.Ec2Async("DeleteSecurityGroup", ("GroupId", id))).Ok("DeleteSecurityGroup");
    }
}
