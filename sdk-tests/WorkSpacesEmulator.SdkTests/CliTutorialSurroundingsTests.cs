using System.Text.Json.Nodes;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>The IAM, STS, KMS and EC2 calls of the WorkSpaces tutorials, through the unchanged AWS CLI.</summary>
public sealed class CliTutorialSurroundingsTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static string S(JsonNode? n) => n!.GetValue<string>();

    [Fact]
    public async Task Iam_role_sts_identity_and_kms_keys()
    {
        var aws = new AwsCli(fixture.Emulator, "123456789012");
        S((await aws.JsonAsync("sts", "get-caller-identity"))["Account"]).Should().Be("123456789012");
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"workspaces.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        await aws.JsonAsync("iam", "create-role", "--role-name", "workspaces_DefaultRole", "--assume-role-policy-document", trust);
        await aws.JsonAsync("iam", "attach-role-policy", "--role-name", "workspaces_DefaultRole", "--policy-arn", "arn:aws:iam::aws:policy/AmazonWorkSpacesServiceAccess");
        var role = (await aws.JsonAsync("iam", "get-role", "--role-name", "workspaces_DefaultRole"))["Role"]!;
        S(role["Arn"]).Should().Be("arn:aws:iam::123456789012:role/workspaces_DefaultRole");
        S(role["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["Service"]).Should().Be("workspaces.amazonaws.com");
        S((await aws.JsonAsync("iam", "list-attached-role-policies", "--role-name", "workspaces_DefaultRole"))["AttachedPolicies"]![0]!["PolicyName"])
            .Should().Be("AmazonWorkSpacesServiceAccess");
        (await aws.RunAsync("iam", "get-role", "--role-name", "nobody")).StdErr.Should().Contain("NoSuchEntity");

        S((await aws.JsonAsync("kms", "describe-key", "--key-id", "alias/aws/workspaces"))["KeyMetadata"]!["KeyManager"]).Should().Be("AWS");
        var key = S((await aws.JsonAsync("kms", "create-key", "--description", "volumes"))["KeyMetadata"]!["KeyId"]);
        await aws.JsonAsync("kms", "create-alias", "--alias-name", "alias/volumes", "--target-key-id", key);
        await aws.JsonAsync("kms", "disable-key", "--key-id", "alias/volumes");
        S((await aws.JsonAsync("kms", "describe-key", "--key-id", key))["KeyMetadata"]!["KeyState"]).Should().Be("Disabled");
        (await aws.JsonAsync("kms", "list-aliases"))["Aliases"]!.AsArray().Select(a => S(a!["AliasName"])).Should().Contain(["alias/volumes", "alias/aws/workspaces"]);
    }

    [Fact]
    public async Task Ec2_network_of_the_tutorials()
    {
        var aws = new AwsCli(fixture.Emulator, "123456789013");
        var vpc = S((await aws.JsonAsync("ec2", "create-vpc", "--cidr-block", "10.90.0.0/16"))["Vpc"]!["VpcId"]);
        var subnet = S((await aws.JsonAsync("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.90.1.0/24"))["Subnet"]!["SubnetId"]);
        var igw = S((await aws.JsonAsync("ec2", "create-internet-gateway"))["InternetGateway"]!["InternetGatewayId"]);
        await aws.JsonAsync("ec2", "attach-internet-gateway", "--internet-gateway-id", igw, "--vpc-id", vpc);
        var rtb = S((await aws.JsonAsync("ec2", "create-route-table", "--vpc-id", vpc))["RouteTable"]!["RouteTableId"]);
        await aws.JsonAsync("ec2", "create-route", "--route-table-id", rtb, "--destination-cidr-block", "0.0.0.0/0", "--gateway-id", igw);
        await aws.JsonAsync("ec2", "associate-route-table", "--route-table-id", rtb, "--subnet-id", subnet);
        var tables = (await aws.JsonAsync("ec2", "describe-route-tables", "--filters", $"Name=vpc-id,Values={vpc}"))["RouteTables"]!.AsArray();
        tables.Should().HaveCount(2);
        tables.Single(t => t!["Associations"]![0]!["Main"]!.GetValue<bool>())!["Routes"]![0]!["GatewayId"]!.GetValue<string>().Should().Be("local");

        var allocation = S((await aws.JsonAsync("ec2", "allocate-address", "--domain", "vpc"))["AllocationId"]);
        var nat = S((await aws.JsonAsync("ec2", "create-nat-gateway", "--subnet-id", subnet, "--allocation-id", allocation))["NatGateway"]!["NatGatewayId"]);
        (await aws.RunAsync("ec2", "wait", "nat-gateway-available", "--nat-gateway-ids", nat)).Ok();

        var group = S((await aws.JsonAsync("ec2", "create-security-group", "--group-name", "desktops", "--description", "desktops", "--vpc-id", vpc))["GroupId"]);
        await aws.JsonAsync("ec2", "authorize-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", "3389", "--cidr", "192.0.2.0/24");
        var rules = (await aws.JsonAsync("ec2", "describe-security-group-rules", "--filters", $"Name=group-id,Values={group}"))["SecurityGroupRules"]!.AsArray();
        rules.Should().Contain(r => S(r!["CidrIpv4"]) == "192.0.2.0/24" && r["FromPort"]!.GetValue<int>() == 3389);
        await aws.JsonAsync("ec2", "modify-vpc-attribute", "--vpc-id", vpc, "--enable-dns-hostnames");
        (await aws.JsonAsync("ec2", "describe-vpc-attribute", "--vpc-id", vpc, "--attribute", "enableDnsHostnames"))["EnableDnsHostnames"]!["Value"]!.GetValue<bool>().Should().BeTrue();
        await aws.JsonAsync("ec2", "modify-subnet-attribute", "--subnet-id", subnet, "--map-public-ip-on-launch");
        (await aws.RunAsync("ec2", "run-instances", "--image-id", "ami-12345678")).StdErr.Should().Contain("NotImplemented");
    }
}
