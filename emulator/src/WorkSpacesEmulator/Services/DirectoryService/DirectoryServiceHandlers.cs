using Microsoft.Extensions.Options;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>AWS Directory Service operation handlers, one partial file per capability.</summary>
public sealed partial class DirectoryServiceHandlers(Store store, IIdGenerator ids, TimeProvider time, IOptions<EmulatorOptions> options, Ec2Network network)
    : DirectoryServiceOperationsBase
{
}
