using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Ec2;

/// <summary>The EC2 network model shared by every slice: default VPCs (created lazily per account+region, as
/// AWS has them), subnets, security groups and the network interfaces — with their reserved private
/// addresses — that directories and WorkSpaces own. Errors carry EC2's codes.</summary>
public sealed class Ec2Network(Store store, IIdGenerator ids)
{
    public const string DefaultVpcCidr = "172.31.0.0/16";

    private readonly object _gate = new();

    public ResourceTable<Vpc> Vpcs => store.Table<Vpc>(ResourceKinds.Vpcs);
    public ResourceTable<Subnet> Subnets => store.Table<Subnet>(ResourceKinds.Subnets);
    public ResourceTable<SecurityGroup> SecurityGroups => store.Table<SecurityGroup>(ResourceKinds.SecurityGroups);
    public ResourceTable<NetworkInterface> NetworkInterfaces => store.Table<NetworkInterface>(ResourceKinds.NetworkInterfaces);

    /// <summary>Collection of <see cref="Ec2ScopeState"/> (one record per scope).</summary>
    public const string ScopeStateKind = "ec2_scope_state";
    private const string ScopeStateId = "ec2";
    public ResourceTable<Ec2ScopeState> ScopeStates => store.Table<Ec2ScopeState>(ScopeStateKind);

    /// <summary>The Availability Zones of a Region: (name, zone id). us-east-1 has six, us-west-2 four, others three.</summary>
    public static IReadOnlyList<(string Name, string ZoneId)> AvailabilityZones(string region)
    {
        var count = region switch { "us-east-1" => 6, "us-west-2" or "ap-northeast-2" => 4, _ => 3 };
        var parts = region.Split('-');
        var shortName = parts.Length == 3 ? parts[0] + string.Concat(parts[1].Where(char.IsLetter).Take(1)) + parts[2] : region;
        return Enumerable.Range(0, count).Select(i => ($"{region}{(char)('a' + i)}", $"{shortName}-az{i + 1}")).ToList();
    }

    public static string AccountOf(RequestContext context) => context.Account;

    /// <summary>Creates the default VPC 172.31.0.0/16, a default /20 subnet per Availability Zone and the
    /// default security group the first time a scope touches the network.</summary>
    public void EnsureDefaults(RequestContext context)
    {
        if (ScopeStates.Get(context.Scope, ScopeStateId) is not null) return;
        lock (_gate)
        {
            if (ScopeStates.Get(context.Scope, ScopeStateId) is not null) return;
            // Scopes stored before the marker existed already have their default VPC: keep it, just mark them.
            // The defaults are volatile: a read shows them, the scope's first stored change (any kind) stores them,
            // so reads alone never create anything persistent.
            if (!Vpcs.List(context.Scope).Any(v => v.IsDefault)) CreateDefaultVpcLocked(context, persist: false);
            ScopeStates.PutVolatile(new Ec2ScopeState(ScopeStateId, context.Scope, true));
        }
    }

    public Vpc GetVpc(RequestContext context, string vpcId)
    {
        EnsureDefaults(context);
        return Vpcs.Get(context.Scope, vpcId) ?? throw new AwsException("InvalidVpcID.NotFound", $"The vpc ID '{vpcId}' does not exist");
    }

    public Subnet GetSubnet(RequestContext context, string subnetId)
    {
        EnsureDefaults(context);
        return Subnets.Get(context.Scope, subnetId) ?? throw new AwsException("InvalidSubnetID.NotFound", $"The subnet ID '{subnetId}' does not exist");
    }

    public Vpc CreateVpc(RequestContext context, string cidrBlock, string tenancy, IReadOnlyList<TagPair> tags)
    {
        EnsureDefaults(context);
        if (!Ipv4Cidr.TryParseStrict(cidrBlock, out var cidr))
            throw new AwsException("InvalidParameterValue", $"Value ({cidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.");
        if (cidr.PrefixLength is < 16 or > 28)
            throw new AwsException("InvalidVpc.Range", $"The CIDR '{cidrBlock}' is invalid.");
        var vpc = new Vpc(ids.Vpc(), context.Scope, context.Account, cidr.ToString(), false, "available", tenancy, "dopt-" + ids.Next("", 17, Ids.Hex), tags);
        Vpcs.Put(vpc);
        SecurityGroups.Put(new SecurityGroup(ids.SecurityGroup(), context.Scope, context.Account, vpc.Id, "default", "default VPC security group", []));
        return vpc;
    }

