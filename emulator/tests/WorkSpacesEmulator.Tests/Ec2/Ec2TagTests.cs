using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Tests.Infrastructure;
using static WorkSpacesEmulator.Tests.Ec2.Ec2Wire;

namespace WorkSpacesEmulator.Tests.Ec2;

public sealed class Ec2TagTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Create_describe_delete_tags_across_resource_kinds()
    {
        var account = NewAccount();
        var wire = factory.Wire(account: account);
        var vpc = (await wire.Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Single().V("vpcId");
        var subnet = (await wire.Ec2Async("DescribeSubnets")).Ok("DescribeSubnets").Items("subnetSet")[0].V("subnetId");
        var group = (await wire.Ec2Async("DescribeSecurityGroups")).Ok("DescribeSecurityGroups").Items("securityGroupInfo").Single().V("groupId");
        var eni = factory.Services.GetRequiredService<Ec2Network>()
            .AllocateInterface(new RequestContext(account, "us-east-1", "t", "ec2", "t"), subnet, "x", "interface", "", [], "owner").Id;

        (await wire.Ec2Async("CreateTags", ("ResourceId.1", vpc), ("ResourceId.2", subnet), ("ResourceId.3", group), ("ResourceId.4", eni),
            ("Tag.1.Key", "env"), ("Tag.1.Value", "dev"), ("Tag.2.Key", "empty"))).Ok("CreateTags").V("return").Should().Be("true");

        var tags = (await wire.Ec2Async("DescribeTags")).Ok("DescribeTags").Items("tagSet");
        tags.Should().HaveCount(8);
        tags[0].Elements().Select(e => e.Name.LocalName).Should().Equal("resourceId", "resourceType", "key", "value");
        tags.Select(t => (t.V("resourceId"), t.V("resourceType"))).Distinct().Should().BeEquivalentTo(new[]
        {
            (vpc, "vpc"), (subnet, "subnet"), (group, "security-group"), (eni, "network-interface"),
        });
        tags.Where(t => t.V("key") == "empty").Should().OnlyContain(t => t.V("value") == "");

        (await wire.Ec2Async("DescribeVpcs", ("VpcId.1", vpc))).Ok("DescribeVpcs").Items("vpcSet").Single().Tags()
            .Should().Equal(new Dictionary<string, string> { ["env"] = "dev", ["empty"] = "" });
        (await wire.Ec2Async("DescribeNetworkInterfaces", Filter(1, "tag:env", "dev"))).Ok("DescribeNetworkInterfaces").Items("networkInterfaceSet")
            .Single().V("networkInterfaceId").Should().Be(eni);

        async Task<int> Count(params (string, string)[] p) => (await wire.Ec2Async("DescribeTags", p)).Ok("DescribeTags").Items("tagSet").Count;
        (await Count(Filter(1, "resource-type", "subnet", "vpc"))).Should().Be(4);
        (await Count(Filter(1, "resource-id", eni))).Should().Be(2);
        (await Count([.. Filter(1, "key", "env"), .. Filter(2, "value", "d?v")])).Should().Be(4);
        (await wire.Ec2Async("DescribeTags", Filter(1, "colour", "x"))).Error().Code.Should().Be("InvalidParameterValue");
        var firstPage = (await wire.Ec2Async("DescribeTags", ("MaxResults", "5"))).Ok("DescribeTags");
        firstPage.Items("tagSet").Should().HaveCount(5);
        (await wire.Ec2Async("DescribeTags", ("MaxResults", "5"), ("NextToken", firstPage.V("nextToken")))).Ok("DescribeTags").Items("tagSet").Should().HaveCount(3);

        // Overwrite keeps one tag per key.
        (await wire.Ec2Async("CreateTags", ("ResourceId.1", vpc), ("Tag.1.Key", "env"), ("Tag.1.Value", "prod"))).Ok("CreateTags");
        (await Count([.. Filter(1, "resource-id", vpc), .. Filter(2, "key", "env")])).Should().Be(1);

        // A Value given must match; without a Value the key goes.
        (await wire.Ec2Async("DeleteTags", ("ResourceId.1", vpc), ("Tag.1.Key", "env"), ("Tag.1.Value", "dev"))).Ok("DeleteTags");
        (await Count(Filter(1, "resource-id", vpc))).Should().Be(2);
        (await wire.Ec2Async("DeleteTags", ("ResourceId.1", vpc), ("Tag.1.Key", "env"))).Ok("DeleteTags");
        (await Count(Filter(1, "resource-id", vpc))).Should().Be(1);
        // No Tag at all removes every tag.
        (await wire.Ec2Async("DeleteTags", ("ResourceId.1", subnet))).Ok("DeleteTags");
        (await Count(Filter(1, "resource-id", subnet))).Should().Be(0);
        (await wire.Ec2Async("DescribeVpcs", ("VpcId.1", vpc))).Ok("DescribeVpcs").Items("vpcSet").Single().Opt("tagSet").Should().NotBeNull();
        (await wire.Ec2Async("DescribeSubnets", ("SubnetId.1", subnet))).Ok("DescribeSubnets").Items("subnetSet").Single().Opt("tagSet").Should().BeNull();
    }

    [Theory]
    [InlineData("vpc-00000000000000000", "InvalidVpcID.NotFound", "The vpc ID 'vpc-00000000000000000' does not exist")]
    [InlineData("subnet-00000000000000000", "InvalidSubnetID.NotFound", "The subnet ID 'subnet-00000000000000000' does not exist")]
    [InlineData("sg-00000000000000000", "InvalidGroup.NotFound", "The security group 'sg-00000000000000000' does not exist")]
    [InlineData("eni-00000000000000000", "InvalidNetworkInterfaceID.NotFound", "The networkInterface ID 'eni-00000000000000000' does not exist")]
    [InlineData("i-00000000000000000", "InvalidID", "The ID 'i-00000000000000000' is not valid")]
    public async Task Unknown_resource_ids_fail_with_their_kinds_code(string id, string code, string message)
    {
        var wire = factory.Wire(account: NewAccount());
        (await wire.Ec2Async("CreateTags", ("ResourceId.1", id), ("Tag.1.Key", "a"), ("Tag.1.Value", "b"))).Error().Should().Be((code, message));
        (await wire.Ec2Async("DeleteTags", ("ResourceId.1", id))).Error().Code.Should().Be(code);
    }

    [Fact]
    public async Task A_bad_id_leaves_every_resource_untagged()
    {
        var wire = factory.Wire(account: NewAccount());
        var vpc = (await wire.Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Single().V("vpcId");
        (await wire.Ec2Async("CreateTags", ("ResourceId.1", vpc), ("ResourceId.2", "vpc-00000000000000000"), ("Tag.1.Key", "a"))).Error();
        (await wire.Ec2Async("DescribeTags")).Ok("DescribeTags").Items("tagSet").Should().BeEmpty();
    }

    [Fact]
    public async Task Tag_validation()
    {
        var wire = factory.Wire(account: NewAccount());
        var vpc = (await wire.Ec2Async("DescribeVpcs")).Ok("DescribeVpcs").Items("vpcSet").Single().V("vpcId");
        (await wire.Ec2Async("CreateTags", ("ResourceId.1", vpc))).Error().Should().Be(("MissingParameter", "The request must contain the parameter Tag"));
        (await wire.Ec2Async("CreateTags", ("Tag.1.Key", "a"))).Error().Should().Be(("MissingParameter", "The request must contain the parameter ResourceId"));
        (await wire.Ec2Async("CreateTags", ("ResourceId.1", vpc), ("Tag.1.Key", "aws:x"))).Error().Code.Should().Be("InvalidParameterValue");
        var many = Enumerable.Range(1, 51).Select(i => ($"Tag.{i}.Key", $"k{i}")).Prepend(("ResourceId.1", vpc)).ToArray();
        (await wire.Ec2Async("CreateTags", many)).Error().Code.Should().Be("TagLimitExceeded");
    }
}
