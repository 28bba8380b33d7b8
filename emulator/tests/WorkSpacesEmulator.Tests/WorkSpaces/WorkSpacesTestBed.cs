using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

/// <summary>Seeds Directory Service data straight into the store (the DS handlers live on another slice) and
/// drives the WorkSpaces API for one fresh account, so tests sharing an emulator never see each other's data.</summary>
public sealed class WorkSpacesTestBed
{
    public const string ValueWindowsBundle = "wsb-l1imsc8ma";      // Value with Windows 10 (Server 2022 based) (PCoIP)
    public const string StandardWindowsBundle = "wsb-xshii8df6";   // Standard with Windows 10 (Server 2022 based) (PCoIP)

    private readonly EmulatorFactory _factory;

    public WorkSpacesTestBed(EmulatorFactory factory, string region = "us-east-1", string? account = null)
    {
        _factory = factory;
        Account = account ?? RandomNumberGenerator.GetString("0123456789", 12);
        Region = region;
        Wire = factory.Wire(Account, Region);
    }

    public string Account { get; }
    public string Region { get; }
    public string Scope => Account + "/" + Region;
    public AwsWireClient Wire { get; }
    public Store Store => _factory.Services.GetRequiredService<Store>();
    public Ec2Network Network => _factory.Services.GetRequiredService<Ec2Network>();

    public IReadOnlyList<Subnet> DefaultSubnets()
    {
        Network.EnsureDefaults(new RequestContext(Account, Region, "t", "ec2", "x"));
        return Network.Subnets.List(Scope).Where(s => s.DefaultForAz).ToList();
    }

    public DirectoryRecord SeedDirectory(string type = "SimpleAD", string stage = "Active", params string[] users)
    {
        var subnets = DefaultSubnets().Take(2).ToList();
        var id = "d-" + RandomNumberGenerator.GetString("0123456789abcdef", 10);
        var now = DateTimeOffset.UtcNow;
        var directory = new DirectoryRecord(id, Scope, "corp.example.com", "CORP", null, type, "Small", null, id, $"http://{id}.awsapps.com",
            stage, null, now, now, null, subnets[0].VpcId, subnets.Select(s => s.Id).ToList(), subnets.Select(s => s.AvailabilityZone).ToList(),
            null, ["172.31.0.10", "172.31.16.10"], [], type == "ADConnector" ? ["10.0.0.2"] : null, type == "ADConnector" ? "svc-connector" : null,
            null, false, 2, []);
        Store.Table<DirectoryRecord>(ResourceKinds.Directories).Put(directory);
        foreach (var user in users) SeedUser(id, user);
        return directory;
    }

    public void SeedUser(string directoryId, string user)
    {
        var now = DateTimeOffset.UtcNow;
        Store.Table<DirectoryUserRecord>(ResourceKinds.DirectoryUsers).Put(new DirectoryUserRecord(DirectoryUserRecord.KeyFor(directoryId, user), Scope,
            directoryId, user, "S-1-5-21-1-2-3-1105", $"CN={user},OU=Users,DC=corp,DC=example,DC=com", $"{user}@corp.example.com",
            null, null, null, true, null, null, now, now));
    }

    public Task<WireResponse> Call(string operation, object? body = null) => Wire.JsonAsync("workspaces", operation, body);

    /// <summary>A registered (REGISTERED) Simple AD directory with the given users.</summary>
    public async Task<string> RegisteredDirectory(params string[] users)
    {
        var directory = SeedDirectory(users: users);
        (await Call("RegisterWorkspaceDirectory", new { DirectoryId = directory.Id })).Ok();
        await Eventually.WaitAsync(async () => (await DescribeDirectory(directory.Id))?["State"]?.GetValue<string>(), s => s == "REGISTERED", "REGISTERED");
        return directory.Id;
    }

    public async Task<JsonNode?> DescribeDirectory(string directoryId)
    {
        var body = (await Call("DescribeWorkspaceDirectories", new { DirectoryIds = new[] { directoryId } })).Ok();
        return body["Directories"]!.AsArray().FirstOrDefault();
    }

    public async Task<JsonNode?> Workspace(string workspaceId)
    {
        var body = (await Call("DescribeWorkspaces", new { WorkspaceIds = new[] { workspaceId } })).Ok();
        return body["Workspaces"]!.AsArray().FirstOrDefault();
    }

    public async Task<string?> State(string workspaceId) => (await Workspace(workspaceId))?["State"]?.GetValue<string>();

    public Task<string?> WaitForState(string workspaceId, string state) =>
        Eventually.WaitAsync(() => State(workspaceId), s => s == state, $"{workspaceId} {state}");

    /// <summary>Creates one WorkSpace and returns its id (asserting it was accepted).</summary>
    public async Task<string> CreateWorkspace(string directoryId, string user, string bundleId = ValueWindowsBundle, object? properties = null)
    {
        var item = new JsonObject { ["DirectoryId"] = directoryId, ["UserName"] = user, ["BundleId"] = bundleId };
        if (properties is not null) item["WorkspaceProperties"] = System.Text.Json.JsonSerializer.SerializeToNode(properties);
        var body = (await Call("CreateWorkspaces", new JsonObject { ["Workspaces"] = new JsonArray(item) }.ToJsonString())).Ok();
        body["FailedRequests"]!.AsArray().Should().BeEmpty(body.ToJsonString());
        return body["PendingRequests"]![0]!["WorkspaceId"]!.GetValue<string>();
    }
}
