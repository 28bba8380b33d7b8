using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Services.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Directory lifecycle: create (Simple AD, Managed Microsoft AD, AD Connector), describe, delete, limits.</summary>
public sealed partial class DirectoryServiceHandlers
{
    /// <summary>Default per-Region quotas of each directory kind (Simple AD, Managed AD, AD Connector: 10 each).</summary>
    public const int DirectoriesPerTypeLimit = 10;
    private const int DefaultPageSize = 100;

    private readonly Lock _createGate = new();

    /// <summary>What every create operation asks for, after the request shapes are unified.</summary>
    private sealed record DirectorySpec(string Type, string Name, string? ShortName, string? Description, string? Size,
        string? Edition, string? VpcId, IReadOnlyList<string>? SubnetIds, string? NetworkType, List<Tag>? Tags,
        string? AdminPassword, IReadOnlyList<string>? CustomerDnsIps = null, string? CustomerUserName = null);

    public override Task<CreateDirectoryResult> CreateDirectory(RequestContext context, CreateDirectoryRequest request, CancellationToken cancellationToken)
    {
        // The model leaves VpcSettings optional, but a Simple AD cannot exist without one.
        if (request.VpcSettings is null) throw DsErrors.InvalidParameter("VpcSettings must be specified.");
        var directory = Create(context, new DirectorySpec(DirectoryTypes.SimpleAD, request.Name!, request.ShortName, request.Description,
            request.Size, null, request.VpcSettings.VpcId, request.VpcSettings.SubnetIds, request.NetworkType, request.Tags, request.Password));
        return Task.FromResult(new CreateDirectoryResult { DirectoryId = directory.Id });
    }

    public override Task<CreateMicrosoftADResult> CreateMicrosoftAD(RequestContext context, CreateMicrosoftADRequest request, CancellationToken cancellationToken)
    {
        var vpc = request.VpcSettings!;
        // Enterprise is the documented default edition.
        var directory = Create(context, new DirectorySpec(DirectoryTypes.MicrosoftAD, request.Name!, request.ShortName, request.Description,
            null, request.Edition ?? "Enterprise", vpc.VpcId, vpc.SubnetIds, request.NetworkType, request.Tags, request.Password));
        return Task.FromResult(new CreateMicrosoftADResult { DirectoryId = directory.Id });
    }

    public override Task<ConnectDirectoryResult> ConnectDirectory(RequestContext context, ConnectDirectoryRequest request, CancellationToken cancellationToken)
    {
        var connect = request.ConnectSettings!;
        if (connect.CustomerDnsIps is not { Count: > 0 })
            throw DsErrors.InvalidParameter("ConnectSettings.CustomerDnsIps must contain the IP addresses of your DNS servers or domain controllers.");
        // With the Docker runtime the connector really connects: the lifecycle resolves the domain through CustomerDnsIps
        // and binds as CustomerUserName (the password is kept to act for it, as AWS's connector does).
        // Difference from AWS: with the simulated runtime the customer's DNS servers are not contacted and connecting always succeeds.
        var directory = Create(context, new DirectorySpec(DirectoryTypes.ADConnector, request.Name!, request.ShortName, request.Description,
            request.Size, null, connect.VpcId, connect.SubnetIds, request.NetworkType, request.Tags, request.Password,
            connect.CustomerDnsIps, connect.CustomerUserName));
        return Task.FromResult(new ConnectDirectoryResult { DirectoryId = directory.Id });
    }

