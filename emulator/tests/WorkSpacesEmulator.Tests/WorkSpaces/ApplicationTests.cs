using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class ApplicationTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private const string Office = "wsa-3kbdp5w8r";
    private const string Microsoft365 = "wsa-7qx2mzc4t";
    private const string VisualStudio = "wsa-9vn4hj6ye";
    private const string LinuxValueBundle = "wsb-hj4vz1y96";

    private static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
    }

    private static async Task<string?> AssociationState(WorkSpacesTestBed bed, string workspaceId, string applicationId)
    {
        var body = (await bed.Call("DescribeWorkspaceAssociations", new { WorkspaceId = workspaceId, AssociatedResourceTypes = new[] { "APPLICATION" } })).Ok();
        return body["Associations"]!.AsArray().FirstOrDefault(a => a!["AssociatedResourceId"]!.GetValue<string>() == applicationId)?["State"]?.GetValue<string>();
    }

    [Fact]
    public async Task DescribeApplications_lists_the_catalogue_and_filters_it()
    {
        var bed = new WorkSpacesTestBed(factory);
        var all = (await bed.Call("DescribeApplications", new { })).Ok()["Applications"]!.AsArray();
        all.Should().HaveCount(4);
        var office = all.First(a => a!["ApplicationId"]!.GetValue<string>() == Office)!;
        office["Owner"]!.GetValue<string>().Should().Be("AMAZON");
        office["State"]!.GetValue<string>().Should().Be("AVAILABLE");
        office["LicenseType"]!.GetValue<string>().Should().Be("LICENSED");
        office["SupportedOperatingSystemNames"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain("WINDOWS_SERVER_2022");
        all.Select(a => a!["ApplicationId"]!.GetValue<string>()).Should().AllSatisfy(id => id.Should().MatchRegex("^wsa-[0-9a-z]{8,63}$"));

        (await bed.Call("DescribeApplications", new { ComputeTypeNames = new[] { "VALUE" } })).Ok()["Applications"]!.AsArray().Should().HaveCount(2);
        (await bed.Call("DescribeApplications", new { OperatingSystemNames = new[] { "AMAZON_LINUX_2" } })).Ok()["Applications"]!.AsArray().Should().BeEmpty();
        (await bed.Call("DescribeApplications", new { Owner = "123456789012" })).Ok()["Applications"]!.AsArray().Should().BeEmpty();
        (await bed.Call("DescribeApplications", new { ApplicationIds = new[] { VisualStudio } })).Ok()["Applications"]!.AsArray().Should().ContainSingle();

        var first = (await bed.Call("DescribeApplications", new { MaxResults = 3 })).Ok();
        first["Applications"]!.AsArray().Should().HaveCount(3);
        var token = first["NextToken"]!.GetValue<string>();
        var second = (await bed.Call("DescribeApplications", new { MaxResults = 3, NextToken = token })).Ok();
        second["Applications"]!.AsArray().Should().ContainSingle();
        second["NextToken"].Should().BeNull();
    }

    [Fact]
    public async Task Associate_deploy_and_disassociate_move_the_association_through_its_states()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("alice");
        var ws = await bed.CreateWorkspace(directoryId, "alice", WorkSpacesTestBed.StandardWindowsBundle);
        await bed.WaitForState(ws, "AVAILABLE");

        var associated = (await bed.Call("AssociateWorkspaceApplication", new { WorkspaceId = ws, ApplicationId = Office })).Ok()["Association"]!;
        associated["WorkspaceId"]!.GetValue<string>().Should().Be(ws);
        associated["AssociatedResourceId"]!.GetValue<string>().Should().Be(Office);
        associated["AssociatedResourceType"]!.GetValue<string>().Should().Be("APPLICATION");
        associated["State"]!.GetValue<string>().Should().Be("PENDING_INSTALL_DEPLOYMENT");

        ShouldFail(await bed.Call("AssociateWorkspaceApplication", new { WorkspaceId = ws, ApplicationId = Office }), "ResourceAlreadyExistsException");
        ShouldFail(await bed.Call("AssociateWorkspaceApplication", new { WorkspaceId = ws, ApplicationId = Microsoft365 }), "IncompatibleApplicationsException");
        ShouldFail(await bed.Call("AssociateWorkspaceApplication", new { WorkspaceId = ws, ApplicationId = "wsa-000000000" }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("AssociateWorkspaceApplication", new { WorkspaceId = "ws-000000000", ApplicationId = Office }), "ResourceNotFoundException");

        var deployment = (await bed.Call("DeployWorkspaceApplications", new { WorkspaceId = ws })).Ok()["Deployment"]!["Associations"]!.AsArray();
        deployment.Should().ContainSingle();
        deployment[0]!["State"]!.GetValue<string>().Should().Be("INSTALLING");
        await Eventually.WaitAsync(() => AssociationState(bed, ws, Office), s => s == "COMPLETED", "COMPLETED");

        var byApp = (await bed.Call("DescribeApplicationAssociations", new { ApplicationId = Office, AssociatedResourceTypes = new[] { "WORKSPACE", "BUNDLE" } })).Ok();
        byApp["Associations"]!.AsArray().Should().ContainSingle();
        byApp["Associations"]![0]!["AssociatedResourceId"]!.GetValue<string>().Should().Be(ws);
        byApp["Associations"]![0]!["AssociatedResourceType"]!.GetValue<string>().Should().Be("WORKSPACE");
        (await bed.Call("DescribeApplicationAssociations", new { ApplicationId = Office, AssociatedResourceTypes = new[] { "IMAGE" } })).Ok()["Associations"]!.AsArray().Should().BeEmpty();

        var removed = (await bed.Call("DisassociateWorkspaceApplication", new { WorkspaceId = ws, ApplicationId = Office })).Ok()["Association"]!;
        removed["State"]!.GetValue<string>().Should().Be("PENDING_UNINSTALL_DEPLOYMENT");
        ShouldFail(await bed.Call("DisassociateWorkspaceApplication", new { WorkspaceId = ws, ApplicationId = Office }), "ResourceNotFoundException");
        (await bed.Call("DeployWorkspaceApplications", new { WorkspaceId = ws, Force = true })).Ok();
        await Eventually.WaitAsync(() => AssociationState(bed, ws, Office), s => s == "REMOVED", "REMOVED");

        // Once Office is gone, Microsoft 365 Apps can be associated; one never deployed is simply REMOVED.
        (await bed.Call("AssociateWorkspaceApplication", new { WorkspaceId = ws, ApplicationId = Microsoft365 })).Ok();
        (await bed.Call("DisassociateWorkspaceApplication", new { WorkspaceId = ws, ApplicationId = Microsoft365 })).Ok()["Association"]!["State"]!
            .GetValue<string>().Should().Be("REMOVED");
    }

    [Fact]
    public async Task Incompatible_operating_systems_and_compute_types_are_refused()
    {
        var bed = new WorkSpacesTestBed(factory);
        var directoryId = await bed.RegisteredDirectory("bob", "carol");
        var value = await bed.CreateWorkspace(directoryId, "bob");
        var linux = await bed.CreateWorkspace(directoryId, "carol", LinuxValueBundle);
        ShouldFail(await bed.Call("AssociateWorkspaceApplication", new { WorkspaceId = value, ApplicationId = VisualStudio }), "ComputeNotCompatibleException");
        ShouldFail(await bed.Call("AssociateWorkspaceApplication", new { WorkspaceId = linux, ApplicationId = Office }), "OperatingSystemNotCompatibleException");
        (await bed.Call("DescribeWorkspaceAssociations", new { WorkspaceId = value, AssociatedResourceTypes = new[] { "APPLICATION" } })).Ok()["Associations"]!
            .AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Bundle_and_image_associations_are_empty_and_unknown_resources_are_not_found()
    {
        var bed = new WorkSpacesTestBed(factory);
        (await bed.Call("DescribeBundleAssociations", new { BundleId = WorkSpacesTestBed.ValueWindowsBundle, AssociatedResourceTypes = new[] { "APPLICATION" } }))
            .Ok()["Associations"]!.AsArray().Should().BeEmpty();
        (await bed.Call("DescribeImageAssociations", new { ImageId = "wsi-wu75xks93", AssociatedResourceTypes = new[] { "APPLICATION" } }))
            .Ok()["Associations"]!.AsArray().Should().BeEmpty();
        ShouldFail(await bed.Call("DescribeBundleAssociations", new { BundleId = "wsb-000000000", AssociatedResourceTypes = new[] { "APPLICATION" } }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("DescribeImageAssociations", new { ImageId = "wsi-000000000", AssociatedResourceTypes = new[] { "APPLICATION" } }), "ResourceNotFoundException");
        ShouldFail(await bed.Call("DescribeWorkspaceAssociations", new { WorkspaceId = "ws-000000000", AssociatedResourceTypes = new[] { "APPLICATION" } }), "ResourceNotFoundException");
    }
}
