using Microsoft.Extensions.Options;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>Amazon WorkSpaces operation handlers. One partial file per capability (Workspaces, Directories,
/// Bundles, Tags, …); operations not overridden answer the generated not-implemented error.</summary>
public sealed partial class WorkSpacesHandlers(Store store, IIdGenerator ids, TimeProvider time, IOptions<EmulatorOptions> options, Ec2Network network)
    : WorkSpacesOperationsBase
{
}
