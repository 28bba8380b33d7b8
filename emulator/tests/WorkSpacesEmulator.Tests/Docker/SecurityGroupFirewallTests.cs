using WorkSpacesEmulator.Desktops;
using WorkSpacesEmulator.Desktops.Docker;

namespace WorkSpacesEmulator.Tests.Docker;

/// <summary>The iptables rule set a desktop gets from its security groups (no engine needed; the routing Docker test
/// checks that the rules really admit and drop traffic).</summary>
public sealed class SecurityGroupFirewallTests
{
    [Fact]
    public void Ruleset_admits_replies_then_each_rule_then_drops_the_rest()
    {
        var rules = SecurityGroupFirewall.Ruleset(
        [
            new IngressRule("tcp", 22, 22, "10.0.0.0/16"),
            new IngressRule("udp", -1, -1, "10.1.2.3/32"),
            new IngressRule("icmp", 8, -1, "0.0.0.0/0"),
            new IngressRule("icmp", 3, 4, "192.168.0.0/24"),
            new IngressRule("-1", -1, -1, "172.16.5.0/24"),
            new IngressRule("50", -1, -1, "10.9.0.0/16"),
        ]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rules.Should().Equal(
            "*filter",
            ":WSE-INGRESS - [0:0]",
            "-A WSE-INGRESS -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
            "-A WSE-INGRESS -s 10.0.0.0/16 -p tcp -m tcp --dport 22:22 -j ACCEPT",
            "-A WSE-INGRESS -s 10.1.2.3/32 -p udp -j ACCEPT",
            "-A WSE-INGRESS -s 0.0.0.0/0 -p icmp -m icmp --icmp-type 8 -j ACCEPT",
            "-A WSE-INGRESS -s 192.168.0.0/24 -p icmp -m icmp --icmp-type 3/4 -j ACCEPT",
            "-A WSE-INGRESS -s 172.16.5.0/24 -j ACCEPT",
            "-A WSE-INGRESS -s 10.9.0.0/16 -p 50 -j ACCEPT",
            "-A WSE-INGRESS -j DROP",
            "COMMIT");
    }

    [Fact]
    public void Values_that_are_not_a_CIDR_or_a_protocol_never_reach_the_shell()
    {
        var rules = SecurityGroupFirewall.Ruleset(
        [
            new IngressRule("tcp", 80, 80, "10.0.0.0/8; reboot"),
            new IngressRule("tcp'; reboot; '", 80, 80, "10.0.0.0/8"),
            new IngressRule("icmpv6", -1, -1, "10.0.0.0/8"),
        ]);
        rules.Should().NotContain("reboot").And.NotContain("icmpv6");
        rules.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5, "only the reply rule and the final drop remain");
    }
}
