using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// Directory-level properties of a registered directory: ModifyWorkspaceCreationProperties, ModifySelfservicePermissions,
// ModifyWorkspaceAccessProperties, ModifyClientProperties, DescribeClientProperties, ModifySamlProperties,
// ModifyCertificateBasedAuthProperties, ModifyStreamingProperties, ModifyEndpointEncryptionMode.
public sealed partial class WorkSpacesHandlers
{
    public override Task<ModifyWorkspaceCreationPropertiesResult> ModifyWorkspaceCreationProperties(RequestContext context, ModifyWorkspaceCreationPropertiesRequest request, CancellationToken ct)
    {
        var given = request.WorkspaceCreationProperties!;
        ChangeDirectory(context, request.ResourceId!, d =>
        {
            if (given.CustomSecurityGroupId is { } groupId)
            {
                var vpcId = Directories.Get(context.Scope, d.Id)?.VpcId;
                var group = network.SecurityGroups.Get(context.Scope, groupId);
                if (group is null || group.VpcId != vpcId)
                    throw InvalidParameter($"The security group {groupId} does not exist in the VPC {vpcId} of the directory {d.Id}.");
            }
            return d with { CreationProperties = (d.CreationProperties ?? CreationPropertiesRecord.Default).Merge(given) };
        });
        return Task.FromResult(new ModifyWorkspaceCreationPropertiesResult());
    }

    public override Task<ModifySelfservicePermissionsResult> ModifySelfservicePermissions(RequestContext context, ModifySelfservicePermissionsRequest request, CancellationToken ct)
    {
        ChangeDirectory(context, request.ResourceId!, d => d with
        {
            SelfservicePermissions = (d.SelfservicePermissions ?? SelfservicePermissionsRecord.Default(d.EnableSelfService)).Merge(request.SelfservicePermissions!),
        });
        return Task.FromResult(new ModifySelfservicePermissionsResult());
    }

    public override Task<ModifyWorkspaceAccessPropertiesResult> ModifyWorkspaceAccessProperties(RequestContext context, ModifyWorkspaceAccessPropertiesRequest request, CancellationToken ct)
    {
        var given = request.WorkspaceAccessProperties!;
        ChangeDirectory(context, request.ResourceId!, d => d with
        {
            AccessProperties = (d.AccessProperties ?? AccessPropertiesRecord.Default).Merge(given),
        });
        return Task.FromResult(new ModifyWorkspaceAccessPropertiesResult());
    }

    public override Task<ModifyClientPropertiesResult> ModifyClientProperties(RequestContext context, ModifyClientPropertiesRequest request, CancellationToken ct)
    {
        ChangeDirectory(context, request.ResourceId!, d => d with
        {
            ClientProperties = (d.ClientProperties ?? ClientPropertiesRecord.Default).Merge(request.ClientProperties!),
        });
        return Task.FromResult(new ModifyClientPropertiesResult());
    }

    public override Task<DescribeClientPropertiesResult> DescribeClientProperties(RequestContext context, DescribeClientPropertiesRequest request, CancellationToken ct)
    {
        var result = new List<ClientPropertiesResult>(request.ResourceIds!.Count);
        foreach (var id in request.ResourceIds.Distinct(StringComparer.Ordinal))
        {
            var d = RegisteredDirectory(context, id);
            result.Add(new ClientPropertiesResult { ResourceId = d.Id, ClientProperties = (d.ClientProperties ?? ClientPropertiesRecord.Default).ToWire() });
        }
        return Task.FromResult(new DescribeClientPropertiesResult { ClientPropertiesList = result });
    }

