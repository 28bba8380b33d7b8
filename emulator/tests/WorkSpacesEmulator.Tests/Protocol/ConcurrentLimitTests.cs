using WorkSpacesEmulator.Tests.DirectoryService;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.Protocol;

/// <summary>Limits hold under concurrent callers: every check runs inside the atomic change it guards. One test per
/// mechanism: the EC2 network lock, the WorkSpaces handlers' gate, the Directory Service optimistic UpdateDirectory,
/// and the Directory Service create gates (directories per account, snapshots per directory).</summary>
public sealed class ConcurrentLimitTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static async Task<WireResponse[]> All(int count, Func<int, Task<WireResponse>> call)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, count).Select(async i => { await start.WaitAsync(); return await call(i); }).ToList();
        start.Release(count);
        return await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task EC2_CreateTags_never_passes_50_tags()
    {
        var wire = factory.Wire(DsTestKit.NewAccount());
        var vpc = (await wire.Ec2Async("DescribeVpcs")).Xml.Descendants().First(e => e.Name.LocalName == "vpcId").Value;
        var answers = await All(70, i => wire.Ec2Async("CreateTags", ("ResourceId.1", vpc), ("Tag.1.Key", $"k{i}"), ("Tag.1.Value", "v")));
        answers.Count(a => a.Status == 200).Should().Be(50);
        answers.Where(a => a.Status != 200).Should().OnlyContain(a => a.Body.Contains("TagLimitExceeded"));
        var tags = (await wire.Ec2Async("DescribeTags", ("Filter.1.Name", "resource-id"), ("Filter.1.Value.1", vpc))).Xml
            .Descendants().Count(e => e.Name.LocalName == "key");
        tags.Should().Be(50);
    }

    [Fact]
    public async Task WorkSpaces_CreateTags_never_passes_50_tags()
    {
        var wire = factory.Wire(DsTestKit.NewAccount());
        var group = (await wire.JsonAsync("workspaces", "CreateIpGroup", new { GroupName = "g" })).Ok()["GroupId"]!.GetValue<string>();
        var answers = await All(70, i => wire.JsonAsync("workspaces", "CreateTags", new { ResourceId = group, Tags = new[] { new { Key = $"k{i}", Value = "v" } } }));
        answers.Count(a => a.Status == 200).Should().Be(50);
        (await wire.JsonAsync("workspaces", "DescribeTags", new { ResourceId = group })).Ok()["TagList"]!.AsArray().Should().HaveCount(50);
    }

    [Fact]
    public async Task Directory_tags_and_IP_routes_never_pass_their_limits()
    {
        var kit = new DsTestKit(factory);
        var id = await kit.CreateActiveAsync("CreateDirectory", kit.SimpleAd());
        var tagged = await All(70, i => kit.Wire.JsonAsync("ds", "AddTagsToResource", new { ResourceId = id, Tags = new[] { new { Key = $"k{i}", Value = "v" } } }));
        tagged.Count(a => a.Status == 200).Should().Be(50);
        (await kit.Wire.JsonAsync("ds", "ListTagsForResource", new { ResourceId = id })).Ok()["Tags"]!.AsArray().Should().HaveCount(50);

        var routed = await All(110, i => kit.Wire.JsonAsync("ds", "AddIpRoutes", new { DirectoryId = id, IpRoutes = new[] { new { CidrIp = $"10.{i}.0.0/16" } } }));
        var limit = routed.Count(a => a.Status == 200);
        routed.Where(a => a.Status != 200).Should().OnlyContain(a => a.Body.Contains("IpRouteLimitExceededException"));
        (await kit.Wire.JsonAsync("ds", "ListIpRoutes", new { DirectoryId = id, Limit = 100 })).Ok()["IpRoutesInfo"]!.AsArray().Should().HaveCount(limit);
        limit.Should().BeLessThan(110);
    }

    [Fact]
    public async Task Directories_per_account_and_snapshots_per_directory_never_pass_their_limits()
    {
        var kit = new DsTestKit(factory);
        var created = await All(14, i => kit.Wire.JsonAsync("ds", "CreateDirectory", kit.SimpleAd($"c{i}.example.com")));
        created.Count(a => a.Status == 200).Should().Be(10);
        created.Where(a => a.Status != 200).Should().OnlyContain(a => a.Body.Contains("DirectoryLimitExceededException"));

        var id = created.First(a => a.Status == 200).Json["DirectoryId"]!.GetValue<string>();
        await kit.WaitForStageAsync(id, "Active");
        var snapshots = await All(9, i => kit.Wire.JsonAsync("ds", "CreateSnapshot", new { DirectoryId = id, Name = $"s{i}" }));
        snapshots.Count(a => a.Status == 200).Should().Be(5);
        snapshots.Where(a => a.Status != 200).Should().OnlyContain(a => a.Body.Contains("SnapshotLimitExceededException"));
    }
}
