using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace WorkSpacesSample.Tests;

/// <summary>Example tests of provisioning code (create a directory, register it, one WorkSpace per user) against the
/// emulator — with simulated desktops, and with every WorkSpace a real sibling container.</summary>
public abstract class ProvisioningTests(EmulatorFixture emulator)
{
    private AwsJsonClient Aws => new(emulator.Endpoint);

    private AmazonEC2Client Ec2 => new(new Amazon.Runtime.BasicAWSCredentials("test", "test"),
        new AmazonEC2Config { ServiceURL = emulator.Endpoint, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private static async Task<JsonNode> WaitAsync(Func<Task<JsonNode>> fetch, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var value = await fetch();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(value.ToJsonString());
            await Task.Delay(200);
        }
    }

    /// <summary>An AD Connector in the default VPC (found with AWSSDK.EC2), registered with WorkSpaces.</summary>
    private async Task<string> RegisteredDirectoryAsync()
    {
        var subnets = (await Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest
        {
            Filters = [new Filter("default-for-az", ["true"])],
        })).Subnets.Take(2).ToList();
        Assert.Equal(2, subnets.Count);
        var directoryId = (await Aws.DirectoryServiceAsync("ConnectDirectory", new
        {
            Name = "corp.example.com", ShortName = "CORP", Password = "Sup3rSecret!", Size = "Small",
            ConnectSettings = new { subnets[0].VpcId, SubnetIds = subnets.Select(s => s.SubnetId), CustomerDnsIps = new[] { "10.0.0.10" }, CustomerUserName = "Admin" },
        }))["DirectoryId"]!.GetValue<string>();
        await WaitAsync(() => Aws.DirectoryServiceAsync("DescribeDirectories", new { DirectoryIds = new[] { directoryId } }),
            d => d["DirectoryDescriptions"]![0]!["Stage"]!.GetValue<string>() == "Active");
        await Aws.WorkSpacesAsync("RegisterWorkspaceDirectory", new { DirectoryId = directoryId });
        await WaitAsync(() => Aws.WorkSpacesAsync("DescribeWorkspaceDirectories", new { DirectoryIds = new[] { directoryId } }),
            d => d["Directories"]![0]!["State"]!.GetValue<string>() == "REGISTERED");
        return directoryId;
    }

    [SkippableFact]
    public async Task A_provisioned_WorkSpace_becomes_available_and_stops()
    {
        Skip.If(emulator.Unavailable is not null, emulator.Unavailable);
        var directoryId = await RegisteredDirectoryAsync();
        var bundles = (await Aws.WorkSpacesAsync("DescribeWorkspaceBundles", new { Owner = "AMAZON" }))["Bundles"]!.AsArray();
        var bundleId = bundles.First(b => b!["ComputeType"]!["Name"]!.GetValue<string>() == "VALUE")!["BundleId"]!.GetValue<string>();

        var created = await Aws.WorkSpacesAsync("CreateWorkspaces", new
        {
            Workspaces = new[] { new { DirectoryId = directoryId, UserName = "jdoe", BundleId = bundleId, WorkspaceProperties = new { RunningMode = "AUTO_STOP" } } },
        });
        Assert.Empty(created["FailedRequests"]!.AsArray());
        var id = created["PendingRequests"]![0]!["WorkspaceId"]!.GetValue<string>();

        var available = await WaitAsync(() => Aws.WorkSpacesAsync("DescribeWorkspaces", new { WorkspaceIds = new[] { id } }),
            d => d["Workspaces"]![0]!["State"]!.GetValue<string>() == "AVAILABLE");
        Assert.Equal("jdoe", available["Workspaces"]![0]!["UserName"]!.GetValue<string>());

        // The emulator's runtime view: which desktop runtime backs it, and that the desktop is healthy.
        using var http = new HttpClient();
        var runtime = JsonNode.Parse(await http.GetStringAsync($"{emulator.Endpoint}/_emulator/workspaces/{id}"))!;
        Assert.Equal(ExpectedRuntime, runtime["runtime"]!.GetValue<string>());
        Assert.True(runtime["healthy"]!.GetValue<bool>());

        await Aws.WorkSpacesAsync("StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = id } } });
        await WaitAsync(() => Aws.WorkSpacesAsync("DescribeWorkspaces", new { WorkspaceIds = new[] { id } }),
            d => d["Workspaces"]![0]!["State"]!.GetValue<string>() == "STOPPED");
        await Aws.WorkSpacesAsync("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = id } } });
    }

    [SkippableFact]
    public async Task Errors_are_AWS_errors()
    {
        Skip.If(emulator.Unavailable is not null, emulator.Unavailable);
        var error = await Assert.ThrowsAsync<AwsErrorException>(() => Aws.DirectoryServiceAsync("DescribeDirectories", new { DirectoryIds = new[] { "d-0123456789" } }));
        Assert.Equal("EntityDoesNotExistException", error.Code);
        var ec2Error = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = ["vpc-0123456789abcdef0"] }));
        Assert.Equal("InvalidVpcID.NotFound", ec2Error.ErrorCode);
    }

    protected abstract string ExpectedRuntime { get; }
}

public sealed class SimulatedDesktopTests(SimulatedEmulator emulator) : ProvisioningTests(emulator), IClassFixture<SimulatedEmulator>
{
    protected override string ExpectedRuntime => "simulated";
}

public sealed class DockerBackedDesktopTests(DockerBackedEmulator emulator) : ProvisioningTests(emulator), IClassFixture<DockerBackedEmulator>
{
    protected override string ExpectedRuntime => "docker";
}
