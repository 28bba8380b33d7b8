using System.Runtime.CompilerServices;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// CreateWorkspaces and DescribeWorkspaces.
public sealed partial class WorkSpacesHandlers
{
    /// <summary>Wire shapes of stored records, made once per (immutable) record: DescribeWorkspaces is the hot
    /// path and most of its cost would otherwise be rebuilding identical objects. The shapes are only read.</summary>
    private static readonly ConditionalWeakTable<WorkspaceRecord, Workspace> WireCache = new();

    public override Task<CreateWorkspacesResult> CreateWorkspaces(RequestContext context, CreateWorkspacesRequest request, CancellationToken ct)
    {
        var pending = new List<Workspace>();
        var failed = new List<FailedCreateWorkspaceRequest>();
        lock (_gate)
        {
            foreach (var item in request.Workspaces!)
            {
                var (record, errorCode, errorMessage) = TryCreate(context, item);
                if (record is not null) pending.Add(ToWire(record));
                else failed.Add(new FailedCreateWorkspaceRequest { WorkspaceRequest = item, ErrorCode = errorCode, ErrorMessage = errorMessage });
            }
        }
        return Task.FromResult(new CreateWorkspacesResult { PendingRequests = pending, FailedRequests = failed });
    }

    /// <param name="replacing">The WorkSpace the new one replaces (MigrateWorkspace): it does not count as the user's.</param>
    private (WorkspaceRecord? Record, string? Code, string? Message) TryCreate(RequestContext context, WorkspaceRequest item, string? replacing = null)
    {
        var directoryId = item.DirectoryId!;
        var userName = item.UserName!;
        var registered = WorkspaceDirectories.Get(context.Scope, directoryId);
        if (registered is null)
            return (null, "ResourceNotFound.Directory", "The specified directory could not be found in the specified region.");
        if (registered.State != "REGISTERED")
            return (null, "InvalidResourceState.Directory", $"The specified directory is {registered.State} and cannot be used to launch WorkSpaces.");
        var bundle = FindBundle(context.Scope, item.BundleId!);
        if (bundle is null)
            return (null, "ResourceNotFound.Bundle", "The specified bundle could not be found.");
        var directory = Directories.Get(context.Scope, directoryId);
        // The user must exist in the directory: its DC, the connected on-premises directory, or (simulated) the records.
        if (directory is not null && FindDirectoryUser(directory, userName) is var (found, unavailable) && !found)
            return unavailable is null
                ? (null, "ResourceNotFound.User", "The specified user could not be found in the directory.")
                : (null, "InvalidResourceState.Directory", unavailable);
        // "By default, only one WorkSpace per user per directory is allowed" (WorkSpaces Administration Guide,
        // "Administer users in WorkSpaces Personal"): another bundle or protocol does not make a second one possible.
        foreach (var existing in Workspaces.List(context.Scope))
            if (existing.DirectoryId == directoryId && existing.Id != replacing
                && string.Equals(existing.UserName, userName, StringComparison.OrdinalIgnoreCase)
                && existing.State is not ("TERMINATING" or "TERMINATED"))
                return (null, "ResourceExists.WorkSpace", "A WorkSpace already exists for the specified user.");

        if (CheckCreateRules(context, item, registered, bundle.BundleId) is ({ } ruleCode, var ruleMessage)) return (null, ruleCode, ruleMessage);

        var (properties, code, message) = WorkspaceRules.PropertiesForCreate(item.WorkspaceProperties, bundle.ComputeType, bundle.RootGib, bundle.UserGib,
            bundle.OperatingSystemName, bundle.Protocol);
        if (properties is null) return (null, code, message);

        var id = ids.Workspace();
        var eni = AllocateWorkspaceInterface(context, registered, id);
        if (eni is null)
            return (null, "InsufficientFreeAddressesInSubnet", "There are not enough free addresses in the directory's subnets.");
        // EnableInternetAccess (a directory creation property): AWS gives the WorkSpace's interface a public address.
        if (registered.CreationProperties?.EnableInternetAccess == true) routing.AssignPublicIp(context.Scope, eni.Id);
        var encrypted = item.RootVolumeEncryptionEnabled == true || item.UserVolumeEncryptionEnabled == true;
        var now = Now;
        var record = new WorkspaceRecord(id, context.Scope, directoryId, userName, bundle.BundleId, "PENDING", TransitionDue, null,
            eni.PrivateIpAddress, eni.SubnetId, eni.Id, WorkspaceRules.ComputerName(ids, bundle.OperatingSystemName),
            // Difference from AWS: encryption without a key uses the AWS managed key alias instead of being refused.
            encrypted ? item.VolumeEncryptionKey ?? "alias/aws/workspaces" : item.VolumeEncryptionKey,
            item.UserVolumeEncryptionEnabled ?? false, item.RootVolumeEncryptionEnabled ?? false, properties, [], null, null,
            item.WorkspaceName, now, null, now, FromWire(item.Tags));
        Workspaces.Put(record);
        return (record, null, null);
    }

