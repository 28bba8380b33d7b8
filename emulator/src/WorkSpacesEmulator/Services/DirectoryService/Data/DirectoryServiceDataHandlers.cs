using WorkSpacesEmulator.ServiceModels.DirectoryServiceData;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService.Data;

/// <summary>AWS Directory Service Data (users and groups inside a directory), one partial file per capability.</summary>
public sealed partial class DirectoryServiceDataHandlers(Store store, IIdGenerator ids, TimeProvider time)
    : DirectoryServiceDataOperationsBase
{
}
