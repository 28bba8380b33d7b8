using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// RegisterWorkspaceDirectory, DeregisterWorkspaceDirectory, DescribeWorkspaceDirectories.
public sealed partial class WorkSpacesHandlers
{
    public override Task<RegisterWorkspaceDirectoryResult> RegisterWorkspaceDirectory(RequestContext context, RegisterWorkspaceDirectoryRequest request, CancellationToken ct)
    {
        // Difference from AWS: WorkSpaces-native directories (IAM Identity Center, Microsoft Entra, customer-managed
        // AD via ActiveDirectoryConfig, Pools) are not emulated, so a Directory Service DirectoryId is required.
        if (string.IsNullOrEmpty(request.DirectoryId))
            throw new AwsException(WorkSpacesErrors.OperationNotSupportedException,
                "Registering a directory without a DirectoryId is not supported by the emulator.",
                members: new Dictionary<string, string> { ["reason"] = "Only AWS Directory Service directories can be registered." });
        if (request.WorkspaceType == "POOLS")
            throw new AwsException(WorkSpacesErrors.OperationNotSupportedException, "WorkSpaces Pools directories are not supported by the emulator.",
                members: new Dictionary<string, string> { ["reason"] = "WorkSpaces Pools are not emulated." });

        var directory = Directories.Get(context.Scope, request.DirectoryId)
            ?? throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, "The specified directory could not be found in the specified region.",
                members: new Dictionary<string, string> { ["ResourceId"] = request.DirectoryId });
        if (directory.Stage != "Active")
            throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                $"The specified directory is not in a valid state (current state: {directory.Stage}). The directory must be Active.");

        var subnetIds = request.SubnetIds is { Count: > 0 } given ? given : directory.SubnetIds.ToList();
        ValidateRegistrationSubnets(context, directory, subnetIds);
        EnforceStrictRegistrationRules(context, subnetIds);

        lock (_gate)
        {
            if (WorkspaceDirectories.Get(context.Scope, directory.Id) is not null)
                throw new AwsException(WorkSpacesErrors.ResourceAlreadyExistsException, $"The directory {directory.Id} is already registered with WorkSpaces.");
            if (WorkspaceDirectories.Count(context.Scope) >= 50)
                throw new AwsException(WorkSpacesErrors.ResourceLimitExceededException, "The maximum number of registered directories (50) has been reached.");

            var groupName = directory.Id + "_workspacesMembers";
            var group = network.SecurityGroups.List(context.Scope).FirstOrDefault(g => g.VpcId == directory.VpcId && g.GroupName == groupName)
                ?? network.CreateSecurityGroup(context, directory.VpcId, groupName, "Amazon WorkSpaces Security Group", []);
            var record = new WorkspaceDirectoryRecord(directory.Id, context.Scope, "REGISTERING", TransitionDue,
                RegistrationCodes.New(ids, context.Region), subnetIds, group.Id, request.Tenancy ?? "SHARED",
                request.EnableSelfService ?? false, request.WorkspaceDirectoryName, request.WorkspaceDirectoryDescription,
                request.UserIdentityType ?? "AWS_DIRECTORY_SERVICE", request.WorkspaceType ?? "PERSONAL", [], FromWire(request.Tags), Now);
            WorkspaceDirectories.Put(record);
            return Task.FromResult(new RegisterWorkspaceDirectoryResult { DirectoryId = record.Id, State = record.State });
        }
    }

    private void ValidateRegistrationSubnets(RequestContext context, DirectoryRecord directory, IReadOnlyList<string> subnetIds)
    {
        if (subnetIds.Count != 2)
            throw InvalidParameter("Two subnets in different Availability Zones are required.");
        if (subnetIds[0] == subnetIds[1])
            throw InvalidParameter("The two subnets must be different.");
        var zones = new List<string>(2);
        foreach (var id in subnetIds)
        {
            var subnet = network.Subnets.Get(context.Scope, id)
                ?? throw InvalidParameter($"The subnet {id} does not exist.");
            if (subnet.VpcId != directory.VpcId)
                throw InvalidParameter($"The subnet {id} is not in the VPC {directory.VpcId} of the directory {directory.Id}.");
            zones.Add(subnet.AvailabilityZone);
        }
        if (zones[0] == zones[1])
            throw new AwsException(WorkSpacesErrors.OperationNotSupportedException,
                "The subnets must be in different Availability Zones.",
                members: new Dictionary<string, string> { ["reason"] = $"Both subnets are in {zones[0]}." });
    }

    public override Task<DeregisterWorkspaceDirectoryResult> DeregisterWorkspaceDirectory(RequestContext context, DeregisterWorkspaceDirectoryRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var record = WorkspaceDirectories.Get(context.Scope, request.DirectoryId!)
                ?? throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, $"The directory {request.DirectoryId} is not registered with WorkSpaces.",
                    members: new Dictionary<string, string> { ["ResourceId"] = request.DirectoryId! });
            if (record.State != "REGISTERED")
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException, $"The directory {record.Id} is {record.State} and cannot be deregistered now.");
            foreach (var workspace in Workspaces.List(context.Scope))
                if (workspace.DirectoryId == record.Id)
                    throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                        $"The directory {record.Id} cannot be deregistered while it has WorkSpaces. Terminate them first.");
            WorkspaceDirectories.Put(record with { State = "DEREGISTERING", NextTransitionAt = TransitionDue });
        }
        return Task.FromResult(new DeregisterWorkspaceDirectoryResult());
    }

    public override Task<DescribeWorkspaceDirectoriesResult> DescribeWorkspaceDirectories(RequestContext context, DescribeWorkspaceDirectoriesRequest request, CancellationToken ct)
    {
        IReadOnlyList<WorkspaceDirectoryRecord> all = WorkspaceDirectories.List(context.Scope);
        var selected = new List<WorkspaceDirectoryRecord>(all.Count);
        foreach (var d in all)
        {
            if (request.DirectoryIds is { } idsFilter && !idsFilter.Contains(d.Id)) continue;
            if (request.WorkspaceDirectoryNames is { } names && (d.WorkspaceDirectoryName is null || !names.Contains(d.WorkspaceDirectoryName))) continue;
            if (request.Filters is { } filters && !filters.All(f => f.Values!.Contains(
                    f.Name == "USER_IDENTITY_TYPE" ? d.UserIdentityType ?? "" : d.WorkspaceType ?? ""))) continue;
            selected.Add(d);
        }
        var page = Paging.Take(selected, request.Limit ?? 25, request.NextToken, "directories", InvalidToken);
        var result = new List<WorkspaceDirectory>(page.Items.Count);
        foreach (var d in page.Items) result.Add(ToWire(context, d));
        return Task.FromResult(new DescribeWorkspaceDirectoriesResult { Directories = result, NextToken = page.NextToken });
    }

    private WorkspaceDirectory ToWire(RequestContext context, WorkspaceDirectoryRecord d)
    {
        var directory = Directories.Get(context.Scope, d.Id);
        var type = directory?.Type switch
        {
            "ADConnector" => "AD_CONNECTOR",
            // Difference from AWS: WorkspaceDirectoryType has no Managed Microsoft AD value; the emulator reports
            // an AWS Managed Microsoft AD as SIMPLE_AD (an AWS-managed domain), so strict-enum SDKs can parse it.
            _ => "SIMPLE_AD",
        };
        var adConnector = type == "AD_CONNECTOR";
        return new WorkspaceDirectory
        {
            DirectoryId = d.Id,
            Alias = directory?.Alias,
            DirectoryName = directory?.Name,
            RegistrationCode = d.RegistrationCode,
            SubnetIds = d.SubnetIds.ToList(),
            DnsIpAddresses = directory?.DnsIpAddrs.ToList(),
            CustomerUserName = adConnector ? directory?.CustomerUserName : "Administrator",
            IamRoleId = $"arn:aws:iam::{context.Account}:role/workspaces_DefaultRole",
            DirectoryType = type,
            WorkspaceSecurityGroupId = d.WorkspaceSecurityGroupId,
            State = d.State,
            WorkspaceCreationProperties = (d.CreationProperties ?? CreationPropertiesRecord.Default).ToWire(),
            IpGroupIds = d.IpGroupIds.ToList(),
            WorkspaceAccessProperties = (d.AccessProperties ?? AccessPropertiesRecord.Default).ToWire(),
            Tenancy = d.Tenancy ?? "SHARED",
            SelfservicePermissions = (d.SelfservicePermissions ?? SelfservicePermissionsRecord.Default(d.EnableSelfService)).ToWire(),
            SamlProperties = (d.SamlProperties ?? SamlPropertiesRecord.Default).ToWire(),
            CertificateBasedAuthProperties = (d.CertificateBasedAuthProperties ?? CertificateBasedAuthPropertiesRecord.Default).ToWire(),
            EndpointEncryptionMode = d.EndpointEncryptionMode ?? "STANDARD_TLS",
            StreamingProperties = d.StreamingProperties?.ToWire(),
            WorkspaceDirectoryName = d.WorkspaceDirectoryName,
            WorkspaceDirectoryDescription = d.WorkspaceDirectoryDescription,
            UserIdentityType = d.UserIdentityType,
            WorkspaceType = d.WorkspaceType,
        };
    }
}
