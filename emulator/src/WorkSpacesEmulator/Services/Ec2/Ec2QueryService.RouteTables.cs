using System.Xml;
using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Ec2;

// Route tables: every VPC has a main table with its local route; CreateRouteTable, CreateRoute, DeleteRoute,
// AssociateRouteTable, DisassociateRouteTable, DeleteRouteTable, DescribeRouteTables.
public sealed partial class Ec2QueryService
{
    private static readonly FilterSet<RouteTable> RouteTableFilters = new FilterSet<RouteTable>()
        .Field("route-table-id", t => t.Id)
        .Field("vpc-id", t => t.VpcId)
        .Field("owner-id", t => t.OwnerId)
        .Fields("association.subnet-id", t => t.Associations.Select(a => a.SubnetId))
        .Fields("association.route-table-association-id", t => t.Associations.Select(a => a.AssociationId))
        .Field("association.main", t => t.IsMain)
        .Fields("route.destination-cidr-block", t => t.Routes.Select(r => r.DestinationCidrBlock))
        .Fields("route.gateway-id", t => t.Routes.Select(r => r.GatewayId))
        .Fields("route.nat-gateway-id", t => t.Routes.Select(r => r.NatGatewayId))
        .Tags(t => t.Tags);

    private Action<XmlWriter> CreateRouteTable(RequestContext context, QueryRequest request)
    {
        var vpc = _network.GetVpc(context, Required(request, "VpcId"));
        var table = _routing.NewTable(context, vpc, main: false, TagSpecifications(request, "route-table"));
        _routing.Mutate(_routing.RouteTables, table);
        return w => w.Struct("routeTable", x => WriteRouteTable(x, table));
    }

