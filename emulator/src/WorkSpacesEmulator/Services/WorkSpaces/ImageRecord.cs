using System.Text.Json.Serialization;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>A custom (account-owned) WorkSpace image (Id = <c>wsi-…</c>), made by CreateWorkspaceImage,
/// CopyWorkspaceImage or ImportWorkspaceImage. Amazon-owned images are only referenced by <c>PublicBundles</c>.</summary>
/// <param name="OperatingSystemName">What a WorkSpace launched from a bundle of this image runs (WorkspaceProperties
/// OperatingSystemName, e.g. WINDOWS_SERVER_2022); the wire's OperatingSystem.Type is derived from it.</param>
/// <param name="Protocol">The streaming protocol of WorkSpaces launched from it (PCOIP | WSP).</param>
/// <param name="NextTransitionAt">When the reconciler moves a PENDING image to AVAILABLE.</param>
/// <param name="SharedAccountIds">Accounts (same Region) allowed to copy the image (UpdateWorkspaceImagePermission).</param>
/// <param name="Origin">CREATE (from WorkSpace <see cref="SourceId"/>), COPY (from image <see cref="SourceId"/>) or IMPORT (from AMI).</param>
public sealed record WorkspaceImageRecord(
    string Id,
    string Scope,
    string Name,
    string? Description,
    string OperatingSystemName,
    string Protocol,
    string RequiredTenancy,             // DEFAULT | DEDICATED
    string State,                       // PENDING | AVAILABLE | ERROR
    DateTimeOffset? NextTransitionAt,
    DateTimeOffset Created,
    string Origin,
    string? SourceId,
    IReadOnlyList<string> SharedAccountIds,
    IReadOnlyList<TagPair> Tags,
    string? ErrorCode = null,
    string? ErrorMessage = null) : IResource
{
    [JsonIgnore] public string OwnerAccountId => Scope[..Scope.IndexOf('/')];
    [JsonIgnore] public string Region => Scope[(Scope.IndexOf('/') + 1)..];

    /// <summary>OperatingSystem.Type on the wire: WINDOWS for every Windows name, LINUX otherwise.</summary>
    [JsonIgnore] public string OperatingSystemType => OperatingSystemName.StartsWith("WINDOWS", StringComparison.Ordinal) ? "WINDOWS" : "LINUX";
}
