using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>Helpers for the Directory Service tests. Each test works in its own fresh account so directory
/// quotas and listings never interfere between tests sharing one emulator.</summary>
internal sealed class DsTestKit
{
    public const string Password = "Sup3r-Secret!";
    private readonly EmulatorFactory factory;
    private readonly string region;

    public DsTestKit(EmulatorFactory factory, string? account = null, string region = "us-east-1")
    {
        this.factory = factory;
        this.region = region;
        Account = account ?? NewAccount();
        Wire = factory.Wire(Account, region);
    }

    public string Account { get; }
    public string Region => region;
    public string Scope => Account + "/" + region;
    public AwsWireClient Wire { get; }

    public static string NewAccount() => "1" + RandomNumberGenerator.GetString("0123456789", 11);

    public RequestContext Context => new(Account, region, "test", "ec2", "x");
    public Ec2Network Network => factory.Services.GetRequiredService<Ec2Network>();
    public Store Store => factory.Services.GetRequiredService<Store>();

    /// <summary>The default VPC and its subnets ordered by Availability Zone (us-east-1a, b, …).</summary>
    public (string VpcId, IReadOnlyList<Subnet> Subnets) DefaultNetwork()
    {
        Network.EnsureDefaults(Context);
        var subnets = Network.Subnets.List(Scope).Where(s => s.DefaultForAz).OrderBy(s => s.AvailabilityZone).ToList();
        return (subnets[0].VpcId, subnets);
    }

    public object SimpleAd(string name = "corp.example.com", string? password = Password, object? vpc = null, object? tags = null)
    {
        var (vpcId, subnets) = DefaultNetwork();
        return new
        {
            Name = name,
            Password = password,
            Size = "Small",
            VpcSettings = vpc ?? new { VpcId = vpcId, SubnetIds = new[] { subnets[0].Id, subnets[1].Id } },
            Tags = tags ?? Array.Empty<object>(),
        };
    }
}

internal static class DsWire
{
    public static async Task<string> CreateActiveAsync(this DsTestKit kit, string operation, object request)
    {
        var id = (await kit.Wire.JsonAsync("ds", operation, request)).Ok()["DirectoryId"]!.GetValue<string>();
        await kit.WaitForStageAsync(id, "Active");
        return id;
    }

    public static async Task<System.Text.Json.Nodes.JsonNode> DescribeAsync(this DsTestKit kit, string directoryId) =>
        (await kit.Wire.JsonAsync("ds", "DescribeDirectories", new { DirectoryIds = new[] { directoryId } })).Ok()["DirectoryDescriptions"]![0]!;

    public static Task WaitForStageAsync(this DsTestKit kit, string directoryId, string stage) =>
        Eventually.WaitAsync(() => kit.DescribeAsync(directoryId), d => d["Stage"]!.GetValue<string>() == stage, $"{directoryId} to be {stage}");
}
