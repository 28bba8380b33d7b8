using System.Globalization;
using System.Xml;
using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Ec2;

// AuthorizeSecurityGroupIngress/Egress, RevokeSecurityGroupIngress/Egress, DescribeSecurityGroupRules.
public sealed partial class Ec2QueryService
{
    private static readonly FilterSet<SecurityGroupRule> RuleFilters = new FilterSet<SecurityGroupRule>()
        .Field("group-id", r => r.GroupId)
        .Field("security-group-rule-id", r => r.Id);

    private Action<XmlWriter> AuthorizeSecurityGroupIngress(RequestContext context, QueryRequest request) => Authorize(context, request, egress: false);
    private Action<XmlWriter> AuthorizeSecurityGroupEgress(RequestContext context, QueryRequest request) => Authorize(context, request, egress: true);
    private Action<XmlWriter> RevokeSecurityGroupIngress(RequestContext context, QueryRequest request) => Revoke(context, request, egress: false);
    private Action<XmlWriter> RevokeSecurityGroupEgress(RequestContext context, QueryRequest request) => Revoke(context, request, egress: true);

    private Action<XmlWriter> Authorize(RequestContext context, QueryRequest request, bool egress)
    {
        var group = GroupOf(context, request);
        var wanted = ReadPermissions(context, request, group, egress);
        var added = _routing.Locked(() =>
        {
            var existing = _routing.RulesOf(group);
            foreach (var rule in wanted)
                if (existing.Any(e => SameRule(e, rule)))
                    throw new AwsException("InvalidPermission.Duplicate",
                        $"the specified rule \"peer: {rule.CidrIpv4 ?? rule.ReferencedGroupId}, {ProtocolLabel(rule.IpProtocol)}, from port: {rule.FromPort}, to port: {rule.ToPort}, ALLOW\" already exists");
            if (existing.Count(e => e.IsEgress == egress) + wanted.Count > 60)
                throw new AwsException("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.");
            foreach (var rule in wanted) _routing.Rules.Put(rule);
            return wanted;
        });
        return w =>
        {
            w.Element("return", true);
            w.Set("securityGroupRuleSet", added, WriteRule);
        };
    }

