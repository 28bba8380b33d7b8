using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Where a directory's servers live: the VPC and its two subnets in different Availability Zones,
/// and the network resources AWS creates for them (a security group and one interface per subnet).</summary>
public sealed partial class DirectoryServiceHandlers
{
    private sealed record Placement(Vpc Vpc, IReadOnlyList<Subnet> Subnets);

    private sealed record NetworkResources(string SecurityGroupId, IReadOnlyList<NetworkInterface> Interfaces);

    private const string SubnetRule = "Invalid subnet ID(s). They must correspond to two subnets in different Availability Zones.";

    /// <summary>Validates VPC and subnets as Directory Service does: exactly two known subnets, of that VPC, in
    /// two different Availability Zones. EC2's not-found errors become ds errors.</summary>
    private Placement ResolvePlacement(RequestContext context, string? vpcId, IReadOnlyList<string>? subnetIds)
    {
        if (string.IsNullOrEmpty(vpcId)) throw DsErrors.InvalidParameter("VpcId must be specified.");
        if (subnetIds is not { Count: 2 } || subnetIds[0] == subnetIds[1]) throw DsErrors.InvalidParameter(SubnetRule);
        Vpc vpc;
        try { vpc = network.GetVpc(context, vpcId); }
        catch (AwsException) { throw DsErrors.Client($"Invalid VPC ID: the VPC {vpcId} does not exist."); }
        var subnets = new List<Subnet>(2);
        foreach (var subnetId in subnetIds)
        {
            try { subnets.Add(network.GetSubnet(context, subnetId)); }
            catch (AwsException) { throw DsErrors.InvalidParameter($"Invalid subnet ID(s): the subnet {subnetId} does not exist. {SubnetRule}"); }
        }
        if (subnets.FirstOrDefault(s => s.VpcId != vpc.Id) is { } outside)
            throw DsErrors.Client($"Invalid subnet ID(s): the subnet {outside.Id} is not in the VPC {vpc.Id}.");
        if (subnets[0].AvailabilityZone == subnets[1].AvailabilityZone)
            throw DsErrors.Client("Invalid subnet ID(s). The two subnets must be in different Availability Zones.");
        return new Placement(vpc, subnets);
    }

    /// <summary>Creates the <c>d-xxx_controllers</c> security group and one interface per subnet, so the
    /// directory's addresses are reserved from the moment it is requested. Undoes itself on failure.</summary>
    private NetworkResources AllocateNetwork(RequestContext context, string directoryId, Placement placement)
    {
        var group = network.CreateSecurityGroup(context, placement.Vpc.Id, $"{directoryId}_controllers",
            $"AWS created security group for {directoryId} directory controllers", []);
        try
        {
            var interfaces = placement.Subnets
                .Select(s => network.AllocateInterface(context, s.Id, $"AWS created network interface for directory {directoryId}",
                    "interface", "amazon-ds", [group.Id], directoryId))
                .ToList();
            return new NetworkResources(group.Id, interfaces);
        }
        catch (AwsException e)
        {
            network.ReleaseInterfacesOwnedBy(context.Scope, directoryId);
            network.DeleteSecurityGroup(context, group.Id);
            throw DsErrors.Client($"Could not create the directory's network interfaces: {e.Message}");
        }
    }
}