    private Action<XmlWriter> CreateRoute(RequestContext context, QueryRequest request)
    {
        var destination = Required(request, "DestinationCidrBlock");
        if (!Ipv4Cidr.TryParseStrict(destination, out _))
            throw new AwsException("InvalidParameterValue", $"Value ({destination}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.");
        var gatewayId = request.Get("GatewayId");
        var natGatewayId = request.Get("NatGatewayId");
        if ((gatewayId is null) == (natGatewayId is null))
            throw new AwsException("InvalidParameterCombination", "Exactly one of GatewayId or NatGatewayId must be specified (other targets are not emulated).");
        _routing.Locked(() =>
        {
            var table = _routing.GetRouteTable(context, Required(request, "RouteTableId"));
            if (gatewayId is not null)
            {
                var gateway = GetInternetGateway(context, gatewayId);
                if (gateway.AttachedVpcId != table.VpcId)
                    throw new AwsException("InvalidParameterValue", $"route table {table.Id} and network gateway {gatewayId} belong to different networks");
            }
            else if (_routing.NatGateways.Get(context.Scope, natGatewayId!) is not { DeleteTime: null } nat || nat.VpcId != table.VpcId)
                throw MissingNatGateway(natGatewayId!);
            if (table.Routes.Any(r => r.DestinationCidrBlock == destination))
                throw new AwsException("RouteAlreadyExists", $"The route identified by {destination} already exists.");
            _routing.RouteTables.Put(table with { Routes = [.. table.Routes, new Route(destination, gatewayId, natGatewayId, "CreateRoute")] });
            return true;
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> DeleteRoute(RequestContext context, QueryRequest request)
    {
        var destination = Required(request, "DestinationCidrBlock");
        _routing.Locked(() =>
        {
            var table = _routing.GetRouteTable(context, Required(request, "RouteTableId"));
            var route = table.Routes.FirstOrDefault(r => r.DestinationCidrBlock == destination)
                ?? throw new AwsException("InvalidRoute.NotFound", $"no route with destination-cidr-block {destination} in route table {table.Id}");
            if (route.GatewayId == "local")
                throw new AwsException("InvalidParameterValue", $"cannot remove local route {destination} in route table {table.Id}");
            _routing.RouteTables.Put(table with { Routes = table.Routes.Where(r => r != route).ToList() });
            return true;
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> AssociateRouteTable(RequestContext context, QueryRequest request)
    {
        var subnet = _network.GetSubnet(context, Required(request, "SubnetId"));
        var associationId = _routing.Locked(() =>
        {
            var table = _routing.GetRouteTable(context, Required(request, "RouteTableId"));
            if (table.VpcId != subnet.VpcId)
                throw new AwsException("InvalidParameterValue", $"Route table {table.Id} and subnet {subnet.Id} belong to different networks");
            if (_routing.RouteTablesOf(context).FirstOrDefault(t => t.Associations.Any(a => a.SubnetId == subnet.Id)) is { } current)
                throw new AwsException("Resource.AlreadyAssociated", $"the specified association for route table {current.Id} conflicts with an existing association");
            var id = _ids.Next("rtbassoc-", 17, Storage.Ids.Hex);
            _routing.RouteTables.Put(table with { Associations = [.. table.Associations, new RouteTableAssociation(id, subnet.Id, false)] });
            return id;
        });
        return w =>
        {
            w.Element("associationId", associationId);
            w.Struct("associationState", x => x.Element("state", "associated"));
        };
    }

    private Action<XmlWriter> DisassociateRouteTable(RequestContext context, QueryRequest request)
    {
        var associationId = Required(request, "AssociationId");
        _routing.Locked(() =>
        {
            var table = _routing.RouteTablesOf(context).FirstOrDefault(t => t.Associations.Any(a => a.AssociationId == associationId))
                ?? throw new AwsException("InvalidAssociationID.NotFound", $"The association ID '{associationId}' does not exist");
            if (table.Associations.First(a => a.AssociationId == associationId).Main)
                throw new AwsException("InvalidParameterValue", $"cannot disassociate the main route table association {associationId}");
            _routing.RouteTables.Put(table with { Associations = table.Associations.Where(a => a.AssociationId != associationId).ToList() });
            return true;
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> DeleteRouteTable(RequestContext context, QueryRequest request)
    {
        _routing.Locked(() =>
        {
            var table = _routing.GetRouteTable(context, Required(request, "RouteTableId"));
            if (table.Associations.Count > 0)
                throw new AwsException("DependencyViolation", $"The routeTable '{table.Id}' has dependencies and cannot be deleted.");
            return _routing.RouteTables.Delete(context.Scope, table.Id);
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> DescribeRouteTables(RequestContext context, QueryRequest request)
    {
        var selected = ByIds(_routing.RouteTablesOf(context), request.GetList("RouteTableId"), t => t.Id,
            id => new AwsException("InvalidRouteTableID.NotFound", $"The routeTable ID '{id}' does not exist"));
        var page = Page(RouteTableFilters.Apply(selected, request), request, context);
        return w => WritePage(w, "routeTableSet", page, WriteRouteTable);
    }

    private void WriteRouteTable(XmlWriter w, RouteTable t)
    {
        var now = _routing.Now;
        w.Element("routeTableId", t.Id);
        w.Element("vpcId", t.VpcId);
        w.Element("ownerId", t.OwnerId);
        w.Set("routeSet", t.Routes, (x, r) =>
        {
            x.Element("destinationCidrBlock", r.DestinationCidrBlock);
            x.Element("gatewayId", r.GatewayId);
            x.Element("natGatewayId", r.NatGatewayId);
            // A route whose target is gone is a blackhole, as in EC2.
            var live = r.GatewayId == "local"
                || (r.GatewayId is { } g && _routing.InternetGateways.Get(t.Scope, g)?.AttachedVpcId == t.VpcId)
                || (r.NatGatewayId is { } n && _routing.NatGateways.Get(t.Scope, n)?.StateAt(now) is "available" or "pending");
            x.Element("state", live ? "active" : "blackhole");
            x.Element("origin", r.Origin);
        });
        w.Set("associationSet", t.Associations, (x, a) =>
        {
            x.Element("main", a.Main);
            x.Element("routeTableAssociationId", a.AssociationId);
            x.Element("routeTableId", t.Id);
            x.Element("subnetId", a.SubnetId);
            x.Struct("associationState", y => y.Element("state", "associated"));
        });
        w.Set("propagatingVgwSet", Array.Empty<string>(), (_, _) => { });
        WriteTagSet(w, t.Tags);
    }
}
