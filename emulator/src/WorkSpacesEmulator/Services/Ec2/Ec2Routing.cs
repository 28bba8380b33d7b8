using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Ec2;

/// <summary>Internet and NAT gateways, Elastic IPs and public addresses, route tables (every VPC has a main table
/// with its local route) and security group rules. Records are per (account, Region) like the rest of EC2.</summary>
public sealed class Ec2Routing(Store store, IIdGenerator ids, Ec2Network network, TimeProvider time)
{
    private static readonly object Gate = new();

    public ResourceTable<InternetGateway> InternetGateways => store.Table<InternetGateway>("ec2-internet-gateways");
    public ResourceTable<ElasticIp> Addresses => store.Table<ElasticIp>("ec2-addresses");
    public ResourceTable<PublicIpAssociation> PublicIps => store.Table<PublicIpAssociation>("ec2-public-ips");
    public ResourceTable<NatGateway> NatGateways => store.Table<NatGateway>("ec2-nat-gateways");
    public ResourceTable<RouteTable> RouteTables => store.Table<RouteTable>("ec2-route-tables");
    public ResourceTable<SecurityGroupRule> Rules => store.Table<SecurityGroupRule>("ec2-security-group-rules");
    public ResourceTable<SecurityGroupRulesState> RuleStates => store.Table<SecurityGroupRulesState>("ec2-security-group-rule-states");
    public ResourceTable<VpcAttributes> VpcAttributeTable => store.Table<VpcAttributes>("ec2-vpc-attributes");

    public DateTimeOffset Now => time.GetUtcNow();

    // ---- public addresses ----

    /// <summary>A fresh public address. Difference from AWS: taken from the documentation ranges 198.51.100.0/24 and
    /// 203.0.113.0/24 (never routed), unique per scope.</summary>
    public string NewPublicIp(string scope)
    {
        var used = Addresses.List(scope).Select(a => a.PublicIp).Concat(PublicIps.List(scope).Select(p => p.PublicIp)).ToHashSet();
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var n = Random.Shared.Next(1, 509);
            var ip = n <= 254 ? $"198.51.100.{n}" : $"203.0.113.{n - 254}";
            if (!used.Contains(ip)) return ip;
        }
        throw new AwsException("AddressLimitExceeded", "The maximum number of addresses has been reached.");
    }

    /// <summary>Gives an interface an AWS-assigned public address (EnableInternetAccess, MapPublicIpOnLaunch).</summary>
    public string AssignPublicIp(string scope, string networkInterfaceId)
    {
        lock (Gate)
        {
            if (PublicIps.Get(scope, networkInterfaceId) is { } existing) return existing.PublicIp;
            var ip = NewPublicIp(scope);
            PublicIps.Put(new PublicIpAssociation(networkInterfaceId, scope, ip, null, null, "amazon"));
            return ip;
        }
    }

    /// <summary>The public address of an interface that still exists.</summary>
    public PublicIpAssociation? PublicIpOf(string scope, string networkInterfaceId) =>
        network.NetworkInterfaces.Get(scope, networkInterfaceId) is null ? null : PublicIps.Get(scope, networkInterfaceId);

    // ---- route tables ----

    /// <summary>The route tables of a scope; every VPC gets its main table (with the local route) the first time.</summary>
    public IReadOnlyList<RouteTable> RouteTablesOf(RequestContext context)
    {
        network.EnsureDefaults(context);
        var vpcs = network.Vpcs.List(context.Scope);
        var tables = RouteTables.List(context.Scope);
        if (vpcs.Any(v => !tables.Any(t => t.VpcId == v.Id && t.IsMain)))
        {
            lock (Gate)
            {
                tables = RouteTables.List(context.Scope);
                foreach (var vpc in vpcs.Where(v => !tables.Any(t => t.VpcId == v.Id && t.IsMain)))
                    RouteTables.Put(NewTable(context, vpc, main: true));
                tables = RouteTables.List(context.Scope);
            }
        }
        var live = vpcs.Select(v => v.Id).ToHashSet();
        return tables.Where(t => live.Contains(t.VpcId)).ToList();
    }

    public RouteTable NewTable(RequestContext context, Vpc vpc, bool main, IReadOnlyList<TagPair>? tags = null) =>
        new(ids.Next("rtb-", 17, Ids.Hex), context.Scope, context.Account, vpc.Id, [new Route(vpc.CidrBlock, "local", null, "CreateRouteTable")],
            main ? [new RouteTableAssociation(ids.Next("rtbassoc-", 17, Ids.Hex), null, true)] : [], tags ?? []);

    public RouteTable GetRouteTable(RequestContext context, string id) =>
        RouteTablesOf(context).FirstOrDefault(t => t.Id == id)
        ?? throw new AwsException("InvalidRouteTableID.NotFound", $"The routeTable ID '{id}' does not exist");

    /// <summary>The table that routes a subnet: its explicit association, else the VPC's main table.</summary>
    public RouteTable TableOfSubnet(RequestContext context, Subnet subnet)
    {
        var tables = RouteTablesOf(context);
        return tables.FirstOrDefault(t => t.Associations.Any(a => a.SubnetId == subnet.Id))
            ?? tables.First(t => t.VpcId == subnet.VpcId && t.IsMain);
    }

    public void Mutate<T>(ResourceTable<T> table, T updated) where T : class, IResource
    {
        lock (Gate) table.Put(updated);
    }

    public TResult Locked<TResult>(Func<TResult> action)
    {
        lock (Gate) return action();
    }

    // ---- security group rules ----

    /// <summary>The stored rules of a group; the first time, AWS's defaults are written (all egress; the default
    /// group also admits its own members).</summary>
    public IReadOnlyList<SecurityGroupRule> RulesOf(SecurityGroup group)
    {
        if (RuleStates.Get(group.Scope, group.Id) is null)
        {
            lock (Gate)
            {
                if (RuleStates.Get(group.Scope, group.Id) is null)
                {
                    Rules.Put(new SecurityGroupRule(NewRuleId(), group.Scope, group.Id, group.OwnerId, true, "-1", -1, -1, "0.0.0.0/0", null, null));
                    if (group.GroupName == "default")
                        Rules.Put(new SecurityGroupRule(NewRuleId(), group.Scope, group.Id, group.OwnerId, false, "-1", -1, -1, null, group.Id, null));
                    RuleStates.Put(new SecurityGroupRulesState(group.Id, group.Scope));
                }
            }
        }
        return Rules.List(group.Scope).Where(r => r.GroupId == group.Id).ToList();
    }

    public string NewRuleId() => ids.Next("sgr-", 17, Ids.Hex);

    public Ec2Network Network => network;
}
