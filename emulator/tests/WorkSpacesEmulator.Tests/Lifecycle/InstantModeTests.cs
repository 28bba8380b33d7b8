using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.DirectoryService;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Lifecycle;

/// <summary>The emulator with instant transitions and a background reconciler that (practically) never ticks: only the
/// request pipeline's settling can move a lifecycle on, so every answer here shows what instant mode alone gives.</summary>
public sealed class InstantEmulatorFactory : EmulatorFactory
{
    public InstantEmulatorFactory() => Settings["EMULATOR_RECONCILE_INTERVAL_MS"] = "3600000";
}

/// <summary>With EMULATOR_TRANSITION_SECONDS=0 every lifecycle shows its final state to the very next request —
/// no polling anywhere in this class.</summary>
public sealed class InstantModeTests(InstantEmulatorFactory factory) : IClassFixture<InstantEmulatorFactory>
{
    private static string Pem(string commonName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}, O=Example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
        return certificate.ExportCertificatePem();
    }

    private static async Task<JsonNode> Ds(DsTestKit kit, string operation, object body) => (await kit.Wire.JsonAsync("ds", operation, body)).Ok();

    private static object MicrosoftAd(DsTestKit kit)
    {
        var (vpcId, subnets) = kit.DefaultNetwork();
        return new { Name = "corp.example.com", Password = DsTestKit.Password, Edition = "Enterprise",
            VpcSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } } };
    }

    [Fact]
    public async Task Directories_of_every_type_are_Active_at_once_and_deleted_at_once()
    {
        var kit = new DsTestKit(factory);
        var (vpcId, subnets) = kit.DefaultNetwork();
        var simple = (await Ds(kit, "CreateDirectory", kit.SimpleAd()))["DirectoryId"]!.GetValue<string>();
        (await kit.DescribeAsync(simple))["Stage"]!.GetValue<string>().Should().Be("Active");
        var managed = (await Ds(kit, "CreateMicrosoftAD", MicrosoftAd(kit)))["DirectoryId"]!.GetValue<string>();
        (await kit.DescribeAsync(managed))["Stage"]!.GetValue<string>().Should().Be("Active");
        var connector = (await Ds(kit, "ConnectDirectory", new
        {
            Name = "onprem.example.com", Password = "x", Size = "Small",
            ConnectSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id }, CustomerDnsIps = new[] { "10.0.0.10" }, CustomerUserName = "svc" },
        }))["DirectoryId"]!.GetValue<string>();
        (await kit.DescribeAsync(connector))["Stage"]!.GetValue<string>().Should().Be("Active");

        await Ds(kit, "DeleteDirectory", new { DirectoryId = connector });
        (await kit.Wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { connector } })).Json["__type"]!.GetValue<string>()
            .Should().Be("EntityDoesNotExistException");
    }

    [Fact]
    public async Task Directory_dependents_reach_their_final_state_at_once()
    {
        var kit = new DsTestKit(factory);
        var (vpcId, subnets) = kit.DefaultNetwork();
        var id = (await Ds(kit, "CreateMicrosoftAD", MicrosoftAd(kit)))["DirectoryId"]!.GetValue<string>();

        var snapshot = (await Ds(kit, "CreateSnapshot", new { DirectoryId = id, Name = "snap" }))["SnapshotId"]!.GetValue<string>();
        (await Ds(kit, "DescribeSnapshots", new { SnapshotIds = new[] { snapshot } }))["Snapshots"]![0]!["Status"]!.GetValue<string>().Should().Be("Completed");

        var trust = (await Ds(kit, "CreateTrust", new { DirectoryId = id, RemoteDomainName = "onprem.example.org", TrustPassword = "Trust-Passw0rd", TrustDirection = "Two-Way",
            ConditionalForwarderIpAddrs = new[] { "10.1.0.10" } }))["TrustId"]!.GetValue<string>();
        (await Ds(kit, "DescribeTrusts", new { DirectoryId = id, TrustIds = new[] { trust } }))["Trusts"]![0]!["TrustState"]!.GetValue<string>().Should().Be("Verified");

        var certificate = (await Ds(kit, "RegisterCertificate", new { DirectoryId = id, CertificateData = Pem("ldaps.example.com") }))["CertificateId"]!.GetValue<string>();
        (await Ds(kit, "DescribeCertificate", new { DirectoryId = id, CertificateId = certificate }))["Certificate"]!["State"]!.GetValue<string>().Should().Be("Registered");
        await Ds(kit, "EnableLDAPS", new { DirectoryId = id, Type = "Client" });
        (await Ds(kit, "DescribeLDAPSSettings", new { DirectoryId = id }))["LDAPSSettingsInfo"]![0]!["LDAPSStatus"]!.GetValue<string>().Should().Be("Enabled");

        // RADIUS is not here: EnableRadius probes the configured servers for real (Gateways/RadiusProbeLifecycle), so even
        // in instant mode its status settles when a server answers — RadiusMfaTests covers it against FreeRADIUS.

        await Ds(kit, "EnableDirectoryDataAccess", new { DirectoryId = id });
        (await Ds(kit, "DescribeDirectoryDataAccess", new { DirectoryId = id }))["DataAccessStatus"]!.GetValue<string>().Should().Be("Enabled");

        await Ds(kit, "UpdateSettings", new { DirectoryId = id, Settings = new[] { new { Name = "TLS_1_0", Value = "Disable" } } });
        (await Ds(kit, "DescribeSettings", new { DirectoryId = id, Status = "Updated" }))["SettingEntries"]!.AsArray().Should().HaveCount(1);

        await Ds(kit, "UpdateNumberOfDomainControllers", new { DirectoryId = id, DesiredNumber = 3 });
        (await Ds(kit, "DescribeDomainControllers", new { DirectoryId = id }))["DomainControllers"]!.AsArray()
            .Select(d => d!["Status"]!.GetValue<string>()).Should().Equal("Active", "Active", "Active");

        await Ds(kit, "EnableCAEnrollmentPolicy", new { DirectoryId = id,
            PcaConnectorArn = "arn:aws:pca-connector-ad:us-east-1:123456789012:connector/12345678-1234-1234-1234-123456789012" });
        (await Ds(kit, "DescribeCAEnrollmentPolicy", new { DirectoryId = id }))["CaEnrollmentPolicyStatus"]!.GetValue<string>().Should().Be("Success");

        var extension = (await Ds(kit, "StartSchemaExtension", new { DirectoryId = id, CreateSnapshotBeforeSchemaExtension = false,
            LdifContent = "dn: CN=ms-Example-Attr,CN=Schema,CN=Configuration,DC=X\nchangetype: add\nobjectClass: attributeSchema\n", Description = "x" }))["SchemaExtensionId"]!.GetValue<string>();
        (await Ds(kit, "ListSchemaExtensions", new { DirectoryId = id }))["SchemaExtensionsInfo"]!.AsArray()
            .Single(e => e!["SchemaExtensionId"]!.GetValue<string>() == extension)!["SchemaExtensionStatus"]!.GetValue<string>().Should().Be("Completed");

        var west = new DsTestKit(factory, kit.Account, "us-west-2").DefaultNetwork();
        await Ds(kit, "AddRegion", new { DirectoryId = id, RegionName = "us-west-2",
            VPCSettings = new { VpcId = west.VpcId, SubnetIds = new[] { west.Subnets[0].Id, west.Subnets[1].Id } } });
        (await Ds(kit, "DescribeRegions", new { DirectoryId = id, RegionName = "us-west-2" }))["RegionsDescription"]![0]!["Status"]!.GetValue<string>().Should().Be("Active");

        var consumer = new DsTestKit(factory);
        var shared = (await Ds(kit, "ShareDirectory", new { DirectoryId = id, ShareMethod = "HANDSHAKE", ShareTarget = new { Id = consumer.Account, Type = "ACCOUNT" } }))
            ["SharedDirectoryId"]!.GetValue<string>();
        await Ds(consumer, "AcceptSharedDirectory", new { SharedDirectoryId = shared });
        (await Ds(kit, "DescribeSharedDirectories", new { OwnerDirectoryId = id }))["SharedDirectories"]![0]!["ShareStatus"]!.GetValue<string>().Should().Be("Shared");

        var assessment = (await Ds(kit, "StartADAssessment", new { AssessmentConfiguration = new { DnsName = "onprem.example.com",
            CustomerDnsIps = new[] { "10.0.0.10", "10.0.0.11" }, InstanceIds = new[] { "i-0123456789abcdef0", "i-0123456789abcdef1" },
            VpcSettings = new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } } } }))["AssessmentId"]!.GetValue<string>();
        (await Ds(kit, "DescribeADAssessment", new { AssessmentId = assessment }))["Assessment"]!["Status"]!.GetValue<string>().Should().Be("Success");

        await Ds(kit, "DeleteTrust", new { TrustId = trust });
        (await Ds(kit, "DescribeTrusts", new { DirectoryId = id }))["Trusts"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task WorkSpaces_registrations_images_aliases_and_pools_reach_their_final_state_at_once()
    {
        var bed = new WorkSpaces.WorkSpacesTestBed(factory);
        var directory = bed.SeedDirectory(users: ["jdoe", "asmith"]);
        (await bed.Call("RegisterWorkspaceDirectory", new { DirectoryId = directory.Id })).Ok();
        (await bed.DescribeDirectory(directory.Id))!["State"]!.GetValue<string>().Should().Be("REGISTERED");

        var ws = await bed.CreateWorkspace(directory.Id, "jdoe", properties: new { RunningMode = "AUTO_STOP" });
        (await bed.State(ws)).Should().Be("AVAILABLE");
        (await bed.Call("StopWorkspaces", new { StopWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        (await bed.State(ws)).Should().Be("STOPPED");
        (await bed.Call("StartWorkspaces", new { StartWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        (await bed.State(ws)).Should().Be("AVAILABLE");
        (await bed.Call("RebootWorkspaces", new { RebootWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        (await bed.State(ws)).Should().Be("AVAILABLE");

        var image = (await bed.Call("CreateWorkspaceImage", new { Name = "golden", Description = "Golden image", WorkspaceId = ws })).Ok()["ImageId"]!.GetValue<string>();
        (await bed.Call("DescribeWorkspaceImages", new { ImageIds = new[] { image } })).Ok()["Images"]![0]!["State"]!.GetValue<string>().Should().Be("AVAILABLE");
        (await bed.State(ws)).Should().Be("AVAILABLE");

        var alias = (await bed.Call("CreateConnectionAlias", new { ConnectionString = "desktop.example.com" })).Ok()["AliasId"]!.GetValue<string>();
        (await bed.Call("DescribeConnectionAliases", new { AliasIds = new[] { alias } })).Ok()["ConnectionAliases"]![0]!["State"]!.GetValue<string>().Should().Be("CREATED");
        (await bed.Call("DeleteConnectionAlias", new { AliasId = alias })).Ok();
        (await bed.Call("DescribeConnectionAliases", new { AliasIds = new[] { alias } })).Ok()["ConnectionAliases"]!.AsArray().Should().BeEmpty();

        var pool = (await bed.Call("CreateWorkspacesPool", new { PoolName = "agents", Description = "Call centre pool", BundleId = WorkSpaces.WorkSpacesTestBed.ValueWindowsBundle,
            DirectoryId = directory.Id, Capacity = new { DesiredUserSessions = 3 } })).Ok()["WorkspacesPool"]!["PoolId"]!.GetValue<string>();
        (await bed.Call("DescribeWorkspacesPools", new { PoolIds = new[] { pool } })).Ok()["WorkspacesPools"]![0]!["State"]!.GetValue<string>().Should().Be("STOPPED");
        (await bed.Call("StartWorkspacesPool", new { PoolId = pool })).Ok();
        (await bed.Call("DescribeWorkspacesPools", new { PoolIds = new[] { pool } })).Ok()["WorkspacesPools"]![0]!["State"]!.GetValue<string>().Should().Be("RUNNING");

        (await bed.Call("TerminateWorkspaces", new { TerminateWorkspaceRequests = new[] { new { WorkspaceId = ws } } })).Ok();
        (await bed.Workspace(ws)).Should().BeNull();
    }
}
