using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Ec2;

// DescribeNetworkInterfaces. Interfaces are created by the Directory Service and WorkSpaces slices, not by callers.
public sealed partial class Ec2QueryService
{
    private FilterSet<NetworkInterface>? _interfaceFilters;

    // Instance-bound because group-name needs the security group table.
    private FilterSet<NetworkInterface> InterfaceFilters => _interfaceFilters ??= new FilterSet<NetworkInterface>()
        .Field("network-interface-id", n => n.Id)
        .Field("subnet-id", n => n.SubnetId)
        .Field("vpc-id", n => n.VpcId)
        .Field("availability-zone", n => n.AvailabilityZone)
        .Field("private-ip-address", n => n.PrivateIpAddress)
        .Field("addresses.private-ip-address", n => n.PrivateIpAddress)
        .Field("addresses.primary", _ => true)
        .Field("description", n => n.Description)
        .Field("requester-id", n => n.RequesterId)
        .Field("requester-managed", IsRequesterManaged)
        .Field("interface-type", n => n.InterfaceType)
        .Field("status", n => n.Status)
        .Field("mac-address", n => n.MacAddress)
        .Field("owner-id", n => n.OwnerId)
        .Field("source-dest-check", _ => true)
        .Field("attachment.status", n => IsAttached(n) ? "attached" : null)
        .Field("attachment.attachment-id", n => IsAttached(n) ? AttachmentId(n) : null)
        .Fields("group-id", n => n.SecurityGroupIds)
        .Fields("group-name", n => n.SecurityGroupIds.Select(id => _network.SecurityGroups.Get(n.Scope, id)?.GroupName))
        .Tags(n => n.Tags);

    private static bool IsRequesterManaged(NetworkInterface n) => !string.IsNullOrEmpty(n.RequesterId);
    private static bool IsAttached(NetworkInterface n) => n.Status == "in-use";

    // The emulator does not store attachments; an in-use interface is attached to the (AWS-managed) resource
    // that owns it, and its attachment id is derived from the interface id so it is stable.
    private static string AttachmentId(NetworkInterface n) => "eni-attach-" + n.Id["eni-".Length..];

    private Action<XmlWriter> DescribeNetworkInterfaces(RequestContext context, QueryRequest request)
    {
        _network.EnsureDefaults(context);
        var selected = ByIds(_network.NetworkInterfaces.List(context.Scope), request.GetList("NetworkInterfaceId"), n => n.Id, Ec2Network.NotFound);
        var page = Page(InterfaceFilters.Apply(selected, request), request, context);
        var groupNames = page.Items.SelectMany(n => n.SecurityGroupIds).Distinct()
            .ToDictionary(id => id, id => _network.SecurityGroups.Get(context.Scope, id)?.GroupName);
        return w => WritePage(w, "networkInterfaceSet", page, (x, n) => WriteInterface(x, n, groupNames, _routing.PublicIpOf(context.Scope, n.Id)));
    }

    private static void WriteInterface(XmlWriter w, NetworkInterface n, Dictionary<string, string?> groupNames, PublicIpAssociation? publicIp)
    {
        w.Element("networkInterfaceId", n.Id);
        w.Element("subnetId", n.SubnetId);
        w.Element("vpcId", n.VpcId);
        w.Element("availabilityZone", n.AvailabilityZone);
        w.Element("description", n.Description);
        w.Element("ownerId", n.OwnerId);
        if (IsRequesterManaged(n)) w.Element("requesterId", n.RequesterId);
        w.Element("requesterManaged", IsRequesterManaged(n));
        w.Element("status", n.Status);
        w.Element("macAddress", n.MacAddress);
        w.Element("privateIpAddress", n.PrivateIpAddress);
        w.Element("sourceDestCheck", true);
        w.Set("groupSet", n.SecurityGroupIds, (x, id) =>
        {
            x.Element("groupId", id);
            x.Element("groupName", groupNames.GetValueOrDefault(id));
        });
        if (IsAttached(n))
            w.Struct("attachment", x =>
            {
                x.Element("attachmentId", AttachmentId(n));
                x.Element("instanceOwnerId", IsRequesterManaged(n) ? "amazon-aws" : n.OwnerId);
                x.Element("deviceIndex", 1);
                x.Element("status", "attached");
                x.Element("deleteOnTermination", false);
            });
        if (publicIp is not null) w.Struct("association", x => WritePublicIp(x, publicIp));
        WriteTagSet(w, n.Tags);
        w.Set("privateIpAddressesSet", [n.PrivateIpAddress], (x, ip) =>
        {
            x.Element("privateIpAddress", ip);
            x.Element("primary", true);
            if (publicIp is not null) x.Struct("association", y => WritePublicIp(y, publicIp));
        });
        w.Set("ipv6AddressesSet", Array.Empty<string>(), (_, _) => { });
        w.Element("interfaceType", n.InterfaceType);
    }

    private static void WritePublicIp(XmlWriter w, PublicIpAssociation p)
    {
        w.Element("publicIp", p.PublicIp);
        w.Element("publicDnsName", "ec2-" + p.PublicIp.Replace('.', '-') + ".compute-1.amazonaws.com");
        w.Element("ipOwnerId", p.IpOwnerId);
        w.Element("allocationId", p.AllocationId);
        w.Element("associationId", p.AssociationId);
    }
}
