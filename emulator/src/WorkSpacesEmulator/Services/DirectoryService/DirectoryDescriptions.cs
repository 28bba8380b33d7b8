using WorkSpacesEmulator.ServiceModels.DirectoryService;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Builds the wire <c>DirectoryDescription</c> of a stored directory, per directory type.</summary>
public static class DirectoryDescriptions
{
    public static DirectoryDescription Describe(DirectoryRecord d, string region)
    {
        var isConnector = d.Type == DirectoryTypes.ADConnector;
        var isMicrosoft = d.Type == DirectoryTypes.MicrosoftAD;
        return new DirectoryDescription
        {
            DirectoryId = d.Id,
            Name = d.Name,
            ShortName = d.ShortName,
            Description = d.Description,
            Type = d.Type,
            Size = isMicrosoft ? null : d.Size,
            Edition = isMicrosoft ? d.Edition : null,
            Alias = d.Alias,
            AccessUrl = d.AccessUrl,
            DnsIpAddrs = d.DnsIpAddrs.ToList(),
            Stage = d.Stage,
            StageReason = d.StageReason,
            LaunchTime = d.LaunchTime,
            StageLastUpdatedDateTime = d.StageLastUpdatedDateTime,
            SsoEnabled = d.SsoEnabled,
            // Difference from AWS: the RADIUS shared secret is write-only here and never echoed back.
            RadiusSettings = d.Radius is not { } r ? null : new RadiusSettings
            {
                RadiusServers = r.RadiusServers.ToList(),
                RadiusPort = r.RadiusPort,
                RadiusTimeout = r.RadiusTimeout,
                RadiusRetries = r.RadiusRetries,
                AuthenticationProtocol = r.AuthenticationProtocol,
                DisplayLabel = r.DisplayLabel,
                UseSameUsername = r.UseSameUsername,
            },
            RadiusStatus = d.RadiusStatus,
            NetworkType = d.NetworkType,
            // Only Managed AD has a controller count (the model's range starts at 2), an OS version and Regions.
            DesiredNumberOfDomainControllers = isMicrosoft ? d.DesiredNumberOfDomainControllers : null,
            OsVersion = isMicrosoft ? d.OsVersion : null,
            RegionsInfo = isMicrosoft ? new RegionsInfo { PrimaryRegion = region, AdditionalRegions = d.AdditionalRegions?.ToList() ?? [] } : null,
            VpcSettings = isConnector ? null : new DirectoryVpcSettingsDescription
            {
                VpcId = d.VpcId,
                SubnetIds = d.SubnetIds.ToList(),
                SecurityGroupId = d.SecurityGroupId,
                AvailabilityZones = d.AvailabilityZones.ToList(),
            },
            ConnectSettings = !isConnector ? null : new DirectoryConnectSettingsDescription
            {
                VpcId = d.VpcId,
                SubnetIds = d.SubnetIds.ToList(),
                CustomerUserName = d.CustomerUserName,
                SecurityGroupId = d.SecurityGroupId,
                AvailabilityZones = d.AvailabilityZones.ToList(),
                ConnectIps = d.ConnectIps?.ToList() ?? [],
            },
        };
    }
}
