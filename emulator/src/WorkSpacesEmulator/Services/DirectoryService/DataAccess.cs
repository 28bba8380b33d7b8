using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>Directory Service Data (ds-data) access switch of AWS Managed Microsoft AD: Enabling → Enabled and
/// Disabling → Disabled by the reconciler.</summary>
public sealed partial class DirectoryServiceHandlers
{
    // Difference from AWS: the status is reported only; ds-data keeps serving every Simple AD and Managed AD
    // directory whatever it says (AWS refuses ds-data calls until access is Enabled).
    public override Task<EnableDirectoryDataAccessResult> EnableDirectoryDataAccess(RequestContext context, EnableDirectoryDataAccessRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        GetConfigurableDirectory(context, request.DirectoryId!);
        UpdateDirectory(context, request.DirectoryId!, d =>
        {
            RequireActive(d, "Directory Service Data access can only be changed for an Active directory");
            if (d.DataAccessStatus is DataAccessStatuses.Enabled or DataAccessStatuses.Enabling)
                throw new AwsException(DirectoryServiceErrors.DirectoryInDesiredStateException, $"Directory Service Data access is already {d.DataAccessStatus} for directory {d.Id}.");
            return d with { DataAccessStatus = DataAccessStatuses.Enabling, DataAccessDueAt = now + options.Value.Transition };
        });
        return Task.FromResult(new EnableDirectoryDataAccessResult());
    }

    public override Task<DisableDirectoryDataAccessResult> DisableDirectoryDataAccess(RequestContext context, DisableDirectoryDataAccessRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        GetConfigurableDirectory(context, request.DirectoryId!);
        UpdateDirectory(context, request.DirectoryId!, d =>
        {
            RequireActive(d, "Directory Service Data access can only be changed for an Active directory");
            if (d.DataAccessStatus is null or DataAccessStatuses.Disabled or DataAccessStatuses.Disabling)
                throw new AwsException(DirectoryServiceErrors.DirectoryInDesiredStateException, $"Directory Service Data access is already {d.DataAccessStatus ?? DataAccessStatuses.Disabled} for directory {d.Id}.");
            return d with { DataAccessStatus = DataAccessStatuses.Disabling, DataAccessDueAt = now + options.Value.Transition };
        });
        return Task.FromResult(new DisableDirectoryDataAccessResult());
    }

    public override Task<DescribeDirectoryDataAccessResult> DescribeDirectoryDataAccess(RequestContext context, DescribeDirectoryDataAccessRequest request, CancellationToken cancellationToken)
    {
        var directory = GetConfigurableDirectory(context, request.DirectoryId!);
        return Task.FromResult(new DescribeDirectoryDataAccessResult { DataAccessStatus = directory.DataAccessStatus ?? DataAccessStatuses.Disabled });
    }
}