    public Subnet CreateSubnet(RequestContext context, string vpcId, string cidrBlock, string? availabilityZone, string? availabilityZoneId, IReadOnlyList<TagPair> tags)
    {
        var vpc = GetVpc(context, vpcId);
        if (!Ipv4Cidr.TryParseStrict(cidrBlock, out var cidr))
            throw new AwsException("InvalidParameterValue", $"Value ({cidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.");
        Ipv4Cidr.TryParse(vpc.CidrBlock, out var vpcCidr);
        if (cidr.PrefixLength is < 16 or > 28 || !vpcCidr.Contains(cidr))
            throw new AwsException("InvalidSubnet.Range", $"The CIDR '{cidrBlock}' is invalid.");
        lock (_gate)
        {
            foreach (var other in Subnets.List(context.Scope).Where(s => s.VpcId == vpcId))
                if (Ipv4Cidr.TryParse(other.CidrBlock, out var o) && o.Overlaps(cidr))
                    throw new AwsException("InvalidSubnet.Conflict", $"The CIDR '{cidrBlock}' conflicts with another subnet");
            var zones = AvailabilityZones(context.Region);
            (string Name, string ZoneId) zone;
            if (availabilityZone is not null)
                zone = zones.FirstOrDefault(z => z.Name == availabilityZone) is { Name: not null } z1 ? z1
                    : throw new AwsException("InvalidParameterValue", $"Value ({availabilityZone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {string.Join(", ", zones.Select(z => z.Name))}.");
            else if (availabilityZoneId is not null)
                zone = zones.FirstOrDefault(z => z.ZoneId == availabilityZoneId) is { Name: not null } z2 ? z2
                    : throw new AwsException("InvalidParameterValue", $"Value ({availabilityZoneId}) for parameter availabilityZoneId is invalid.");
            else
                zone = zones[Subnets.List(context.Scope).Count(s => s.VpcId == vpcId) % zones.Count];
            var subnet = new Subnet(ids.Subnet(), context.Scope, context.Account, vpcId, cidr.ToString(), zone.Name, zone.ZoneId, false, false, "available", tags);
            Subnets.Put(subnet);
            return subnet;
        }
    }

    public SecurityGroup CreateSecurityGroup(RequestContext context, string vpcId, string groupName, string description, IReadOnlyList<TagPair> tags)
    {
        GetVpc(context, vpcId);
        lock (_gate)
        {
            if (SecurityGroups.List(context.Scope).Any(g => g.VpcId == vpcId && string.Equals(g.GroupName, groupName, StringComparison.OrdinalIgnoreCase)))
                throw new AwsException("InvalidGroup.Duplicate", $"The security group '{groupName}' already exists for VPC '{vpcId}'");
            var group = new SecurityGroup(ids.SecurityGroup(), context.Scope, context.Account, vpcId, groupName, description, tags);
            SecurityGroups.Put(group);
            return group;
        }
    }

    public void DeleteSecurityGroup(RequestContext context, string groupId)
    {
        var group = SecurityGroups.Get(context.Scope, groupId)
            ?? throw new AwsException("InvalidGroup.NotFound", $"The security group '{groupId}' does not exist");
        if (NetworkInterfaces.List(context.Scope).Any(n => n.SecurityGroupIds.Contains(group.Id)))
            throw new AwsException("DependencyViolation", $"resource {groupId} has a dependent object");
        SecurityGroups.Delete(context.Scope, groupId);
    }

    /// <summary>Creates a network interface in the subnet with the lowest free private address. AWS reserves
    /// the first four addresses and the last one of every subnet; so does the emulator.</summary>
    public NetworkInterface AllocateInterface(RequestContext context, string subnetId, string description, string interfaceType,
        string requesterId, IReadOnlyList<string> securityGroupIds, string ownerResourceId)
    {
        var subnet = GetSubnet(context, subnetId);
        Ipv4Cidr.TryParse(subnet.CidrBlock, out var cidr);
        lock (_gate)
        {
            var used = NetworkInterfaces.List(context.Scope).Where(n => n.SubnetId == subnetId)
                .Select(n => n.PrivateIpAddress).ToHashSet(StringComparer.Ordinal);
            for (uint offset = 4; offset < cidr.Size - 1; offset++)
            {
                var address = cidr.AddressAt(offset);
                if (used.Contains(address)) continue;
                var eni = new NetworkInterface(ids.NetworkInterface(), context.Scope, context.Account, subnet.Id, subnet.VpcId,
                    subnet.AvailabilityZone, address, description, interfaceType, requesterId, securityGroupIds, "in-use",
                    "02:" + string.Join(':', Enumerable.Range(0, 5).Select(_ => ids.Next("", 2, Ids.Hex))), ownerResourceId, []);
                NetworkInterfaces.Put(eni);
                return eni;
            }
        }
        throw new AwsException("InsufficientFreeAddressesInSubnet", $"There are not enough free addresses in subnet '{subnetId}' to satisfy the requested number of instances.");
    }

