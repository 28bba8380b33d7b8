using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Ec2;

// ModifyVpcAttribute, DescribeVpcAttribute, ModifySubnetAttribute.
public sealed partial class Ec2QueryService
{
    private Action<XmlWriter> ModifyVpcAttribute(RequestContext context, QueryRequest request)
    {
        var vpc = _network.GetVpc(context, Required(request, "VpcId"));
        var support = Flag(request, "EnableDnsSupport.Value");
        var hostnames = Flag(request, "EnableDnsHostnames.Value");
        if ((support is null) == (hostnames is null))
            throw new AwsException("InvalidParameterCombination", "Exactly one attribute may be modified at a time.");
        _routing.Locked(() =>
        {
            var current = VpcAttributesOf(vpc);
            var updated = current with { EnableDnsSupport = support ?? current.EnableDnsSupport, EnableDnsHostnames = hostnames ?? current.EnableDnsHostnames };
            if (updated.EnableDnsHostnames && !updated.EnableDnsSupport)
                throw new AwsException("InvalidParameterValue", "DNS hostnames can only be enabled on a VPC that supports DNS resolution.");
            _routing.VpcAttributeTable.Put(updated);
            return true;
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> DescribeVpcAttribute(RequestContext context, QueryRequest request)
    {
        var vpc = _network.GetVpc(context, Required(request, "VpcId"));
        var attribute = Required(request, "Attribute");
        var current = VpcAttributesOf(vpc);
        var value = attribute switch
        {
            "enableDnsSupport" => current.EnableDnsSupport,
            "enableDnsHostnames" => current.EnableDnsHostnames,
            _ => throw new AwsException("InvalidParameterValue", $"Value ({attribute}) for parameter attribute is invalid. Unknown attribute."),
        };
        return w =>
        {
            w.Element("vpcId", vpc.Id);
            w.Struct(attribute, x => x.Element("value", value));
        };
    }

    private Action<XmlWriter> ModifySubnetAttribute(RequestContext context, QueryRequest request)
    {
        var subnet = _network.GetSubnet(context, Required(request, "SubnetId"));
        var map = Flag(request, "MapPublicIpOnLaunch.Value")
            ?? throw new AwsException("InvalidParameterCombination", "Only MapPublicIpOnLaunch can be modified by the emulator.");
        _routing.Locked(() =>
        {
            _network.Subnets.Update(context.Scope, subnet.Id, s => s with { MapPublicIpOnLaunch = map });
            return true;
        });
        return ReturnTrue;
    }

    // AWS's defaults: DNS resolution on; DNS hostnames on for the default VPC only.
    private VpcAttributes VpcAttributesOf(Vpc vpc) =>
        _routing.VpcAttributeTable.Get(vpc.Scope, vpc.Id) ?? new VpcAttributes(vpc.Id, vpc.Scope, true, vpc.IsDefault);

    private static bool? Flag(QueryRequest request, string name) => request.Get(name) switch
    {
        null => null,
        var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var v => throw new AwsException("InvalidParameterValue", $"Value ({v}) for parameter {name} is invalid."),
    };
}
