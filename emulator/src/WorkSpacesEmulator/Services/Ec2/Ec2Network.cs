using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.Ec2;

/// <summary>The EC2 network model shared by every slice: default VPCs, subnets, security groups and the
/// network interfaces (with their reserved private addresses) that directories and WorkSpaces own.</summary>
public sealed class Ec2Network(Store store, IIdGenerator ids, TimeProvider time)
{
    public const string VpcKind = "ec2-vpcs";
    public const string SubnetKind = "ec2-subnets";
    public const string SecurityGroupKind = "ec2-security-groups";
    public const string NetworkInterfaceKind = "ec2-network-interfaces";
}
