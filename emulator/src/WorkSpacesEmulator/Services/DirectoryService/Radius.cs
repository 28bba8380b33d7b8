using WorkSpacesEmulator.Storage;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>RADIUS-based MFA for AD Connector and Managed AD: RadiusStatus Creating, then Completed when a server
/// answers the probe (Gateways/RadiusProbeLifecycle) or Failed when none does. The shared secret is stored
/// encrypted (<see cref="SecretProtector"/>), never returned.</summary>
public sealed partial class DirectoryServiceHandlers
{
    public override Task<EnableRadiusResult> EnableRadius(RequestContext context, EnableRadiusRequest request, CancellationToken cancellationToken)
    {
        var settings = ValidateRadius(request.RadiusSettings!);
        settings = settings with { SharedSecret = secrets.Protect(settings.SharedSecret) };
        var now = time.GetUtcNow();
        UpdateDirectory(context, request.DirectoryId!, d =>
        {
            RequireRadius(d);
            if (d.Radius is not null)
                throw new AwsException(DirectoryServiceErrors.EntityAlreadyExistsException,
                    $"RADIUS is already enabled for directory {d.Id}; use UpdateRadius to change its settings.");
            return d with { Radius = settings, RadiusStatus = "Creating", RadiusDueAt = now + options.Value.Transition };
        });
        return Task.FromResult(new EnableRadiusResult());
    }

    public override Task<UpdateRadiusResult> UpdateRadius(RequestContext context, UpdateRadiusRequest request, CancellationToken cancellationToken)
    {
        var settings = ValidateRadius(request.RadiusSettings!);
        settings = settings with { SharedSecret = secrets.Protect(settings.SharedSecret) };
        var now = time.GetUtcNow();
        UpdateDirectory(context, request.DirectoryId!, d =>
        {
            RequireRadius(d);
            if (d.Radius is null)
                throw DsErrors.Client($"RADIUS is not enabled for directory {d.Id}; use EnableRadius first.");
            return d with { Radius = settings, RadiusStatus = "Creating", RadiusDueAt = now + options.Value.Transition };
        });
        return Task.FromResult(new UpdateRadiusResult());
    }

    public override Task<DisableRadiusResult> DisableRadius(RequestContext context, DisableRadiusRequest request, CancellationToken cancellationToken)
    {
        UpdateDirectory(context, request.DirectoryId!, d =>
        {
            RequireRadius(d);
            // Disabling a directory without RADIUS is a no-op.
            return d.Radius is null && d.RadiusStatus is null ? d : d with { Radius = null, RadiusStatus = null, RadiusDueAt = null };
        });
        return Task.FromResult(new DisableRadiusResult());
    }

    private static void RequireRadius(DirectoryRecord directory)
    {
        // Simple AD supports no MFA.
        if (directory.Type == DirectoryTypes.SimpleAD)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException, "RADIUS (MFA) is not supported for SimpleAD directories.");
        if (!directory.IsActive)
            throw DsErrors.Client($"Directory {directory.Id} is in the {directory.Stage} stage; RADIUS can only be configured for an Active directory.");
    }

    /// <summary>The model makes every member optional; the service needs the servers, port, timeout, retries,
    /// shared secret and protocol.</summary>
    private static RadiusConfig ValidateRadius(RadiusSettings s)
    {
        // Difference from AWS: IPv6 RADIUS servers (RadiusServersIpv6) are not supported.
        if (s.RadiusServersIpv6 is { Count: > 0 }) throw DsErrors.InvalidParameter("RadiusServersIpv6 is not supported by the emulator; use RadiusServers.");
        if (s.RadiusServers is not { Count: > 0 }) throw DsErrors.InvalidParameter("RadiusSettings.RadiusServers must contain at least one server.");
        if (s.RadiusPort is not { } port) throw DsErrors.InvalidParameter("RadiusSettings.RadiusPort must be specified.");
        if (s.RadiusTimeout is not { } timeout) throw DsErrors.InvalidParameter("RadiusSettings.RadiusTimeout must be specified.");
        if (s.RadiusRetries is not { } retries) throw DsErrors.InvalidParameter("RadiusSettings.RadiusRetries must be specified.");
        if (string.IsNullOrEmpty(s.SharedSecret)) throw DsErrors.InvalidParameter("RadiusSettings.SharedSecret must be specified.");
        if (string.IsNullOrEmpty(s.AuthenticationProtocol)) throw DsErrors.InvalidParameter("RadiusSettings.AuthenticationProtocol must be specified.");
        return new RadiusConfig(s.RadiusServers.ToList(), port, timeout, retries, s.SharedSecret, s.AuthenticationProtocol,
            s.DisplayLabel, s.UseSameUsername ?? false);
    }
}
