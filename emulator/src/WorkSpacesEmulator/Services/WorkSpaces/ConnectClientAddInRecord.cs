using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>An Amazon Connect client add-in (Id = the AddInId, a UUID) of a registered directory (<see cref="ResourceId"/>).</summary>
public sealed record ConnectClientAddInRecord(
    string Id,
    string Scope,
    string ResourceId,
    string Name,
    string Url,
    DateTimeOffset CreatedAt) : IResource;
