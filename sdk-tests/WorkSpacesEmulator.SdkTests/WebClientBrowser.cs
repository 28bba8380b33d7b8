using System.ComponentModel;
using System.Text.Json.Nodes;

namespace WorkSpacesEmulator.SdkTests;

/// <summary>What the web-client browser tests share: the tools they need, a Simple AD in two default subnets (set up
/// with the AWS CLI), the Playwright scripts of sdk-tests/js, and removing what the emulator's desktops left.</summary>
public static class WebClientBrowser
{
    /// <summary>The xunit collection of the Docker-backed browser tests (run one after the other).</summary>
    public const string Collection = "docker-browser";

    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Why the test cannot run here (a tool is missing), or null.</summary>
    public static async Task<string?> MissingToolAsync()
    {
        if (!File.Exists(Chromium)) return "Chromium is not installed (apt-get install chromium)";
        if ((await Docker("version", "--format", "{{.Server.Version}}")).ExitCode != 0) return "no Docker engine answers (.ci/install-docker.sh)";
        return null;
    }

    /// <summary>Builds docker/<paramref name="imageFolder"/>'s image offline as <paramref name="image"/> (skipped when its
    /// recipe is unchanged) and starts the emulator with Docker-backed desktops of its own instance, the image named by
    /// <paramref name="imageVariable"/>, plus <paramref name="environment"/>.</summary>
    public static async Task StartAsync(EmulatorProcess emulator, string instance, string imageFolder, string image, string imageVariable,
        int buildTimeoutSeconds, Dictionary<string, string>? environment = null)
    {
        var build = await ExternalTool.RunAsync("bash", [Path.Combine(EmulatorProcess.RepositoryRoot, "docker", imageFolder, "build-offline.sh"), image],
            new Dictionary<string, string>(), timeoutSeconds: buildTimeoutSeconds);
        build.ExitCode.Should().Be(0, build.StdErr);
        emulator.Environment["EMULATOR_DESKTOP_RUNTIME"] = "docker";
        emulator.Environment["EMULATOR_DESKTOP_INSTANCE"] = instance;
        emulator.Environment[imageVariable] = image;
        foreach (var (key, value) in environment ?? []) emulator.Environment[key] = value;
        await emulator.StartAsync();
    }

    public static Task<ToolResult> Docker(params string[] args) => ExternalTool.RunAsync("docker", args, new Dictionary<string, string>(), timeoutSeconds: 60);

    private static string S(JsonNode? n) => n!.GetValue<string>();

    /// <summary>An Active Simple AD corp.example.com in two default subnets (added to <paramref name="subnets"/>).</summary>
    public static async Task<string> SimpleAdAsync(AwsCli aws, List<string> subnets)
    {
        var all = (await aws.JsonAsync("ec2", "describe-subnets", "--filters", "Name=default-for-az,Values=true"))["Subnets"]!.AsArray();
        var a = all[0]!;
        var b = all.First(s => S(s!["AvailabilityZone"]) != S(a["AvailabilityZone"]))!;
        subnets.AddRange([S(a["SubnetId"]), S(b["SubnetId"])]);
        var directoryId = S((await aws.JsonAsync("ds", "create-directory", "--name", "corp.example.com", "--short-name", "CORP", "--password", "Sup3rSecret!",
            "--size", "Small", "--vpc-settings", $"VpcId={S(a["VpcId"])},SubnetIds={S(a["SubnetId"])},{S(b["SubnetId"])}"))["DirectoryId"]);
        await aws.WaitAsync(d => S(d["DirectoryDescriptions"]![0]!["Stage"]) == "Active", "Active", "ds", "describe-directories", "--directory-ids", directoryId);
        return directoryId;
    }

    /// <summary>Runs sdk-tests/js/<paramref name="script"/> with node (installing playwright-core first when needed).</summary>
    public static async Task<ToolResult> RunScriptAsync(string script, Dictionary<string, string> environment)
    {
        var folder = Path.Combine(EmulatorProcess.RepositoryRoot, "sdk-tests", "js");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")))
            (await ExternalTool.RunAsync("npm", ["ci", "--prefix", folder, "--no-audit", "--no-fund"], new Dictionary<string, string>(), timeoutSeconds: 600))
                .ExitCode.Should().Be(0, "`npm ci --prefix sdk-tests/js` installs playwright-core");
        try
        {
            return await ExternalTool.RunAsync("node", [Path.Combine(folder, script)], environment, timeoutSeconds: 300);
        }
        catch (Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException("Cannot run `node` (needed for the Playwright script): " + e.Message);
        }
    }

    /// <summary>Removes the containers and volumes of one emulator instance and the subnet networks its desktops used.</summary>
    public static async Task CleanUpAsync(string instance, IEnumerable<string> subnets)
    {
        var ids = (await Docker("ps", "-aq", "--filter", "label=workspaces-emulator.instance=" + instance)).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > 0) await Docker(["rm", "-f", .. ids]);
        var volumes = (await Docker("volume", "ls", "-q", "--filter", "label=workspaces-emulator.instance=" + instance)).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (volumes.Length > 0) await Docker(["volume", "rm", "-f", .. volumes]);
        foreach (var subnet in subnets) await Docker("network", "rm", WorkSpacesEmulator.Desktops.Docker.DockerNames.SubnetNetwork(subnet));
    }
}
