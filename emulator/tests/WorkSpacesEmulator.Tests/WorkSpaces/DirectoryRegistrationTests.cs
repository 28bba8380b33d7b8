using System.Text.RegularExpressions;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class DirectoryRegistrationTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    [Fact]
    public async Task Register_goes_REGISTERING_to_REGISTERED_with_the_full_directory_shape()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directory = bed.SeedDirectory();

        var registered = (await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = directory.Id })).Ok();
        registered["DirectoryId"]!.GetValue<string>().Should().Be(directory.Id);
        registered["State"]!.GetValue<string>().Should().Be("REGISTERING");

        await Eventually.WaitAsync(async () => (await bed.DescribeDirectory(directory.Id))?["State"]?.GetValue<string>(), s => s == "REGISTERED", "REGISTERED");
        var d = (await bed.DescribeDirectory(directory.Id))!;
        d["Alias"]!.GetValue<string>().Should().Be(directory.Alias);
        d["DirectoryName"]!.GetValue<string>().Should().Be("corp.example.com");
        d["RegistrationCode"]!.GetValue<string>().Should().MatchRegex(@"^[A-Z]{2}iad\+[A-Z0-9]{6}$");
        d["SubnetIds"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal(directory.SubnetIds);
        d["DnsIpAddresses"]!.AsArray().Should().HaveCount(2);
        d["CustomerUserName"]!.GetValue<string>().Should().Be("Administrator");
        d["IamRoleId"]!.GetValue<string>().Should().Be($"arn:aws:iam::{bed.Account}:role/workspaces_DefaultRole");
        d["DirectoryType"]!.GetValue<string>().Should().Be("SIMPLE_AD");
        d["Tenancy"]!.GetValue<string>().Should().Be("SHARED");
        d["ipGroupIds"]!.AsArray().Should().BeEmpty();
        d["WorkspaceAccessProperties"]!["DeviceTypeWindows"]!.GetValue<string>().Should().Be("ALLOW");
        d["SelfservicePermissions"]!["RestartWorkspace"]!.GetValue<string>().Should().Be("ENABLED");
        d["WorkspaceCreationProperties"]!["EnableMaintenanceMode"]!.GetValue<bool>().Should().BeTrue();
        var groupId = d["WorkspaceSecurityGroupId"]!.GetValue<string>();
        groupId.Should().MatchRegex("^sg-[0-9a-f]{17}$");
        bed.Network.SecurityGroups.Get(bed.Scope, groupId)!.GroupName.Should().Be(directory.Id + "_workspacesMembers");
    }

    [Fact]
    public async Task Register_checks_the_directory_and_its_subnets()
    {
        var bed = new WorkSpacesTestBed(factory, "us-west-2");
        var missing = await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = "d-0123456789" });
        missing.Status.Should().Be(400);
        missing.Json["__type"]!.GetValue<string>().Should().Be("ResourceNotFoundException");
        missing.Json["message"]!.GetValue<string>().Should().NotBeEmpty();

        var creating = bed.SeedDirectory(stage: "Creating");
        (await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = creating.Id })).Json["__type"]!.GetValue<string>()
            .Should().Be("InvalidResourceStateException");

        var directory = bed.SeedDirectory();
        var subnets = bed.DefaultSubnets();
        var sameZone = bed.Network.CreateSubnet(new WorkSpacesEmulator.Protocol.RequestContext(bed.Account, bed.Region, "t", "ec2", "x"),
            directory.VpcId, "172.31.200.0/24", subnets[0].AvailabilityZone, null, []);
        var zoneClash = await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = directory.Id, SubnetIds = new[] { subnets[0].Id, sameZone.Id } });
        zoneClash.Json["__type"]!.GetValue<string>().Should().Be("OperationNotSupportedException");
        zoneClash.Json["reason"].Should().NotBeNull();

        var unknownSubnet = await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = directory.Id, SubnetIds = new[] { subnets[0].Id, "subnet-0123456789abcdef0" } });
        unknownSubnet.Json["__type"]!.GetValue<string>().Should().Be("InvalidParameterValuesException");

        (await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = directory.Id, SubnetIds = new[] { subnets[1].Id, subnets[2].Id } })).Ok();
        (await bed.DescribeDirectory(directory.Id))!["RegistrationCode"]!.GetValue<string>().Should().StartWith("SLpdx+");
        var again = await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = directory.Id });
        again.Json["__type"]!.GetValue<string>().Should().Be("ResourceAlreadyExistsException");
    }

    [Fact]
    public async Task Deregister_is_refused_while_WorkSpaces_exist_then_removes_the_directory_and_its_security_group()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("alice");
        var groupId = (await bed.DescribeDirectory(directoryId))!["WorkspaceSecurityGroupId"]!.GetValue<string>();
        var workspaceId = await bed.CreateWorkspace(directoryId, "alice");

        var refused = await bed.Call("DeregisterWorkspaceDirectory", new { DirectoryId = directoryId });
        refused.Json["__type"]!.GetValue<string>().Should().Be("InvalidResourceStateException");

        (await bed.Call("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = workspaceId } } })).Ok();
        await Eventually.WaitAsync(() => bed.Workspace(workspaceId), w => w is null, "terminated WorkSpace gone");

        (await bed.Call("DeregisterWorkspaceDirectory", new { DirectoryId = directoryId })).Ok();
        await Eventually.WaitAsync(() => bed.DescribeDirectory(directoryId), d => d is null, "directory deregistered");
        bed.Network.SecurityGroups.Get(bed.Scope, groupId).Should().BeNull();

        var unknown = await bed.Call("DeregisterWorkspaceDirectory", new { DirectoryId = directoryId });
        unknown.Json["__type"]!.GetValue<string>().Should().Be("ResourceNotFoundException");
    }

    [Fact]
    public async Task AD_Connector_directories_register_as_AD_CONNECTOR_and_accept_any_user()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directory = bed.SeedDirectory(type: "ADConnector");
        (await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = directory.Id })).Ok();
        await Eventually.WaitAsync(async () => (await bed.DescribeDirectory(directory.Id))?["State"]?.GetValue<string>(), s => s == "REGISTERED", "REGISTERED");
        var d = (await bed.DescribeDirectory(directory.Id))!;
        d["DirectoryType"]!.GetValue<string>().Should().Be("AD_CONNECTOR");
        d["CustomerUserName"]!.GetValue<string>().Should().Be("svc-connector");
        await bed.CreateWorkspace(directory.Id, "someone.onprem");
    }

    [Fact]
    public async Task DescribeWorkspaceDirectories_pages_with_Limit_and_NextToken()
    {
        var bed = new WorkSpacesTestBed(factory);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var directory = bed.SeedDirectory();
            (await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = directory.Id })).Ok();
            ids.Add(directory.Id);
        }
        var first = (await bed.Call("DescribeWorkspaceDirectories", new { Limit = 2 })).Ok();
        first["Directories"]!.AsArray().Should().HaveCount(2);
        var token = first["NextToken"]!.GetValue<string>();
        var second = (await bed.Call("DescribeWorkspaceDirectories", new { Limit = 2, NextToken = token })).Ok();
        second["Directories"]!.AsArray().Should().HaveCount(1);
        second["NextToken"].Should().BeNull();
        first["Directories"]!.AsArray().Concat(second["Directories"]!.AsArray()).Select(d => d!["DirectoryId"]!.GetValue<string>()).Should().Equal(ids);

        var bad = await bed.Call("DescribeWorkspaceDirectories", new { NextToken = "garbage" });
        bad.Json["__type"]!.GetValue<string>().Should().Be("InvalidParameterValuesException");
        Regex.IsMatch(bad.Header("x-amzn-RequestId") ?? "", ".+").Should().BeTrue();
    }
}