    /// <summary>Releases every interface a resource owns (its addresses become free again).</summary>
    public void ReleaseInterfacesOwnedBy(string scope, string ownerResourceId)
    {
        foreach (var eni in NetworkInterfaces.List(scope).Where(n => n.OwnerResourceId == ownerResourceId).ToList())
            NetworkInterfaces.Delete(scope, eni.Id);
    }

    private Vpc CreateDefaultVpcLocked(RequestContext context, bool persist = true)
    {
        var vpc = new Vpc(ids.Vpc(), context.Scope, context.Account, DefaultVpcCidr, true, "available", "default", "dopt-" + ids.Next("", 17, Ids.Hex), []);
        if (persist) Vpcs.Put(vpc); else Vpcs.PutVolatile(vpc);
        var group = new SecurityGroup(ids.SecurityGroup(), context.Scope, context.Account, vpc.Id, "default", "default VPC security group", []);
        if (persist) SecurityGroups.Put(group); else SecurityGroups.PutVolatile(group);
        Ipv4Cidr.TryParse(DefaultVpcCidr, out var block);
        uint i = 0;
        foreach (var (zone, zoneId) in AvailabilityZones(context.Region))
        {
            var cidr = new Ipv4Cidr(block.Network + i++ * 4096, 20);
            var subnet = new Subnet(ids.Subnet(), context.Scope, context.Account, vpc.Id, cidr.ToString(), zone, zoneId, true, true, "available", []);
            if (persist) Subnets.Put(subnet); else Subnets.PutVolatile(subnet);
        }
        return vpc;
    }

    /// <summary>The scope's default VPC, or null when it was deleted.</summary>
    public Vpc? FindDefaultVpc(RequestContext context)
    {
        EnsureDefaults(context);
        return Vpcs.List(context.Scope).FirstOrDefault(v => v.IsDefault);
    }

    /// <summary>CreateDefaultVpc: recreates the default VPC (with its default subnets and group) after it was deleted.</summary>
    public Vpc CreateDefaultVpc(RequestContext context)
    {
        EnsureDefaults(context);
        lock (_gate)
        {
            if (Vpcs.List(context.Scope).Any(v => v.IsDefault))
                throw new AwsException("DefaultVpcAlreadyExists", "A Default VPC already exists for this account in this region.");
            return CreateDefaultVpcLocked(context);
        }
    }

    /// <summary>Deletes a VPC (the default one too, as AWS allows) and its default security group. Subnets,
    /// other security groups and interfaces must be gone first.</summary>
    public void DeleteVpc(RequestContext context, string vpcId)
    {
        GetVpc(context, vpcId);
        lock (_gate)
        {
            if (Subnets.List(context.Scope).Any(s => s.VpcId == vpcId)
                || SecurityGroups.List(context.Scope).Any(g => g.VpcId == vpcId && g.GroupName != "default")
                || NetworkInterfaces.List(context.Scope).Any(n => n.VpcId == vpcId))
                throw new AwsException("DependencyViolation", $"The vpc '{vpcId}' has dependencies and cannot be deleted.");
            foreach (var group in SecurityGroups.List(context.Scope).Where(g => g.VpcId == vpcId).ToList())
                SecurityGroups.Delete(context.Scope, group.Id);
            Vpcs.Delete(context.Scope, vpcId);
        }
    }

    public void DeleteSubnet(RequestContext context, string subnetId)
    {
        GetSubnet(context, subnetId);
        lock (_gate)
        {
            if (NetworkInterfaces.List(context.Scope).Any(n => n.SubnetId == subnetId))
                throw new AwsException("DependencyViolation", $"The subnet '{subnetId}' has dependencies and cannot be deleted.");
            Subnets.Delete(context.Scope, subnetId);
        }
    }

