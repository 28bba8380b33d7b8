using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Ec2;

// CreateVpc, CreateDefaultVpc, DescribeVpcs, DeleteVpc.
public sealed partial class Ec2QueryService
{
    private static readonly FilterSet<Vpc> VpcFilters = new FilterSet<Vpc>()
        .Field("vpc-id", v => v.Id)
        .Field("cidr", v => v.CidrBlock)
        .Field("cidr-block-association.cidr-block", v => v.CidrBlock)
        .Field("cidr-block-association.association-id", CidrAssociationId)
        .Field("cidr-block-association.state", _ => "associated")
        .Field("is-default", v => v.IsDefault)
        .Field("isDefault", v => v.IsDefault)
        .Field("state", v => v.State)
        .Field("owner-id", v => v.OwnerId)
        .Field("dhcp-options-id", v => v.DhcpOptionsId)
        .Tags(v => v.Tags);

    // VPCs have one CIDR association in the emulator; its id is derived from the VPC id so it is stable.
    private static string CidrAssociationId(Vpc vpc) => "vpc-cidr-assoc-" + vpc.Id["vpc-".Length..];

    private Action<XmlWriter> CreateVpc(RequestContext context, QueryRequest request)
    {
        var cidr = Required(request, "CidrBlock");
        var tenancy = request.Get("InstanceTenancy") ?? "default";
        if (tenancy is not ("default" or "dedicated" or "host"))
            throw new AwsException("InvalidParameterValue", $"Value ({tenancy}) for parameter instanceTenancy is invalid.");
        var tags = TagSpecifications(request, "vpc");
        var vpc = _network.CreateVpc(context, cidr, tenancy, tags);
        return w => w.Struct("vpc", x => WriteVpc(x, vpc));
    }

    private Action<XmlWriter> CreateDefaultVpc(RequestContext context, QueryRequest request)
    {
        var vpc = _network.CreateDefaultVpc(context);
        return w => w.Struct("vpc", x => WriteVpc(x, vpc));
    }

    private Action<XmlWriter> DescribeVpcs(RequestContext context, QueryRequest request)
    {
        _network.EnsureDefaults(context);
        var selected = ByIds(_network.Vpcs.List(context.Scope), request.GetList("VpcId"), v => v.Id, Ec2Network.NotFound);
        var page = Page(VpcFilters.Apply(selected, request), request, context);
        return w => WritePage(w, "vpcSet", page, WriteVpc);
    }

    private Action<XmlWriter> DeleteVpc(RequestContext context, QueryRequest request)
    {
        _network.DeleteVpc(context, Required(request, "VpcId"));
        return ReturnTrue;
    }

    private static void WriteVpc(XmlWriter w, Vpc vpc)
    {
        w.Element("vpcId", vpc.Id);
        w.Element("ownerId", vpc.OwnerId);
        w.Element("state", vpc.State);
        w.Element("cidrBlock", vpc.CidrBlock);
        w.Set("cidrBlockAssociationSet", [vpc], (x, v) =>
        {
            x.Element("cidrBlock", v.CidrBlock);
            x.Element("associationId", CidrAssociationId(v));
            x.Struct("cidrBlockState", y => y.Element("state", "associated"));
        });
        w.Element("dhcpOptionsId", vpc.DhcpOptionsId);
        WriteTagSet(w, vpc.Tags);
        w.Element("instanceTenancy", vpc.InstanceTenancy);
        w.Element("isDefault", vpc.IsDefault);
    }
}
