using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>DNS conditional forwarders of Simple AD and Managed AD directories (replicated to the whole domain).</summary>
public sealed partial class DirectoryServiceHandlers
{
    // Stored in the directory's record; a DC-backed directory's DC applies them (DomainControllerLifecycle.ApplyForwardersAsync).
    // Difference from AWS: a simulated directory runs no DNS server that would use them.
    public override Task<CreateConditionalForwarderResult> CreateConditionalForwarder(RequestContext context, CreateConditionalForwarderRequest request, CancellationToken cancellationToken)
    {
        var name = request.RemoteDomainName!;
        var ips = ForwarderIps(request.DnsIpAddrs, request.DnsIpv6Addrs);
        UpdateDirectory(context, request.DirectoryId!, d =>
        {
            RequireForwarders(d);
            var existing = d.ConditionalForwarders ?? [];
            if (FindForwarder(existing, name) is not null)
                throw new AwsException(DirectoryServiceErrors.EntityAlreadyExistsException,
                    $"A conditional forwarder for {name} already exists in directory {d.Id}.");
            return d with { ConditionalForwarders = [.. existing, new ConditionalForwarderEntry(name, ips)] };
        });
        return Task.FromResult(new CreateConditionalForwarderResult());
    }

    public override Task<DescribeConditionalForwardersResult> DescribeConditionalForwarders(RequestContext context, DescribeConditionalForwardersRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        RequireForwarders(directory);
        var all = directory.ConditionalForwarders ?? [];
        var matches = request.RemoteDomainNames is { Count: > 0 } names
            ? names.Select(n => FindForwarder(all, n) ?? throw ForwarderNotFound(directory.Id, n)).Distinct().ToList()
            : all;
        return Task.FromResult(new DescribeConditionalForwardersResult
        {
            ConditionalForwarders = matches.Select(f => new ConditionalForwarder
            {
                RemoteDomainName = f.RemoteDomainName,
                DnsIpAddrs = f.DnsIpAddrs.ToList(),
                ReplicationScope = "Domain",
            }).ToList(),
        });
    }

    public override Task<UpdateConditionalForwarderResult> UpdateConditionalForwarder(RequestContext context, UpdateConditionalForwarderRequest request, CancellationToken cancellationToken)
    {
        var name = request.RemoteDomainName!;
        var ips = ForwarderIps(request.DnsIpAddrs, request.DnsIpv6Addrs);
        UpdateDirectory(context, request.DirectoryId!, d =>
        {
            RequireForwarders(d);
            var existing = d.ConditionalForwarders ?? [];
            var current = FindForwarder(existing, name) ?? throw ForwarderNotFound(d.Id, name);
            return d with { ConditionalForwarders = existing.Select(f => ReferenceEquals(f, current) ? f with { DnsIpAddrs = ips } : f).ToList() };
        });
        return Task.FromResult(new UpdateConditionalForwarderResult());
    }

    public override Task<DeleteConditionalForwarderResult> DeleteConditionalForwarder(RequestContext context, DeleteConditionalForwarderRequest request, CancellationToken cancellationToken)
    {
        var name = request.RemoteDomainName!;
        UpdateDirectory(context, request.DirectoryId!, d =>
        {
            RequireForwarders(d);
            var existing = d.ConditionalForwarders ?? [];
            var current = FindForwarder(existing, name) ?? throw ForwarderNotFound(d.Id, name);
            return d with { ConditionalForwarders = existing.Where(f => !ReferenceEquals(f, current)).ToList() };
        });
        return Task.FromResult(new DeleteConditionalForwarderResult());
    }

    private static IReadOnlyList<string> ForwarderIps(List<string>? ipv4, List<string>? ipv6)
    {
        // Difference from AWS: IPv6 DNS addresses (DnsIpv6Addrs) are not supported.
        if (ipv6 is { Count: > 0 }) throw DsErrors.InvalidParameter("DnsIpv6Addrs is not supported by the emulator; use DnsIpAddrs.");
        if (ipv4 is not { Count: > 0 }) throw DsErrors.InvalidParameter("DnsIpAddrs must contain at least one IP address.");
        return ipv4.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void RequireForwarders(DirectoryRecord directory)
    {
        // AD Connector forwards every query to the customer's own DNS servers.
        if (directory.Type == DirectoryTypes.ADConnector)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException,
                "Conditional forwarders are not supported for ADConnector directories.");
        RequireActive(directory, "conditional forwarders can only be managed in an Active directory");
    }

    /// <summary>DNS names compare case-insensitively and with or without the trailing root dot.</summary>
    private static ConditionalForwarderEntry? FindForwarder(IReadOnlyList<ConditionalForwarderEntry> forwarders, string name) =>
        forwarders.FirstOrDefault(f => string.Equals(f.RemoteDomainName.TrimEnd('.'), name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));

    private static AwsException ForwarderNotFound(string directoryId, string name) =>
        new(DirectoryServiceErrors.EntityDoesNotExistException, $"No conditional forwarder for {name} exists in directory {directoryId}.");
}