    public override Task<ModifySamlPropertiesResult> ModifySamlProperties(RequestContext context, ModifySamlPropertiesRequest request, CancellationToken ct)
    {
        var deletes = request.PropertiesToDelete ?? [];
        var given = request.SamlProperties;
        if (given?.UserAccessUrl is not null && deletes.Contains("SAML_PROPERTIES_USER_ACCESS_URL"))
            throw InvalidParameter("UserAccessUrl cannot be both set and deleted in one request.");
        if (given?.RelayStateParameterName is not null && deletes.Contains("SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME"))
            throw InvalidParameter("RelayStateParameterName cannot be both set and deleted in one request.");
        ChangeDirectory(context, request.ResourceId!, d =>
        {
            var saml = d.SamlProperties ?? SamlPropertiesRecord.Default;
            saml = new SamlPropertiesRecord(
                given?.Status ?? saml.Status,
                deletes.Contains("SAML_PROPERTIES_USER_ACCESS_URL") ? null : given?.UserAccessUrl ?? saml.UserAccessUrl,
                deletes.Contains("SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME") ? null : given?.RelayStateParameterName ?? saml.RelayStateParameterName);
            return d with { SamlProperties = saml };
        });
        return Task.FromResult(new ModifySamlPropertiesResult());
    }

    public override Task<ModifyCertificateBasedAuthPropertiesResult> ModifyCertificateBasedAuthProperties(RequestContext context, ModifyCertificateBasedAuthPropertiesRequest request, CancellationToken ct)
    {
        var deleteArn = request.PropertiesToDelete?.Contains("CERTIFICATE_BASED_AUTH_PROPERTIES_CERTIFICATE_AUTHORITY_ARN") == true;
        var given = request.CertificateBasedAuthProperties;
        if (given?.CertificateAuthorityArn is not null && deleteArn)
            throw InvalidParameter("CertificateAuthorityArn cannot be both set and deleted in one request.");
        ChangeDirectory(context, request.ResourceId!, d =>
        {
            var cba = d.CertificateBasedAuthProperties ?? CertificateBasedAuthPropertiesRecord.Default;
            cba = new CertificateBasedAuthPropertiesRecord(given?.Status ?? cba.Status, deleteArn ? null : given?.CertificateAuthorityArn ?? cba.CertificateAuthorityArn);
            return d with { CertificateBasedAuthProperties = cba };
        });
        return Task.FromResult(new ModifyCertificateBasedAuthPropertiesResult());
    }

    public override Task<ModifyStreamingPropertiesResult> ModifyStreamingProperties(RequestContext context, ModifyStreamingPropertiesRequest request, CancellationToken ct)
    {
        ChangeDirectory(context, request.ResourceId!, d => request.StreamingProperties is { } given
            ? d with { StreamingProperties = (d.StreamingProperties ?? StreamingPropertiesRecord.Empty).Merge(given) }
            : d);
        return Task.FromResult(new ModifyStreamingPropertiesResult());
    }

    public override Task<ModifyEndpointEncryptionModeResponse> ModifyEndpointEncryptionMode(RequestContext context, ModifyEndpointEncryptionModeRequest request, CancellationToken ct)
    {
        ChangeDirectory(context, request.DirectoryId!, d => d with { EndpointEncryptionMode = request.EndpointEncryptionMode });
        return Task.FromResult(new ModifyEndpointEncryptionModeResponse());
    }

    private WorkspaceDirectoryRecord RegisteredDirectory(RequestContext context, string id) =>
        WorkspaceDirectories.Get(context.Scope, id)
        ?? throw new AwsException(WorkSpacesErrors.ResourceNotFoundException, $"The directory {id} is not registered with WorkSpaces.",
            members: new Dictionary<string, string> { ["ResourceId"] = id });

    /// <summary>Applies a change to a registered directory with optimistic concurrency (the reconciler may be moving it on).</summary>
    private WorkspaceDirectoryRecord ChangeDirectory(RequestContext context, string id, Func<WorkspaceDirectoryRecord, WorkspaceDirectoryRecord> change) =>
        WorkspaceDirectories.Update(context.Scope, id, change) ?? RegisteredDirectory(context, id);
}
