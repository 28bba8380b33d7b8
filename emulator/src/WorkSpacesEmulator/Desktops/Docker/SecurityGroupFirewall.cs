using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using WorkSpacesEmulator.Networking;

namespace WorkSpacesEmulator.Desktops.Docker;

/// <summary>Security group ingress on a desktop's primary interface (eth1), enforced inside the desktop with
/// iptables (nf_tables; the desktop runs with NET_ADMIN, and the desktop image carries Debian's iptables). The rules
/// live in one chain, <c>WSE-INGRESS</c>, replaced as a whole by <c>iptables-restore --noflush</c> on every change, and
/// INPUT on eth1 jumps to it: replies to the desktop's own traffic pass (security groups are stateful), then every
/// allowance, then everything else is dropped. The management interface (eth0: streaming, health) is not filtered,
/// as AWS's management interface is not subject to the customer's security groups.</summary>
internal sealed class SecurityGroupFirewall(DockerClient docker, ILogger log)
{
    public const string Chain = "WSE-INGRESS";

    /// <summary>The iptables-restore input for <paramref name="rules"/>. Every value is re-rendered from parsed numbers
    /// and CIDRs, so nothing a caller stored reaches the shell as text.</summary>
    public static string Ruleset(IReadOnlyList<IngressRule> rules)
    {
        var s = new StringBuilder();
        s.Append("*filter\n:").Append(Chain).Append(" - [0:0]\n");
        s.Append("-A ").Append(Chain).Append(" -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
        foreach (var rule in rules)
            if (Render(rule) is { } line) s.Append("-A ").Append(Chain).Append(line).Append(" -j ACCEPT\n");
        s.Append("-A ").Append(Chain).Append(" -j DROP\nCOMMIT\n");
        return s.ToString();
    }

    private static string? Render(IngressRule rule)
    {
        if (!Ipv4Cidr.TryParse(rule.SourceCidr, out var source)) return null;
        var from = " -s " + source;
        var protocol = rule.Protocol.ToLowerInvariant();
        switch (protocol)
        {
            case "-1" or "all":
                return from;
            case "tcp" or "udp" or "6" or "17":
                var name = protocol is "tcp" or "6" ? "tcp" : "udp";
                if (rule.FromPort < 0 || rule.ToPort < 0) return $"{from} -p {name}";
                return string.Create(CultureInfo.InvariantCulture, $"{from} -p {name} -m {name} --dport {Math.Clamp(rule.FromPort, 0, 65535)}:{Math.Clamp(rule.ToPort, 0, 65535)}");
            case "icmp" or "1":
                if (rule.FromPort < 0) return $"{from} -p icmp";
                var type = Math.Clamp(rule.FromPort, 0, 255).ToString(CultureInfo.InvariantCulture);
                return rule.ToPort < 0
                    ? $"{from} -p icmp -m icmp --icmp-type {type}"
                    : $"{from} -p icmp -m icmp --icmp-type {type}/{Math.Clamp(rule.ToPort, 0, 255).ToString(CultureInfo.InvariantCulture)}";
            default:
                // Another IP protocol by number (EC2 accepts 0-255); IPv6-only ones (icmpv6, 58) have no IPv4 meaning.
                return int.TryParse(protocol, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 256 && number != 58
                    ? $"{from} -p {number.ToString(CultureInfo.InvariantCulture)}"
                    : null;
        }
    }

    /// <summary>The shell command run in the desktop: load the chain, then make sure eth1's INPUT jumps to it once.</summary>
    public static string Script(IReadOnlyList<IngressRule> rules) =>
        "iptables-restore --noflush <<'RULES'\n" + Ruleset(rules) + "RULES\n" +
        $"iptables -C INPUT -i eth1 -j {Chain} 2>/dev/null || iptables -A INPUT -i eth1 -j {Chain}";

    public async Task<string?> ApplyAsync(string container, IReadOnlyList<IngressRule> rules, CancellationToken ct)
    {
        try
        {
            var exec = await docker.Exec.ExecCreateContainerAsync(container, new ContainerExecCreateParameters
            {
                Cmd = ["/bin/sh", "-c", Script(rules)],
                AttachStdout = true,
                AttachStderr = true,
            }, ct);
            string stderr;
            using (var stream = await docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false, ct))
                (_, stderr) = await stream.ReadOutputToEndAsync(ct);
            var result = await docker.Exec.InspectContainerExecAsync(exec.ID, ct);
            if (result.ExitCode == 0) return null;
            var why = $"iptables in the desktop failed (exit {result.ExitCode}): {stderr.Trim()}";
            log.LogWarning("Security group rules not applied to {Container}: {Why}", container, why);
            return why;
        }
        catch (DockerApiException e)
        {
            log.LogWarning("Security group rules not applied to {Container}: {Message}", container, e.Message);
            return e.Message;
        }
    }
}
