using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Ec2;

// The EC2 resources the WorkSpaces and Directory Service slices lean on. Stored records, immutable.

public sealed record Vpc(string Id, string Scope, string OwnerId, string CidrBlock, bool IsDefault, string State,
    string InstanceTenancy, string DhcpOptionsId, IReadOnlyList<TagPair> Tags) : IResource;

public sealed record Subnet(string Id, string Scope, string OwnerId, string VpcId, string CidrBlock, string AvailabilityZone,
    string AvailabilityZoneId, bool DefaultForAz, bool MapPublicIpOnLaunch, string State, IReadOnlyList<TagPair> Tags) : IResource;

public sealed record SecurityGroup(string Id, string Scope, string OwnerId, string VpcId, string GroupName, string Description,
    IReadOnlyList<TagPair> Tags) : IResource;

/// <summary>An elastic network interface. Directories and WorkSpaces own theirs (their addresses are reserved
/// here, so the IP allocator never hands one address out twice).</summary>
public sealed record NetworkInterface(string Id, string Scope, string OwnerId, string SubnetId, string VpcId,
    string AvailabilityZone, string PrivateIpAddress, string Description, string InterfaceType, string RequesterId,
    IReadOnlyList<string> SecurityGroupIds, string Status, string MacAddress, string? OwnerResourceId,
    IReadOnlyList<TagPair> Tags) : IResource;

/// <summary>Per-scope EC2 bookkeeping: records that the default VPC was provisioned once, so deleting it (as AWS
/// allows) does not make it reappear on the next describe.</summary>
public sealed record Ec2ScopeState(string Id, string Scope, bool DefaultVpcProvisioned) : IResource;