    /// <summary>Takes an address in the least-used of the directory's registered subnets (AWS spreads WorkSpaces
    /// across both), falling back to the other when one is full.</summary>
    private Ec2.NetworkInterface? AllocateWorkspaceInterface(RequestContext context, WorkspaceDirectoryRecord directory, string workspaceId)
    {
        var counts = directory.SubnetIds.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var w in Workspaces.List(context.Scope))
            if (w.SubnetId is not null && counts.TryGetValue(w.SubnetId, out var n)) counts[w.SubnetId] = n + 1;
        foreach (var subnetId in counts.OrderBy(kv => kv.Value).Select(kv => kv.Key))
        {
            try
            {
                return network.AllocateInterface(context, subnetId, $"Created By Amazon Workspaces for AWS Account ID {context.Account}",
                    "interface", "amazon-workspaces", SecurityGroupsForNewWorkspace(directory), workspaceId);
            }
            catch (AwsException) { }
        }
        return null;
    }

    /// <summary>A new WorkSpace's interface carries the directory's WorkSpaces security group and, once set with
    /// ModifyWorkspaceCreationProperties, the custom one ("new WorkSpaces that you launch ... will have the new security
    /// group"; the rules of both are aggregated).</summary>
    private static List<string> SecurityGroupsForNewWorkspace(WorkspaceDirectoryRecord directory) =>
        directory.CreationProperties?.CustomSecurityGroupId is { } custom && custom != directory.WorkspaceSecurityGroupId
            ? [directory.WorkspaceSecurityGroupId, custom]
            : [directory.WorkspaceSecurityGroupId];

    public override Task<DescribeWorkspacesResult> DescribeWorkspaces(RequestContext context, DescribeWorkspacesRequest request, CancellationToken ct)
    {
        var limit = request.Limit ?? 25;
        IReadOnlyList<WorkspaceRecord> all = Workspaces.List(context.Scope);
        IReadOnlyList<WorkspaceRecord> selected;
        string listing;
        // The model allows one filter at a time (UserName only goes with DirectoryId).
        var filters = (request.WorkspaceIds is null ? 0 : 1) + (request.DirectoryId is null ? 0 : 1) + (request.BundleId is null ? 0 : 1)
            + (request.WorkspaceName is null ? 0 : 1);
        if (filters > 1 || (request.UserName is not null && request.WorkspaceIds is not null))
            throw InvalidParameter("An invalid number of parameters provided with DescribeWorkspaces. Only one of the following are allowed to be specified: BundleId, DirectoryId, WorkSpaceIds, WorkspaceName.");
        if (request.WorkspaceIds is { } wanted)
        {
            var found = new List<WorkspaceRecord>(wanted.Count);
            foreach (var id in wanted)
                if (Workspaces.Get(context.Scope, id) is { } w && !found.Contains(w)) found.Add(w);
            selected = found;
            listing = "ws:ids";
        }
        else
        {
            if (request.UserName is not null && request.DirectoryId is null)
                throw InvalidParameter("The UserName parameter requires a DirectoryId.");
            var directoryId = request.DirectoryId;
            var userName = request.UserName;
            var bundleId = request.BundleId;
            var workspaceName = request.WorkspaceName;
            if (directoryId is null && bundleId is null && workspaceName is null)
            {
                selected = all;
            }
            else
            {
                var matches = new List<WorkspaceRecord>();
                for (var i = 0; i < all.Count; i++)
                {
                    var w = all[i];
                    if (directoryId is not null && !string.Equals(w.DirectoryId, directoryId, StringComparison.Ordinal)) continue;
                    if (userName is not null && !string.Equals(w.UserName, userName, StringComparison.OrdinalIgnoreCase)) continue;
                    if (bundleId is not null && !string.Equals(w.BundleId, bundleId, StringComparison.Ordinal)) continue;
                    if (workspaceName is not null && !string.Equals(w.WorkspaceName, workspaceName, StringComparison.Ordinal)) continue;
                    matches.Add(w);
                }
                selected = matches;
            }
            // The token names the filter, so a token from one listing is refused by another.
            listing = "ws:" + directoryId + "|" + userName + "|" + bundleId + "|" + workspaceName;
        }
        var page = Paging.Take(selected, limit, request.NextToken, listing, InvalidToken);
        var result = new List<Workspace>(page.Items.Count);
        foreach (var w in page.Items) result.Add(ToWire(w));
        return Task.FromResult(new DescribeWorkspacesResult { Workspaces = result, NextToken = page.NextToken });
    }

    private static Workspace ToWire(WorkspaceRecord w) => WireCache.GetValue(w, static r =>
    {
        var p = r.Properties;
        List<ModificationState>? modifications = null;
        if (r.ModificationStates.Count > 0)
        {
            modifications = new List<ModificationState>(r.ModificationStates.Count);
            foreach (var m in r.ModificationStates) modifications.Add(new ModificationState { Resource = m.Resource, State = m.State });
        }
        return new Workspace
        {
            WorkspaceId = r.Id,
            DirectoryId = r.DirectoryId,
            UserName = r.UserName,
            IpAddress = r.IpAddress,
            State = r.State,
            BundleId = r.BundleId,
            SubnetId = r.SubnetId,
            ErrorCode = r.ErrorCode,
            ErrorMessage = r.ErrorMessage,
            ComputerName = r.ComputerName,
            VolumeEncryptionKey = r.VolumeEncryptionKey,
            UserVolumeEncryptionEnabled = r.UserVolumeEncryptionEnabled,
            RootVolumeEncryptionEnabled = r.RootVolumeEncryptionEnabled,
            WorkspaceName = r.WorkspaceName,
            WorkspaceProperties = new WorkspaceProperties
            {
                RunningMode = p.RunningMode,
                RunningModeAutoStopTimeoutInMinutes = p.RunningModeAutoStopTimeoutInMinutes,
                RootVolumeSizeGib = p.RootVolumeSizeGib,
                UserVolumeSizeGib = p.UserVolumeSizeGib,
                ComputeTypeName = p.ComputeTypeName,
                Protocols = p.Protocols.ToList(),
                OperatingSystemName = p.OperatingSystemName,
            },
            ModificationStates = modifications,
        };
    });

    /// <summary>Whether the user exists in the directory (its DC for DC-backed directories), or why that cannot be known now.
    /// AD Connector users live in the on-premises directory: every name is accepted unless the connector can look it up.
    /// <c>REALM\user</c> and <c>user@realm</c> of a Verified trusted realm are looked up in that realm through the trust;
    /// a bare name the directory does not hold is looked for in its trusted realms too.</summary>
    private (bool Found, string? Unavailable) FindDirectoryUser(DirectoryRecord directory, string userName)
    {
        if (directory.Type == "ADConnector" && !WorkSpacesEmulator.Directories.DomainControllers.Reaches(directory)) return (true, null);
        var (realm, sam) = WorkSpacesEmulator.Directories.TrustedRealms.Split(userName);
        // CreateWorkspaces, MigrateWorkspace and CreateStandbyWorkspaces decide under their lock, synchronously: the one
        // place a trusted realm (an exec into the DC) is read sync-over-async.
        bool InRealm(TrustRecord trust) =>
            Task.Run(() => trustedRealms.FindUserAsync(directory, trust, sam, CancellationToken.None)).GetAwaiter().GetResult() is not null;
        try
        {
            if (realm is not null && !WorkSpacesEmulator.Directories.TrustedRealms.IsOwn(directory, realm))
                return (trustedRealms.Find(directory, realm) is { } trust && InRealm(trust), null);
            if (userStores.For(directory).Find(directory, sam) is not null) return (true, null);
            return (realm is null && trustedRealms.Verified(directory).Any(InRealm), null);
        }
        catch (WorkSpacesEmulator.Protocol.AwsException e)
        {
            return (false, e.Message);
        }
    }
}