    /// <summary>The free addresses of a subnet as EC2 counts them: size minus the five reserved minus interfaces.</summary>
    public long AvailableIpAddressCount(Subnet subnet)
    {
        if (!Ipv4Cidr.TryParse(subnet.CidrBlock, out var cidr)) return 0;
        var used = NetworkInterfaces.List(subnet.Scope).Count(n => n.SubnetId == subnet.Id);
        return Math.Max(0, (long)cidr.Size - 5 - used);
    }

    /// <summary>The resource type (as DescribeTags names it) and current tags of a taggable EC2 id, or the
    /// EC2 not-found error for its kind.</summary>
    public (string ResourceType, IReadOnlyList<TagPair> Tags) GetTags(RequestContext context, string resourceId)
    {
        EnsureDefaults(context);
        var scope = context.Scope;
        return TagKindOf(resourceId) switch
        {
            "vpc" => ("vpc", (Vpcs.Get(scope, resourceId) ?? throw NotFound(resourceId)).Tags),
            "subnet" => ("subnet", (Subnets.Get(scope, resourceId) ?? throw NotFound(resourceId)).Tags),
            "security-group" => ("security-group", (SecurityGroups.Get(scope, resourceId) ?? throw NotFound(resourceId)).Tags),
            "network-interface" => ("network-interface", (NetworkInterfaces.Get(scope, resourceId) ?? throw NotFound(resourceId)).Tags),
            _ => throw NotFound(resourceId),
        };
    }

    /// <summary>Changes the tags of several resources as one atomic step: every new tag list is computed (and
    /// <paramref name="change"/> may throw to refuse, e.g. over the tag limit) before any is stored, under the lock
    /// every tag change takes, so concurrent callers cannot both pass a limit check.</summary>
    public void UpdateTags(RequestContext context, IReadOnlyList<string> resourceIds, Func<IReadOnlyList<TagPair>, IReadOnlyList<TagPair>> change)
    {
        lock (_gate)
        {
            var updated = resourceIds.Distinct(StringComparer.Ordinal).Select(id => (Id: id, Tags: change(GetTags(context, id).Tags))).ToList();
            foreach (var (id, tags) in updated) UpdateTags(context, id, _ => tags);
        }
    }

    /// <summary>Replaces the tags of a taggable EC2 resource with <paramref name="change"/>(current tags).</summary>
    public void UpdateTags(RequestContext context, string resourceId, Func<IReadOnlyList<TagPair>, IReadOnlyList<TagPair>> change)
    {
        EnsureDefaults(context);
        var scope = context.Scope;
        lock (_gate)
        {
            switch (TagKindOf(resourceId))
            {
                case "vpc": { var r = Vpcs.Get(scope, resourceId) ?? throw NotFound(resourceId); Vpcs.Put(r with { Tags = change(r.Tags) }); break; }
                case "subnet": { var r = Subnets.Get(scope, resourceId) ?? throw NotFound(resourceId); Subnets.Put(r with { Tags = change(r.Tags) }); break; }
                case "security-group": { var r = SecurityGroups.Get(scope, resourceId) ?? throw NotFound(resourceId); SecurityGroups.Put(r with { Tags = change(r.Tags) }); break; }
                case "network-interface": { var r = NetworkInterfaces.Get(scope, resourceId) ?? throw NotFound(resourceId); NetworkInterfaces.Put(r with { Tags = change(r.Tags) }); break; }
                default: throw NotFound(resourceId);
            }
        }
    }

    private static string? TagKindOf(string id) =>
        id.StartsWith("vpc-", StringComparison.Ordinal) ? "vpc"
        : id.StartsWith("subnet-", StringComparison.Ordinal) ? "subnet"
        : id.StartsWith("sg-", StringComparison.Ordinal) ? "security-group"
        : id.StartsWith("eni-", StringComparison.Ordinal) ? "network-interface"
        : null;

    /// <summary>EC2's not-found error for an id, chosen by its prefix (InvalidID for ids of no known kind).</summary>
    public static AwsException NotFound(string id) => TagKindOf(id) switch
    {
        "vpc" => new AwsException("InvalidVpcID.NotFound", $"The vpc ID '{id}' does not exist"),
        "subnet" => new AwsException("InvalidSubnetID.NotFound", $"The subnet ID '{id}' does not exist"),
        "security-group" => new AwsException("InvalidGroup.NotFound", $"The security group '{id}' does not exist"),
        "network-interface" => new AwsException("InvalidNetworkInterfaceID.NotFound", $"The networkInterface ID '{id}' does not exist"),
        _ => new AwsException("InvalidID", $"The ID '{id}' is not valid"),
    };
}
