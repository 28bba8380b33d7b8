using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Ec2;

// CreateSubnet, DescribeSubnets, DeleteSubnet.
public sealed partial class Ec2QueryService
{
    private FilterSet<Subnet>? _subnetFilters;

    // Instance-bound because available-ip-address-count depends on the interfaces in the subnet.
    private FilterSet<Subnet> SubnetFilters => _subnetFilters ??= new FilterSet<Subnet>()
        .Field("subnet-id", s => s.Id)
        .Field("subnet-arn", SubnetArn)
        .Field("vpc-id", s => s.VpcId)
        .Field("vpcId", s => s.VpcId)
        .Field("availability-zone", s => s.AvailabilityZone)
        .Field("availabilityZone", s => s.AvailabilityZone)
        .Field("availability-zone-id", s => s.AvailabilityZoneId)
        .Field("availabilityZoneId", s => s.AvailabilityZoneId)
        .Field("cidr-block", s => s.CidrBlock)
        .Field("cidr", s => s.CidrBlock)
        .Field("cidrBlock", s => s.CidrBlock)
        .Field("default-for-az", s => s.DefaultForAz)
        .Field("defaultForAz", s => s.DefaultForAz)
        .Field("map-public-ip-on-launch", s => s.MapPublicIpOnLaunch)
        .Field("state", s => s.State)
        .Field("owner-id", s => s.OwnerId)
        .Field("available-ip-address-count", s => _network.AvailableIpAddressCount(s).ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Tags(s => s.Tags);

    private static string SubnetArn(Subnet s)
    {
        var slash = s.Scope.IndexOf('/');
        return $"arn:aws:ec2:{s.Scope[(slash + 1)..]}:{s.OwnerId}:subnet/{s.Id}";
    }

    private Action<XmlWriter> CreateSubnet(RequestContext context, QueryRequest request)
    {
        var vpcId = Required(request, "VpcId");
        var cidr = Required(request, "CidrBlock");
        var tags = TagSpecifications(request, "subnet");
        var subnet = _network.CreateSubnet(context, vpcId, cidr, request.Get("AvailabilityZone"), request.Get("AvailabilityZoneId"), tags);
        var available = _network.AvailableIpAddressCount(subnet);
        return w => w.Struct("subnet", x => WriteSubnet(x, subnet, available));
    }

    private Action<XmlWriter> DescribeSubnets(RequestContext context, QueryRequest request)
    {
        _network.EnsureDefaults(context);
        var selected = ByIds(_network.Subnets.List(context.Scope), request.GetList("SubnetId"), s => s.Id, Ec2Network.NotFound);
        var page = Page(SubnetFilters.Apply(selected, request), request, context);
        var counts = page.Items.ToDictionary(s => s.Id, _network.AvailableIpAddressCount);
        return w => WritePage(w, "subnetSet", page, (x, s) => WriteSubnet(x, s, counts[s.Id]));
    }

    private Action<XmlWriter> DeleteSubnet(RequestContext context, QueryRequest request)
    {
        _network.DeleteSubnet(context, Required(request, "SubnetId"));
        return ReturnTrue;
    }

    private static void WriteSubnet(XmlWriter w, Subnet subnet, long availableIpAddressCount)
    {
        w.Element("subnetId", subnet.Id);
        w.Element("subnetArn", SubnetArn(subnet));
        w.Element("state", subnet.State);
        w.Element("ownerId", subnet.OwnerId);
        w.Element("vpcId", subnet.VpcId);
        w.Element("cidrBlock", subnet.CidrBlock);
        w.Set("ipv6CidrBlockAssociationSet", Array.Empty<string>(), (_, _) => { });
        w.Element("availableIpAddressCount", availableIpAddressCount);
        w.Element("availabilityZone", subnet.AvailabilityZone);
        w.Element("availabilityZoneId", subnet.AvailabilityZoneId);
        w.Element("defaultForAz", subnet.DefaultForAz);
        w.Element("mapPublicIpOnLaunch", subnet.MapPublicIpOnLaunch);
        w.Element("mapCustomerOwnedIpOnLaunch", false);
        w.Element("assignIpv6AddressOnCreation", false);
        WriteTagSet(w, subnet.Tags);
        w.Element("enableDns64", false);
        w.Element("ipv6Native", false);
        w.Struct("privateDnsNameOptionsOnLaunch", x =>
        {
            x.Element("hostnameType", "ip-name");
            x.Element("enableResourceNameDnsARecord", false);
            x.Element("enableResourceNameDnsAAAARecord", false);
        });
    }
}