    private Action<XmlWriter> Revoke(RequestContext context, QueryRequest request, bool egress)
    {
        var group = GroupOf(context, request);
        var ruleIds = request.GetList("SecurityGroupRuleId");
        var wanted = ruleIds.Count > 0 ? [] : ReadPermissions(context, request, group, egress);
        _routing.Locked(() =>
        {
            var existing = _routing.RulesOf(group).Where(r => r.IsEgress == egress).ToList();
            var doomed = ruleIds.Count > 0
                ? ruleIds.Select(id => existing.FirstOrDefault(r => r.Id == id)
                    ?? throw new AwsException("InvalidSecurityGroupRuleId.NotFound", $"The security group rule ID '{id}' does not exist")).ToList()
                : wanted.Select(w => existing.FirstOrDefault(r => SameRule(r, w))
                    ?? throw new AwsException("InvalidPermission.NotFound", "The specified rule does not exist in this security group.")).ToList();
            foreach (var rule in doomed) _routing.Rules.Delete(rule.Scope, rule.Id);
            return true;
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> DescribeSecurityGroupRules(RequestContext context, QueryRequest request)
    {
        _network.EnsureDefaults(context);
        var all = _network.SecurityGroups.List(context.Scope).SelectMany(_routing.RulesOf).ToList();
        var selected = ByIds(all, request.GetList("SecurityGroupRuleId"), r => r.Id,
            id => new AwsException("InvalidSecurityGroupRuleId.NotFound", $"The security group rule ID '{id}' does not exist"));
        var page = Page(RuleFilters.Apply(selected, request), request, context);
        return w => WritePage(w, "securityGroupRuleSet", page, WriteRule);
    }

    /// <summary>The stored rules, written as DescribeSecurityGroups' ipPermissions / ipPermissionsEgress.</summary>
    private void WritePermissions(XmlWriter w, string name, SecurityGroup group, bool egress)
    {
        var rules = _routing.RulesOf(group).Where(r => r.IsEgress == egress)
            .GroupBy(r => (r.IpProtocol, r.FromPort, r.ToPort)).ToList();
        w.Set(name, rules, (x, permission) =>
        {
            x.Element("ipProtocol", permission.Key.IpProtocol);
            if (permission.Key.IpProtocol != "-1")
            {
                x.Element("fromPort", permission.Key.FromPort);
                x.Element("toPort", permission.Key.ToPort);
            }
            x.Set("groups", permission.Where(r => r.ReferencedGroupId is not null), (y, r) =>
            {
                y.Element("description", r.Description);
                y.Element("userId", r.GroupOwnerId);
                y.Element("groupId", r.ReferencedGroupId);
            });
            x.Set("ipRanges", permission.Where(r => r.CidrIpv4 is not null), (y, r) =>
            {
                y.Element("cidrIp", r.CidrIpv4);
                y.Element("description", r.Description);
            });
            x.Set("ipv6Ranges", Array.Empty<string>(), (_, _) => { });
            x.Set("prefixListIds", Array.Empty<string>(), (_, _) => { });
        });
    }

    private SecurityGroup GroupOf(RequestContext context, QueryRequest request)
    {
        _network.EnsureDefaults(context);
        var id = Required(request, "GroupId");
        return _network.SecurityGroups.Get(context.Scope, id) ?? throw Ec2Network.NotFound(id);
    }

    /// <summary>IpPermissions.N (IpProtocol, FromPort, ToPort, IpRanges.M.CidrIp/Description, UserIdGroupPairs.M.GroupId),
    /// or the legacy top-level IpProtocol/FromPort/ToPort/CidrIp: one rule per peer.</summary>
    private List<SecurityGroupRule> ReadPermissions(RequestContext context, QueryRequest request, SecurityGroup group, bool egress)
    {
        var entries = request.GetStructList("IpPermissions");
        if (entries.Count == 0 && request.Get("IpProtocol") is not null)
            entries = [new Dictionary<string, string>(request.Parameters.Where(p => p.Key is "IpProtocol" or "FromPort" or "ToPort")
                .Concat(request.Get("CidrIp") is { } c ? [new KeyValuePair<string, string>("IpRanges.1.CidrIp", c)] : []))];
        if (entries.Count == 0)
            throw new AwsException("MissingParameter", "The request must contain the parameter ipPermissions");
        var rules = new List<SecurityGroupRule>();
        foreach (var entry in entries)
        {
            var protocol = NormalizeProtocol(entry.GetValueOrDefault("IpProtocol") ?? throw new AwsException("MissingParameter", "The request must contain the parameter ipProtocol"));
            var (from, to) = protocol == "-1" ? (-1, -1) : (Port(entry, "FromPort"), Port(entry, "ToPort"));
            if (protocol is "tcp" or "udp" && (from < 0 || to > 65535 || from > to))
                throw new AwsException("InvalidParameterValue", $"Invalid port range: {from}-{to}");
            var peers = 0;
            foreach (var (key, cidr) in entry.Where(e => e.Key.StartsWith("IpRanges.", StringComparison.Ordinal) && e.Key.EndsWith(".CidrIp", StringComparison.Ordinal)))
            {
                if (!Ipv4Cidr.TryParseStrict(cidr, out var parsed))
                    throw new AwsException("InvalidParameterValue", $"CIDR block {cidr} is malformed");
                var description = entry.GetValueOrDefault(key[..^".CidrIp".Length] + ".Description");
                rules.Add(new SecurityGroupRule(_routing.NewRuleId(), group.Scope, group.Id, group.OwnerId, egress, protocol, from, to, parsed.ToString(), null, description));
                peers++;
            }
            foreach (var (key, peerGroup) in entry.Where(e => e.Key.StartsWith("UserIdGroupPairs.", StringComparison.Ordinal) && e.Key.EndsWith(".GroupId", StringComparison.Ordinal)))
            {
                var referenced = _network.SecurityGroups.Get(context.Scope, peerGroup) ?? throw Ec2Network.NotFound(peerGroup);
                var description = entry.GetValueOrDefault(key[..^".GroupId".Length] + ".Description");
                rules.Add(new SecurityGroupRule(_routing.NewRuleId(), group.Scope, group.Id, group.OwnerId, egress, protocol, from, to, null, referenced.Id, description));
                peers++;
            }
            if (peers == 0)
                throw new AwsException("InvalidParameterValue", "A rule needs at least one peer (IpRanges or UserIdGroupPairs; IPv6 and prefix lists are not emulated).");
        }
        return rules;
    }

    private static int Port(Dictionary<string, string> entry, string name) =>
        int.TryParse(entry.GetValueOrDefault(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port) ? port
            : throw new AwsException("InvalidParameterValue", $"Invalid value for {name}: '{entry.GetValueOrDefault(name)}'");

    private static string NormalizeProtocol(string protocol) => protocol.ToLowerInvariant() switch
    {
        "-1" or "all" => "-1",
        "tcp" or "6" => "tcp",
        "udp" or "17" => "udp",
        "icmp" or "1" => "icmp",
        _ => throw new AwsException("InvalidParameterValue", $"Invalid value '{protocol}' for IP protocol. Unknown protocol."),
    };

    private static string ProtocolLabel(string protocol) => protocol == "-1" ? "ALL" : protocol.ToUpperInvariant();

    private static bool SameRule(SecurityGroupRule a, SecurityGroupRule b) =>
        a.IsEgress == b.IsEgress && a.IpProtocol == b.IpProtocol && a.FromPort == b.FromPort && a.ToPort == b.ToPort
        && a.CidrIpv4 == b.CidrIpv4 && a.ReferencedGroupId == b.ReferencedGroupId;

    private static void WriteRule(XmlWriter w, SecurityGroupRule r)
    {
        w.Element("securityGroupRuleId", r.Id);
        w.Element("groupId", r.GroupId);
        w.Element("groupOwnerId", r.GroupOwnerId);
        w.Element("isEgress", r.IsEgress);
        w.Element("ipProtocol", r.IpProtocol);
        w.Element("fromPort", r.FromPort);
        w.Element("toPort", r.ToPort);
        w.Element("cidrIpv4", r.CidrIpv4);
        if (r.ReferencedGroupId is { } referenced)
            w.Struct("referencedGroupInfo", x =>
            {
                x.Element("groupId", referenced);
                x.Element("userId", r.GroupOwnerId);
            });
        w.Element("description", r.Description);
    }
}
