using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Tests.Infrastructure;
using static WorkSpacesEmulator.Tests.Ec2.Ec2Wire;

namespace WorkSpacesEmulator.Tests.Ec2;

public sealed class Ec2NetworkInterfaceTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Interfaces_created_by_other_services_are_described_and_filtered()
    {
        var account = NewAccount();
        var wire = factory.Wire(account: account);
        var subnets = (await wire.Ec2Async("DescribeSubnets")).Ok("DescribeSubnets").Items("subnetSet");
        var group = (await wire.Ec2Async("DescribeSecurityGroups")).Ok("DescribeSecurityGroups").Items("securityGroupInfo").Single().V("groupId");
        var network = factory.Services.GetRequiredService<Ec2Network>();
        var context = new RequestContext(account, "us-east-1", "test", "ec2", "test");
        var managed = network.AllocateInterface(context, subnets[0].V("subnetId"), "AWS created network interface for directory d-1234567890",
            "interface", "AROAEXAMPLE", [group], "d-1234567890");
        var other = network.AllocateInterface(context, subnets[1].V("subnetId"), "plain", "interface", "", [], "ws-abc");

        var all = (await wire.Ec2Async("DescribeNetworkInterfaces")).Ok("DescribeNetworkInterfaces").Items("networkInterfaceSet");
        all.Select(n => n.V("networkInterfaceId")).Should().Equal(managed.Id, other.Id);
        var eni = all[0];
        eni.V("subnetId").Should().Be(subnets[0].V("subnetId"));
        eni.V("availabilityZone").Should().Be("us-east-1a");
        eni.V("privateIpAddress").Should().Be("172.31.0.4");
        eni.V("requesterManaged").Should().Be("true");
        eni.V("requesterId").Should().Be("AROAEXAMPLE");
        eni.V("status").Should().Be("in-use");
        eni.V("interfaceType").Should().Be("interface");
        eni.V("macAddress").Should().MatchRegex("^02(:[0-9a-f]{2}){5}$");
        eni.Items("groupSet").Single().V("groupName").Should().Be("default");
        var address = eni.Items("privateIpAddressesSet").Single();
        address.V("privateIpAddress").Should().Be("172.31.0.4");
        address.V("primary").Should().Be("true");
        eni.Element(Ns + "attachment")!.V("status").Should().Be("attached");
        all[1].V("requesterManaged").Should().Be("false");
        all[1].Opt("requesterId").Should().BeNull();

        async Task<List<string>> Ids(params (string, string)[] p) =>
            (await wire.Ec2Async("DescribeNetworkInterfaces", p)).Ok("DescribeNetworkInterfaces").Items("networkInterfaceSet").Select(v => v.V("networkInterfaceId")).ToList();
        (await Ids(Filter(1, "private-ip-address", "172.31.0.4"))).Should().Equal(managed.Id);
        (await Ids(Filter(1, "addresses.private-ip-address", "172.31.16.*"))).Should().Equal(other.Id);
        (await Ids(Filter(1, "description", "*directory d-1234567890"))).Should().Equal(managed.Id);
        (await Ids(Filter(1, "requester-id", "AROAEXAMPLE"))).Should().Equal(managed.Id);
        (await Ids(Filter(1, "group-id", group))).Should().Equal(managed.Id);
        (await Ids(Filter(1, "subnet-id", subnets[1].V("subnetId")))).Should().Equal(other.Id);
        (await Ids([.. Filter(1, "interface-type", "interface"), .. Filter(2, "status", "in-use"), .. Filter(3, "vpc-id", subnets[0].V("vpcId"))]))
            .Should().Equal(managed.Id, other.Id);
        (await Ids(Filter(1, "availability-zone", "us-east-1b"))).Should().Equal(other.Id);
        (await Ids(("NetworkInterfaceId.1", other.Id))).Should().Equal(other.Id);
        (await wire.Ec2Async("DescribeNetworkInterfaces", ("NetworkInterfaceId.1", "eni-00000000000000000"))).Error()
            .Should().Be(("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID 'eni-00000000000000000' does not exist"));

        // Another account sees none of them.
        (await factory.Wire(account: NewAccount()).Ec2Async("DescribeNetworkInterfaces")).Ok("DescribeNetworkInterfaces")
            .Items("networkInterfaceSet").Should().BeEmpty();
    }
}
