using System.Globalization;
using System.Xml;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Protocol.Query;

namespace WorkSpacesEmulator.Services.Ec2;

// Internet gateways, Elastic IPs and NAT gateways.
public sealed partial class Ec2QueryService
{
    private static readonly FilterSet<InternetGateway> InternetGatewayFilters = new FilterSet<InternetGateway>()
        .Field("internet-gateway-id", g => g.Id)
        .Field("attachment.vpc-id", g => g.AttachedVpcId)
        .Field("attachment.state", g => g.AttachedVpcId is null ? null : "available")
        .Field("owner-id", g => g.OwnerId)
        .Tags(g => g.Tags);

    private static readonly FilterSet<ElasticIp> AddressFilters = new FilterSet<ElasticIp>()
        .Field("allocation-id", a => a.Id)
        .Field("public-ip", a => a.PublicIp)
        .Field("association-id", a => a.AssociationId)
        .Field("network-interface-id", a => a.NetworkInterfaceId)
        .Field("domain", _ => "vpc")
        .Tags(a => a.Tags);

    private static readonly FilterSet<NatGateway> NatGatewayFilters = new FilterSet<NatGateway>()
        .Field("nat-gateway-id", n => n.Id)
        .Field("subnet-id", n => n.SubnetId)
        .Field("vpc-id", n => n.VpcId)
        .Tags(n => n.Tags);

    private Action<XmlWriter> CreateInternetGateway(RequestContext context, QueryRequest request)
    {
        var gateway = new InternetGateway(_ids.Next("igw-", 17, Storage.Ids.Hex), context.Scope, context.Account, null, TagSpecifications(request, "internet-gateway"));
        _routing.Mutate(_routing.InternetGateways, gateway);
        return w => w.Struct("internetGateway", x => WriteInternetGateway(x, gateway));
    }

