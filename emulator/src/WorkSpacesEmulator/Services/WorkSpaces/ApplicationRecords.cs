using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>An Amazon-provided application of the fixed catalogue (DescribeApplications).</summary>
/// <param name="IncompatibleWith">Applications that cannot be installed on the same WorkSpace (e.g. two Office editions).</param>
public sealed record WorkSpaceApplicationInfo(
    string Id,
    string Name,
    string Description,
    string LicenseType,                 // LICENSED | UNLICENSED
    IReadOnlyList<string> SupportedOperatingSystemNames,
    IReadOnlyList<string> SupportedComputeTypeNames,
    IReadOnlyList<string> IncompatibleWith);

/// <summary>The association of an application with a WorkSpace (Id = <c>{WorkspaceId}/{ApplicationId}</c>).</summary>
/// <param name="State">AssociationState: PENDING_INSTALL_DEPLOYMENT after AssociateWorkspaceApplication, INSTALLING once
/// deployed, COMPLETED when due; PENDING_UNINSTALL_DEPLOYMENT after DisassociateWorkspaceApplication, UNINSTALLING once
/// deployed, REMOVED when due.</param>
/// <param name="NextTransitionAt">When the reconciler finishes an INSTALLING or UNINSTALLING step.</param>
public sealed record ApplicationAssociationRecord(
    string Id,
    string Scope,
    string WorkspaceId,
    string ApplicationId,
    string State,
    DateTimeOffset? NextTransitionAt,
    DateTimeOffset Created,
    DateTimeOffset LastUpdatedTime) : IResource
{
    public static string KeyFor(string workspaceId, string applicationId) => workspaceId + "/" + applicationId;
}