    public override Task<DescribeDirectoriesResult> DescribeDirectories(RequestContext context, DescribeDirectoriesRequest request, CancellationToken cancellationToken)
    {
        var wanted = request.DirectoryIds is { Count: > 0 } list ? list.Distinct(StringComparer.Ordinal).ToList() : null;
        IReadOnlyList<DirectoryRecord> matches = wanted is null
            ? Directories.List(context.Scope)
            : wanted.Select(id => GetDirectory(context, id)).ToList();
        // Limit 0 (or absent) means "as many as the operation allows".
        var limit = request.Limit is > 0 ? request.Limit.Value : DefaultPageSize;
        var page = Paging.Take(matches, limit, request.NextToken, "ds.DescribeDirectories:" + string.Join(',', wanted ?? []), DsErrors.InvalidNextToken);
        return Task.FromResult(new DescribeDirectoriesResult
        {
            DirectoryDescriptions = page.Items.Select(d => DirectoryDescriptions.Describe(d, context.Region)).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<DeleteDirectoryResult> DeleteDirectory(RequestContext context, DeleteDirectoryRequest request, CancellationToken cancellationToken)
    {
        var directoryId = request.DirectoryId!;
        GetDirectory(context, directoryId);
        if (store.Table<WorkspaceDirectoryRecord>(ResourceKinds.WorkspaceDirectories).Get(context.Scope, directoryId) is not null)
            throw DsErrors.Client($"Directory {directoryId} is registered with Amazon WorkSpaces. Deregister it from WorkSpaces before deleting it.");
        var now = time.GetUtcNow();
        UpdateDirectory(context, directoryId, d => d.Stage == DirectoryStages.Deleting
            ? d
            : DirectoryStateMachine.Enter(d, DirectoryStages.Deleting, now, now + options.Value.Transition));
        return Task.FromResult(new DeleteDirectoryResult { DirectoryId = directoryId });
    }

    public override Task<GetDirectoryLimitsResult> GetDirectoryLimits(RequestContext context, GetDirectoryLimitsRequest request, CancellationToken cancellationToken)
    {
        var all = Directories.List(context.Scope);
        int Count(string type) => all.Count(d => d.Type == type);
        var simple = Count(DirectoryTypes.SimpleAD);
        var microsoft = Count(DirectoryTypes.MicrosoftAD);
        var connected = Count(DirectoryTypes.ADConnector);
        return Task.FromResult(new GetDirectoryLimitsResult
        {
            DirectoryLimits = new DirectoryLimits
            {
                CloudOnlyDirectoriesLimit = DirectoriesPerTypeLimit,
                CloudOnlyDirectoriesCurrentCount = simple,
                CloudOnlyDirectoriesLimitReached = simple >= DirectoriesPerTypeLimit,
                CloudOnlyMicrosoftADLimit = DirectoriesPerTypeLimit,
                CloudOnlyMicrosoftADCurrentCount = microsoft,
                CloudOnlyMicrosoftADLimitReached = microsoft >= DirectoriesPerTypeLimit,
                ConnectedDirectoriesLimit = DirectoriesPerTypeLimit,
                ConnectedDirectoriesCurrentCount = connected,
                ConnectedDirectoriesLimitReached = connected >= DirectoriesPerTypeLimit,
            },
        });
    }

    /// <summary>Validates, reserves the network and stores the directory in <c>Requested</c>; the reconciler
    /// takes it to Active. Simple AD and Managed AD get their administrator user at once.</summary>
    private DirectoryRecord Create(RequestContext context, DirectorySpec spec)
    {
        // Difference from AWS: IPv6 addressing is not emulated, so only IPv4 directories can be created.
        if (spec.NetworkType is not (null or "IPv4"))
            throw DsErrors.InvalidParameter($"NetworkType {spec.NetworkType} is not supported by the emulator; use IPv4.");
        var tags = ValidateTags(null, spec.Tags);
        var placement = ResolvePlacement(context, spec.VpcId, spec.SubnetIds);
        lock (_createGate)
        {
            // Deleting directories still count until they are gone, as in AWS.
            if (Directories.List(context.Scope).Count(d => d.Type == spec.Type) >= DirectoriesPerTypeLimit)
                throw new AwsException(DirectoryServiceErrors.DirectoryLimitExceededException,
                    $"Directory limit exceeded: a maximum of {DirectoriesPerTypeLimit} {spec.Type} directories may be created in this Region.");
            string id;
            do id = ids.Directory(); while (Directories.Get(context.Scope, id) is not null);
            var net = AllocateNetwork(context, id, placement);
            var now = time.GetUtcNow();
            var addresses = net.Interfaces.Select(n => n.PrivateIpAddress).ToList();
            var isConnector = spec.Type == DirectoryTypes.ADConnector;
            var directory = new DirectoryRecord(
                id, context.Scope, spec.Name,
                // The NetBIOS name defaults to the first label of the DNS name.
                spec.ShortName ?? spec.Name.Split('.')[0],
                spec.Description, spec.Type, spec.Size, spec.Edition,
                Alias: id, AccessUrl: $"{id}.awsapps.com",
                DirectoryStages.Requested, null, now, now, now + options.Value.Transition,
                placement.Vpc.Id, placement.Subnets.Select(s => s.Id).ToList(), placement.Subnets.Select(s => s.AvailabilityZone).ToList(),
                net.SecurityGroupId,
                // AD Connector's DNS addresses are the customer's; its own addresses are the ConnectIps.
                DnsIpAddrs: isConnector ? spec.CustomerDnsIps!.ToList() : addresses,
                net.Interfaces.Select(n => n.Id).ToList(),
                isConnector ? spec.CustomerDnsIps!.ToList() : null, spec.CustomerUserName, isConnector ? addresses : null,
                SsoEnabled: false,
                DesiredNumberOfDomainControllers: spec.Type == DirectoryTypes.MicrosoftAD ? 2 : 0,
                tags,
                OsVersion: spec.Type == DirectoryTypes.MicrosoftAD ? "SERVER_2019" : null,
                NetworkType: spec.NetworkType,
                DomainSid: isConnector ? null : DirectoryUsers.NewDomainSid(ids));
            // With domain controllers the DC provisions the domain (and its admin); the lifecycle takes it to Active
            // once it answers LDAP. The service password is the emulator's own account in that domain.
            if (isConnector && controllers.Runtime.IsReal)
                directory = directory with { DcServicePassword = spec.AdminPassword };
            else if (controllers.Backs(spec.Type))
                directory = directory with { DcRuntime = controllers.Runtime.Name, DcAdminPassword = spec.AdminPassword, DcServicePassword = ServicePassword() };
            Directories.Put(directory);
            if (directory.HasLocalUsers && !directory.IsDcBacked) Users.Put(DirectoryUsers.Admin(directory, spec.AdminPassword!, now));
            return directory;
        }
    }

    /// <summary>A random password that meets AD's complexity rule (all four character classes).</summary>
    private static string ServicePassword() =>
        "Wse-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) + "-a1";
}
