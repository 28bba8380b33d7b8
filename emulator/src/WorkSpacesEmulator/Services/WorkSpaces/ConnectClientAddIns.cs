using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// Amazon Connect client add-ins: CreateConnectClientAddIn, DescribeConnectClientAddIns, UpdateConnectClientAddIn,
// DeleteConnectClientAddIn. Name and URL shapes (length, http(s) pattern) are checked by the model-driven validation.
public sealed partial class WorkSpacesHandlers
{
    private ResourceTable<ConnectClientAddInRecord> ConnectClientAddIns => store.Table<ConnectClientAddInRecord>(ResourceKinds.ConnectClientAddIns);

    public override Task<CreateConnectClientAddInResult> CreateConnectClientAddIn(RequestContext context, CreateConnectClientAddInRequest request, CancellationToken ct)
    {
        var name = request.Name!;
        if (string.IsNullOrWhiteSpace(name)) throw InvalidParameter("The add-in name must not be empty.");
        lock (_gate)
        {
            var directory = RegisteredDirectory(context, request.ResourceId!);
            // Difference from AWS: AWS documents no limit on add-ins per directory; the emulator only refuses a second add-in
            // with the same name in the same directory.
            if (AddInsOf(context, directory.Id).Any(a => a.Name == name))
                throw new AwsException(WorkSpacesErrors.ResourceAlreadyExistsException,
                    $"An Amazon Connect client add-in named {name} already exists for the directory {directory.Id}.");
            var record = new ConnectClientAddInRecord(NewUuid(), context.Scope, directory.Id, name, request.URL!, Now);
            ConnectClientAddIns.Put(record);
            return Task.FromResult(new CreateConnectClientAddInResult { AddInId = record.Id });
        }
    }

    public override Task<DescribeConnectClientAddInsResult> DescribeConnectClientAddIns(RequestContext context, DescribeConnectClientAddInsRequest request, CancellationToken ct)
    {
        var directory = RegisteredDirectory(context, request.ResourceId!);
        var page = Paging.Take(AddInsOf(context, directory.Id), request.MaxResults ?? 25, request.NextToken, "connect-add-ins/" + directory.Id, InvalidToken);
        return Task.FromResult(new DescribeConnectClientAddInsResult
        {
            AddIns = page.Items.Select(a => new ConnectClientAddIn { AddInId = a.Id, ResourceId = a.ResourceId, Name = a.Name, URL = a.Url }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<UpdateConnectClientAddInResult> UpdateConnectClientAddIn(RequestContext context, UpdateConnectClientAddInRequest request, CancellationToken ct)
    {
        if (request.Name is { } given && string.IsNullOrWhiteSpace(given)) throw InvalidParameter("The add-in name must not be empty.");
        lock (_gate)   // the name check spans the directory's add-ins
        {
            var addIn = AddIn(context, request.ResourceId!, request.AddInId!);
            var name = request.Name ?? addIn.Name;
            if (name != addIn.Name && AddInsOf(context, addIn.ResourceId).Any(a => a.Id != addIn.Id && a.Name == name))
                // Difference from AWS: UpdateConnectClientAddIn models no ResourceAlreadyExistsException; a rename onto another
                // add-in's name is refused with InvalidParameterValuesException.
                throw InvalidParameter($"An Amazon Connect client add-in named {name} already exists for the directory {addIn.ResourceId}.");
            ConnectClientAddIns.Update(context.Scope, addIn.Id, a => a with { Name = name, Url = request.URL ?? a.Url });
        }
        return Task.FromResult(new UpdateConnectClientAddInResult());
    }

    public override Task<DeleteConnectClientAddInResult> DeleteConnectClientAddIn(RequestContext context, DeleteConnectClientAddInRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            var addIn = AddIn(context, request.ResourceId!, request.AddInId!);
            ConnectClientAddIns.Delete(context.Scope, addIn.Id);
        }
        return Task.FromResult(new DeleteConnectClientAddInResult());
    }

    private List<ConnectClientAddInRecord> AddInsOf(RequestContext context, string directoryId) =>
        ConnectClientAddIns.List(context.Scope).Where(a => a.ResourceId == directoryId).ToList();

    /// <summary>The add-in <paramref name="addInId"/> of the registered directory <paramref name="directoryId"/>.</summary>
    private ConnectClientAddInRecord AddIn(RequestContext context, string directoryId, string addInId)
    {
        RegisteredDirectory(context, directoryId);
        var addIn = ConnectClientAddIns.Get(context.Scope, addInId);
        if (addIn is null || addIn.ResourceId != directoryId)
            throw new AwsException(WorkSpacesErrors.ResourceNotFoundException,
                $"The Amazon Connect client add-in {addInId} could not be found for the directory {directoryId}.",
                members: new Dictionary<string, string> { ["ResourceId"] = addInId });
        return addIn;
    }

    /// <summary>A lower-case UUID (AmazonUuid), drawn from the id service so tests stay deterministic.</summary>
    private string NewUuid() =>
        $"{ids.Next("", 8, Ids.Hex)}-{ids.Next("", 4, Ids.Hex)}-4{ids.Next("", 3, Ids.Hex)}-{ids.Next("", 1, "89ab")}{ids.Next("", 3, Ids.Hex)}-{ids.Next("", 12, Ids.Hex)}";
}