    private Action<XmlWriter> AttachInternetGateway(RequestContext context, QueryRequest request)
    {
        var vpc = _network.GetVpc(context, Required(request, "VpcId"));
        _routing.Locked(() =>
        {
            var gateway = GetInternetGateway(context, Required(request, "InternetGatewayId"));
            if (gateway.AttachedVpcId is { } attached)
                throw new AwsException("Resource.AlreadyAssociated", $"resource {gateway.Id} is already attached to network {attached}");
            if (_routing.InternetGateways.List(context.Scope).Any(g => g.AttachedVpcId == vpc.Id))
                throw new AwsException("InvalidParameterValue", $"Network {vpc.Id} already has an internet gateway attached");
            _routing.InternetGateways.Put(gateway with { AttachedVpcId = vpc.Id });
            return true;
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> DetachInternetGateway(RequestContext context, QueryRequest request)
    {
        var vpcId = Required(request, "VpcId");
        _routing.Locked(() =>
        {
            var gateway = GetInternetGateway(context, Required(request, "InternetGatewayId"));
            if (gateway.AttachedVpcId != vpcId)
                throw new AwsException("Gateway.NotAttached", $"resource {gateway.Id} is not attached to network {vpcId}");
            _routing.InternetGateways.Put(gateway with { AttachedVpcId = null });
            return true;
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> DeleteInternetGateway(RequestContext context, QueryRequest request)
    {
        _routing.Locked(() =>
        {
            var gateway = GetInternetGateway(context, Required(request, "InternetGatewayId"));
            if (gateway.AttachedVpcId is not null)
                throw new AwsException("DependencyViolation", $"The internetGateway '{gateway.Id}' has dependencies and cannot be deleted.");
            return _routing.InternetGateways.Delete(context.Scope, gateway.Id);
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> DescribeInternetGateways(RequestContext context, QueryRequest request)
    {
        var selected = ByIds(_routing.InternetGateways.List(context.Scope), request.GetList("InternetGatewayId"), g => g.Id, MissingInternetGateway);
        var page = Page(InternetGatewayFilters.Apply(selected, request), request, context);
        return w => WritePage(w, "internetGatewaySet", page, WriteInternetGateway);
    }

    private InternetGateway GetInternetGateway(RequestContext context, string id) =>
        _routing.InternetGateways.Get(context.Scope, id) ?? throw MissingInternetGateway(id);

    private static AwsException MissingInternetGateway(string id) =>
        new("InvalidInternetGatewayID.NotFound", $"The internetGateway ID '{id}' does not exist");

    private static void WriteInternetGateway(XmlWriter w, InternetGateway g)
    {
        w.Set("attachmentSet", g.AttachedVpcId is null ? [] : new[] { g.AttachedVpcId }, (x, vpcId) =>
        {
            x.Element("vpcId", vpcId);
            x.Element("state", "available");
        });
        w.Element("internetGatewayId", g.Id);
        w.Element("ownerId", g.OwnerId);
        WriteTagSet(w, g.Tags);
    }

    // ---- Elastic IPs ----

    private Action<XmlWriter> AllocateAddress(RequestContext context, QueryRequest request)
    {
        if (request.Get("Domain") is { } domain && domain != "vpc")
            throw new AwsException("InvalidParameterValue", $"Invalid value '{domain}' for domain.");
        var address = _routing.Locked(() =>
        {
            var a = new ElasticIp(_ids.Next("eipalloc-", 17, Storage.Ids.Hex), context.Scope, _routing.NewPublicIp(context.Scope), null, null,
                TagSpecifications(request, "elastic-ip"));
            _routing.Addresses.Put(a);
            return a;
        });
        return w =>
        {
            w.Element("publicIp", address.PublicIp);
            w.Element("allocationId", address.Id);
            w.Element("publicIpv4Pool", "amazon");
            w.Element("networkBorderGroup", context.Region);
            w.Element("domain", "vpc");
        };
    }

    private Action<XmlWriter> AssociateAddress(RequestContext context, QueryRequest request)
    {
        var eniId = request.Get("NetworkInterfaceId")
            ?? throw new AwsException("MissingParameter", "Either public IP or allocation id must be specified, and a network interface (instances are not emulated).");
        var eni = _network.NetworkInterfaces.Get(context.Scope, eniId)
            ?? throw new AwsException("InvalidNetworkInterfaceID.NotFound", $"The networkInterface ID '{eniId}' does not exist");
        var associationId = _routing.Locked(() =>
        {
            var address = GetAddress(context, request);
            if (address.AssociationId is not null && request.Get("AllowReassociation") != "true")
                throw new AwsException("Resource.AlreadyAssociated", $"resource {address.Id} is already associated with associate-id {address.AssociationId}");
            if (address.NetworkInterfaceId is { } previous) _routing.PublicIps.Delete(context.Scope, previous);
            var id = _ids.Next("eipassoc-", 17, Storage.Ids.Hex);
            _routing.Addresses.Put(address with { AssociationId = id, NetworkInterfaceId = eni.Id });
            _routing.PublicIps.Put(new PublicIpAssociation(eni.Id, context.Scope, address.PublicIp, address.Id, id, context.Account));
            return id;
        });
        return w =>
        {
            w.Element("return", true);
            w.Element("associationId", associationId);
        };
    }

    private Action<XmlWriter> DisassociateAddress(RequestContext context, QueryRequest request)
    {
        var associationId = Required(request, "AssociationId");
        _routing.Locked(() =>
        {
            var address = _routing.Addresses.List(context.Scope).FirstOrDefault(a => a.AssociationId == associationId)
                ?? throw new AwsException("InvalidAssociationID.NotFound", $"The association ID '{associationId}' does not exist");
            _routing.PublicIps.Delete(context.Scope, address.NetworkInterfaceId!);
            _routing.Addresses.Put(address with { AssociationId = null, NetworkInterfaceId = null });
            return true;
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> ReleaseAddress(RequestContext context, QueryRequest request)
    {
        _routing.Locked(() =>
        {
            var address = GetAddress(context, request);
            if (address.AssociationId is not null && _network.NetworkInterfaces.Get(context.Scope, address.NetworkInterfaceId!) is not null)
                throw new AwsException("InvalidIPAddress.InUse", $"Address {address.PublicIp} is in use.");
            return _routing.Addresses.Delete(context.Scope, address.Id);
        });
        return ReturnTrue;
    }

    private Action<XmlWriter> DescribeAddresses(RequestContext context, QueryRequest request)
    {
        var all = _routing.Addresses.List(context.Scope);
        IReadOnlyList<ElasticIp> selected = ByIds(all, request.GetList("AllocationId"), a => a.Id,
            id => new AwsException("InvalidAllocationID.NotFound", $"The allocation ID '{id}' does not exist"));
        var ips = request.GetList("PublicIp");
        if (ips.Count > 0) selected = ByIds(selected, ips, a => a.PublicIp, ip => new AwsException("InvalidAddress.NotFound", $"Address '{ip}' not found."));
        var result = AddressFilters.Apply(selected, request);
        return w => w.Set("addressesSet", result, (x, a) =>
        {
            x.Element("publicIp", a.PublicIp);
            x.Element("allocationId", a.Id);
            x.Element("domain", "vpc");
            if (a.NetworkInterfaceId is { } eniId && _network.NetworkInterfaces.Get(context.Scope, eniId) is { } eni)
            {
                x.Element("associationId", a.AssociationId);
                x.Element("networkInterfaceId", eni.Id);
                x.Element("networkInterfaceOwnerId", eni.OwnerId);
                x.Element("privateIpAddress", eni.PrivateIpAddress);
            }
            WriteTagSet(x, a.Tags);
            x.Element("publicIpv4Pool", "amazon");
            x.Element("networkBorderGroup", context.Region);
        });
    }

    private ElasticIp GetAddress(RequestContext context, QueryRequest request)
    {
        if (request.Get("AllocationId") is { Length: > 0 } id)
            return _routing.Addresses.Get(context.Scope, id) ?? throw new AwsException("InvalidAllocationID.NotFound", $"The allocation ID '{id}' does not exist");
        if (request.Get("PublicIp") is { Length: > 0 } ip)
            return _routing.Addresses.List(context.Scope).FirstOrDefault(a => a.PublicIp == ip) ?? throw new AwsException("InvalidAddress.NotFound", $"Address '{ip}' not found.");
        throw new AwsException("MissingParameter", "Either public IP or allocation id must be specified");
    }

    // ---- NAT gateways ----

    private Action<XmlWriter> CreateNatGateway(RequestContext context, QueryRequest request)
    {
        var subnet = _network.GetSubnet(context, Required(request, "SubnetId"));
        var connectivity = request.Get("ConnectivityType") ?? "public";
        if (connectivity != "public")
            throw new AwsException("InvalidParameterValue", $"ConnectivityType {connectivity} is not supported by the emulator (public only).");
        var allocationId = Required(request, "AllocationId");
        var nat = _routing.Locked(() =>
        {
            var address = _routing.Addresses.Get(context.Scope, allocationId)
                ?? throw new AwsException("InvalidAllocationID.NotFound", $"The allocation ID '{allocationId}' does not exist");
            if (address.AssociationId is not null)
                throw new AwsException("Resource.AlreadyAssociated", $"Elastic IP address [{allocationId}] is already associated");
            var id = _ids.Next("nat-", 17, Storage.Ids.Hex);
            var eni = _network.AllocateInterface(context, subnet.Id, $"Interface for NAT Gateway {id}", "nat_gateway", "amazon-natgateway", [], id);
            var associationId = _ids.Next("eipassoc-", 17, Storage.Ids.Hex);
            _routing.Addresses.Put(address with { AssociationId = associationId, NetworkInterfaceId = eni.Id });
            _routing.PublicIps.Put(new PublicIpAssociation(eni.Id, context.Scope, address.PublicIp, address.Id, associationId, context.Account));
            var now = _routing.Now;
            var created = new NatGateway(id, context.Scope, subnet.VpcId, subnet.Id, address.Id, address.PublicIp, eni.Id, eni.PrivateIpAddress, connectivity,
                now, now + _transition, null, TagSpecifications(request, "natgateway"));
            _routing.NatGateways.Put(created);
            return created;
        });
        return w => w.Struct("natGateway", x => WriteNatGateway(x, nat));
    }

    private Action<XmlWriter> DeleteNatGateway(RequestContext context, QueryRequest request)
    {
        var id = Required(request, "NatGatewayId");
        _routing.Locked(() =>
        {
            var nat = _routing.NatGateways.Get(context.Scope, id) ?? throw MissingNatGateway(id);
            if (nat.DeleteTime is not null) return true;
            _routing.NatGateways.Put(nat with { DeleteTime = _routing.Now + _transition });
            // The interface and the address are released at once (AWS: while the gateway is deleting).
            _network.ReleaseInterfacesOwnedBy(context.Scope, nat.Id);
            _routing.PublicIps.Delete(context.Scope, nat.NetworkInterfaceId);
            if (_routing.Addresses.Get(context.Scope, nat.AllocationId) is { } address)
                _routing.Addresses.Put(address with { AssociationId = null, NetworkInterfaceId = null });
            return true;
        });
        return w => w.Element("natGatewayId", id);
    }

    private Action<XmlWriter> DescribeNatGateways(RequestContext context, QueryRequest request)
    {
        var now = _routing.Now;
        var all = _routing.NatGateways.List(context.Scope);
        var selected = ByIds(all, request.GetList("NatGatewayId"), n => n.Id, MissingNatGateway);
        var filters = FilterSet<NatGateway>.Parse(request, "Filter");
        var stateFilter = filters.FirstOrDefault(f => f.Name == "state");
        var rest = NatGatewayFilters.Apply(selected.Where(n => stateFilter is null || stateFilter.Values.Contains(n.StateAt(now))),
            new QueryRequest(request.Action, request.Parameters.Where(p => !IsStateFilter(request, p.Key)).ToDictionary(p => p.Key, p => p.Value)));
        var page = Page(rest, request, context);
        return w => WritePage(w, "natGatewaySet", page, WriteNatGateway);
    }

    // "state" is computed from the clock, so it is applied here rather than by the FilterSet.
    private static bool IsStateFilter(QueryRequest request, string key)
    {
        if (!key.StartsWith("Filter.", StringComparison.Ordinal)) return false;
        var index = key.Split('.')[1];
        return request.Get($"Filter.{index}.Name") == "state";
    }

    private static AwsException MissingNatGateway(string id) => new("NatGatewayNotFound", $"The Nat Gateway {id} was not found");

    private void WriteNatGateway(XmlWriter w, NatGateway n)
    {
        var state = n.StateAt(_routing.Now);
        w.Element("createTime", n.CreateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        if (n.DeleteTime is { } deleted && state == "deleted")
            w.Element("deleteTime", deleted.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.Set("natGatewayAddressSet", [n], (x, g) =>
        {
            x.Element("allocationId", g.AllocationId);
            x.Element("networkInterfaceId", g.NetworkInterfaceId);
            x.Element("privateIp", g.PrivateIp);
            x.Element("publicIp", g.PublicIp);
            x.Element("isPrimary", true);
            x.Element("status", state is "deleting" or "deleted" ? "disassociating" : "succeeded");
        });
        w.Element("natGatewayId", n.Id);
        w.Element("state", state);
        w.Element("subnetId", n.SubnetId);
        w.Element("vpcId", n.VpcId);
        w.Element("connectivityType", n.ConnectivityType);
        WriteTagSet(w, n.Tags);
    }
}
