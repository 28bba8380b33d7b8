using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>`dotnet run -c Release --project emulator/tools/Benchmarks -- --directories`: real directories (Docker + the
/// directory image). Prints CreateDirectory → Active, the idle DC's memory, LDAP binds/s against the DC and ds-data
/// ListUsers requests/s with 1 000 users in it. Everything it talks to is the emulator on 127.0.0.1 and the DC
/// container it made the emulator create.</summary>
internal static class DirectoryBenchmark
{
    public static async Task RunAsync(string dll, int seconds)
    {
        var instance = "bench-dc-" + Guid.NewGuid().ToString("N")[..8];
        var dataDir = Path.Combine(Path.GetTempPath(), "wse-bench-dc-" + Guid.NewGuid().ToString("N")[..8]);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = Process.Start(new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            Environment =
            {
                ["EMULATOR_PORT"] = port.ToString(CultureInfo.InvariantCulture), ["EMULATOR_DATA_DIR"] = dataDir,
                ["EMULATOR_DESKTOP_RUNTIME"] = "docker", ["EMULATOR_DIRECTORY_RUNTIME"] = "docker",
                ["EMULATOR_DESKTOP_INSTANCE"] = instance, ["EMULATOR_TRANSITION_SECONDS"] = "0", ["EMULATOR_LOG_REQUESTS"] = "false",
            },
        })!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            while (true)
            {
                try { if ((await http.GetAsync("/_emulator/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                await Task.Delay(20);
            }
            Console.WriteLine("health: " + JsonNode.Parse(await http.GetStringAsync("/_emulator/health"))!["directoryRuntime"]!.ToJsonString());

            var cidr = FreeCidr();
            var net = cidr[..cidr.LastIndexOf('.')];
            var vpc = Xml(await Ec2(http, ("Action", "CreateVpc"), ("CidrBlock", cidr)), "vpcId");
            var a = Xml(await Ec2(http, ("Action", "CreateSubnet"), ("VpcId", vpc), ("CidrBlock", net + ".0/25"), ("AvailabilityZone", "us-east-1a")), "subnetId");
            var b = Xml(await Ec2(http, ("Action", "CreateSubnet"), ("VpcId", vpc), ("CidrBlock", net + ".128/25"), ("AvailabilityZone", "us-east-1b")), "subnetId");

            var requested = DateTimeOffset.UtcNow;
            var sw = Stopwatch.StartNew();
            var directoryId = (await Json(http, "DirectoryService_20150416.CreateDirectory", new JsonObject
            {
                ["Name"] = "bench.example.com", ["ShortName"] = "BENCH", ["Password"] = "B3nch-Secret!", ["Size"] = "Small",
                ["VpcSettings"] = new JsonObject { ["VpcId"] = vpc, ["SubnetIds"] = new JsonArray(a, b) },
            }))["DirectoryId"]!.GetValue<string>();
            string stage;
            do
            {
                await Task.Delay(100);
                var d = (await Json(http, "DirectoryService_20150416.DescribeDirectories", new JsonObject { ["DirectoryIds"] = new JsonArray(directoryId) }))["DirectoryDescriptions"]![0]!;
                stage = d["Stage"]!.GetValue<string>();
                if (stage == "Failed") throw new InvalidOperationException("directory failed: " + d["StageReason"]);
            } while (stage != "Active");
            Console.WriteLine($"CreateDirectory → Active (Simple AD, Small): {sw.Elapsed.TotalSeconds:0.0} s");
            PrintPhases($"wse-{directoryId}-dc", requested, DateTimeOffset.UtcNow);

            await Task.Delay(10_000);
            var container = $"wse-{directoryId}-dc";
            Console.WriteLine($"idle DC memory after 10 s (docker stats): {Docker("stats", "--no-stream", "--format", "{{.MemUsage}}", container).Trim()}");

            var mgmtIp = Docker("inspect", "-f", "{{(index .NetworkSettings.Networks \"wse-mgmt\").IPAddress}}", container).Trim();
            var binds = 0L;
            var until = DateTime.UtcNow.AddSeconds(seconds);
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                while (DateTime.UtcNow < until)
                {
                    using var c = new LdapConnection(new LdapDirectoryIdentifier(mgmtIp, 389), new NetworkCredential("Administrator@bench.example.com", "B3nch-Secret!"), AuthType.Basic);
                    c.SessionOptions.ProtocolVersion = 3;
                    c.Bind();
                    Interlocked.Increment(ref binds);
                }
            })));
            Console.WriteLine($"LDAP simple binds (new connection each, 4 clients, {seconds} s): {binds / (double)seconds:0} binds/s");

            sw.Restart();
            await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
                await Rest(http, $"/Users/CreateUser?DirectoryId={directoryId}", new JsonObject { ["SAMAccountName"] = $"user{i:0000}" }));
            Console.WriteLine($"ds-data CreateUser × 1 000 (8 in parallel, LDAP add each): {sw.Elapsed.TotalSeconds:0.0} s");

            var lists = 0L;
            until = DateTime.UtcNow.AddSeconds(seconds);
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (DateTime.UtcNow < until)
                {
                    await Rest(http, $"/Users/ListUsers?DirectoryId={directoryId}", new JsonObject());
                    Interlocked.Increment(ref lists);
                }
            })));
            Console.WriteLine($"ds-data ListUsers (first page of 1 004 users, 4 clients, {seconds} s): {lists / (double)seconds:0.0} req/s");

            var describes = 0L;
            until = DateTime.UtcNow.AddSeconds(seconds);
            await Task.WhenAll(Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
            {
                for (var i = c; DateTime.UtcNow < until; i += 4)
                {
                    await Rest(http, $"/Users/DescribeUser?DirectoryId={directoryId}", new JsonObject { ["SAMAccountName"] = $"user{i % 1000:0000}" });
                    Interlocked.Increment(ref describes);
                }
            })));
            Console.WriteLine($"ds-data DescribeUser (one LDAP search on a pooled connection, 4 clients, {seconds} s): {describes / (double)seconds:0.0} req/s");

            sw.Restart();
            await Rest(http, $"/Groups/CreateGroup?DirectoryId={directoryId}", new JsonObject { ["SAMAccountName"] = "bench-all" });
            await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
                await Rest(http, $"/GroupMemberships/AddGroupMember?DirectoryId={directoryId}", new JsonObject { ["GroupName"] = "bench-all", ["MemberName"] = $"user{i:0000}" }));
            Console.WriteLine($"ds-data AddGroupMember × 1 000 (8 in parallel): {sw.Elapsed.TotalSeconds:0.0} s");
            var memberPages = 0L;
            until = DateTime.UtcNow.AddSeconds(seconds);
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (DateTime.UtcNow < until)
                {
                    await Rest(http, $"/GroupMemberships/ListGroupMembers?DirectoryId={directoryId}", new JsonObject { ["SAMAccountName"] = "bench-all", ["MaxResults"] = 100 });
                    Interlocked.Increment(ref memberPages);
                }
            })));
            Console.WriteLine($"ds-data ListGroupMembers (first page of 100 of 1 000 members, 4 clients, {seconds} s): {memberPages / (double)seconds:0.0} req/s");
        }
        finally
        {
            try { await http.PostAsync("/_emulator/reset", null); } catch (HttpRequestException) { }
            server.Kill(entireProcessTree: true);
            foreach (var kind in new[] { "ps -aq", "volume ls -q" })
            {
                var ids = Docker([.. kind.Split(' '), "--filter", $"label=workspaces-emulator.instance={instance}"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (ids.Length > 0) Docker([kind.StartsWith("ps", StringComparison.Ordinal) ? "rm" : "volume", .. kind.StartsWith("ps", StringComparison.Ordinal) ? new[] { "-f" } : ["rm", "-f"], .. ids]);
            }
            try { Directory.Delete(dataDir, true); } catch (IOException) { }
        }
    }

    /// <summary>Where CreateDirectory's time went, from the DC container's own record (docker inspect) and the entrypoint's
    /// time-stamped log lines: container created and started, provisioned, LDAP answering, ready; then Active.</summary>
    private static void PrintPhases(string container, DateTimeOffset requested, DateTimeOffset active)
    {
        string At(DateTimeOffset t) => $"+{(t - requested).TotalSeconds:0.0} s";
        // Docker's times carry nanoseconds; .NET parses at most 7 fractional digits.
        static DateTimeOffset Time(string t)
        {
            var dot = t.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0) t = t[..Math.Min(t.Length - 1, dot + 8)] + "Z";
            return DateTimeOffset.Parse(t, CultureInfo.InvariantCulture);
        }
        var created = Time(Docker("inspect", "-f", "{{.Created}}", container).Trim());
        var started = Time(Docker("inspect", "-f", "{{.State.StartedAt}}", container).Trim());
        var phases = new List<string> { "container created " + At(created), "started " + At(started) };
        // The entrypoint logs on stderr.
        foreach (var line in DockerErr("logs", "-t", container).Split('\n'))
        {
            var marker = line.IndexOf(" dc-entrypoint: ", StringComparison.Ordinal);
            if (marker < 0) continue;
            var what = line[(marker + 16)..].Trim();
            if (what.StartsWith("provisioning", StringComparison.Ordinal)) what = "provisioning";
            if (what == "accounts and DNS records written") what = "accounts+DNS";
            if (what is not ("provisioning" or "provisioned" or "accounts+DNS" or "LDAP answers" or "ready")) continue;
            phases.Add(what + " " + At(Time(line[..marker])));
        }
        phases.Add("Active " + At(active));
        Console.WriteLine("  phases: " + string.Join(", ", phases));
    }

    private static Task<JsonNode> Json(HttpClient http, string target, JsonObject body) => new Api(http).CallAsync(target, "ds", body);

    private static Task<JsonNode> Rest(HttpClient http, string path, JsonObject body) => new Api(http).CallAsync("", "ds-data", body, path);

    private static async Task<string> Ec2(HttpClient http, params (string, string)[] form)
    {
        using var response = await http.PostAsync("/", new FormUrlEncodedContent([.. form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), new("Version", "2016-11-15")]));
        return await response.Content.ReadAsStringAsync();
    }

    private static string Xml(string xml, string element)
    {
        var start = xml.IndexOf($"<{element}>", StringComparison.Ordinal) + element.Length + 2;
        return xml[start..xml.IndexOf($"</{element}>", start, StringComparison.Ordinal)];
    }

    private static string DockerErr(params string[] args)
    {
        var psi = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return error;
    }

    private static string Docker(params string[] args)
    {
        var psi = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    /// <summary>A /24 in 10.240.0.0/12 that no Docker network and no host route uses.</summary>
    private static string FreeCidr()
    {
        var used = Docker(["network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", .. Docker("network", "ls", "-q").Split('\n', StringSplitOptions.RemoveEmptyEntries)])
            + string.Join(' ', File.ReadAllLines("/proc/net/route").Skip(1).Select(l => l.Split('\t')).Where(f => f.Length > 7)
                .Select(f => new IPAddress(uint.Parse(f[1], NumberStyles.HexNumber)).ToString()));
        for (var i = 0; i < 1000; i++)
        {
            var candidate = $"10.{240 + Random.Shared.Next(16)}.{Random.Shared.Next(256)}";
            if (!used.Contains(candidate + ".", StringComparison.Ordinal)) return candidate + ".0/24";
        }
        throw new InvalidOperationException("no free /24");
    }
}
