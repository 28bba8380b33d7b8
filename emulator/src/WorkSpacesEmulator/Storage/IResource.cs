namespace WorkSpacesEmulator.Storage;

/// <summary>A stored resource: immutable, identified by <see cref="Id"/> inside its (account, region) scope.
/// Changes replace the whole record so readers never see a half-made change.</summary>
public interface IResource
{
    string Id { get; }
    string Scope { get; }
}
