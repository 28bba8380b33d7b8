using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Ec2;

// The EC2 network pieces the WorkSpaces tutorials build around a VPC: gateways, addresses, route tables, rules.

public sealed record InternetGateway(string Id, string Scope, string OwnerId, string? AttachedVpcId, IReadOnlyList<TagPair> Tags) : IResource;

/// <summary>An Elastic IP (DescribeAddresses). <see cref="AssociationId"/> is set while it is on an interface.</summary>
public sealed record ElasticIp(string Id, string Scope, string PublicIp, string? AssociationId, string? NetworkInterfaceId,
    IReadOnlyList<TagPair> Tags) : IResource;

/// <summary>The public address of a network interface (Id = the interface id): an associated Elastic IP, a NAT
/// gateway's, or one AWS assigns (a WorkSpace of a directory with EnableInternetAccess, MapPublicIpOnLaunch).</summary>
public sealed record PublicIpAssociation(string Id, string Scope, string PublicIp, string? AllocationId, string? AssociationId, string IpOwnerId) : IResource;

public sealed record NatGateway(string Id, string Scope, string VpcId, string SubnetId, string AllocationId, string PublicIp,
    string NetworkInterfaceId, string PrivateIp, string ConnectivityType, DateTimeOffset CreateTime, DateTimeOffset AvailableAt,
    DateTimeOffset? DeleteTime, IReadOnlyList<TagPair> Tags) : IResource
{
    public string StateAt(DateTimeOffset now) =>
        DeleteTime is { } deleted ? (now >= deleted ? "deleted" : "deleting") : now >= AvailableAt ? "available" : "pending";
}

public sealed record Route(string DestinationCidrBlock, string? GatewayId, string? NatGatewayId, string Origin);

public sealed record RouteTableAssociation(string AssociationId, string? SubnetId, bool Main);

public sealed record RouteTable(string Id, string Scope, string OwnerId, string VpcId, IReadOnlyList<Route> Routes,
    IReadOnlyList<RouteTableAssociation> Associations, IReadOnlyList<TagPair> Tags) : IResource
{
    public bool IsMain => Associations.Any(a => a.Main);
}

/// <summary>One security group rule. IpProtocol is EC2's normalized form (tcp, udp, icmp or -1).</summary>
public sealed record SecurityGroupRule(string Id, string Scope, string GroupId, string GroupOwnerId, bool IsEgress, string IpProtocol,
    int FromPort, int ToPort, string? CidrIpv4, string? ReferencedGroupId, string? Description) : IResource;

/// <summary>Marks that a security group's rules are stored (its AWS defaults were written once).</summary>
public sealed record SecurityGroupRulesState(string Id, string Scope) : IResource;

/// <summary>ModifyVpcAttribute's DNS settings (Id = the VPC id); absent means AWS's defaults.</summary>
public sealed record VpcAttributes(string Id, string Scope, bool EnableDnsSupport, bool EnableDnsHostnames) : IResource;
