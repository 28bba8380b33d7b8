using System.Text.RegularExpressions;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.DirectoryService;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.DirectoryService;

/// <summary>CreateComputer: an AD computer object (SID from the directory's RID pool, DN in the default
/// Computers container or the given OU) in a Simple AD or Managed AD directory.</summary>
public sealed partial class DirectoryServiceHandlers
{
    private ResourceTable<ComputerRecord> Computers => store.Table<ComputerRecord>(ResourceKinds.DirectoryComputers);

    private readonly Lock _computerGate = new();

    // NetBIOS computer names exclude these characters and cannot start with a period.
    [GeneratedRegex(@"^[^\\/:*?""<>|.,~!@#$%^&'(){}_ ][^\\/:*?""<>|,~!@#$%^&'(){}_ ]*$")]
    private static partial Regex ComputerNamePattern();

    public override Task<CreateComputerResult> CreateComputer(RequestContext context, CreateComputerRequest request, CancellationToken cancellationToken)
    {
        var directory = GetDirectory(context, request.DirectoryId!);
        if (!directory.HasLocalUsers)
            throw new AwsException(DirectoryServiceErrors.UnsupportedOperationException,
                $"Computers cannot be created in {directory.Type} directories.");
        RequireActive(directory, "computers can only be created in an Active directory");
        var name = request.ComputerName!;
        if (!ComputerNamePattern().IsMatch(name) || name.All(char.IsDigit))
            throw DsErrors.InvalidParameter($"ComputerName {name} is not a valid NetBIOS computer name.");
        var domainDn = DirectoryUsers.DomainDn(directory.Name);
        var container = request.OrganizationalUnitDistinguishedName is { Length: > 0 } ou
            ? ou
            : directory.Type == DirectoryTypes.MicrosoftAD ? $"OU=Computers,OU={directory.ShortName},{domainDn}" : $"CN=Computers,{domainDn}";
        if (!container.EndsWith(domainDn, StringComparison.OrdinalIgnoreCase))
            throw DsErrors.InvalidParameter($"OrganizationalUnitDistinguishedName {container} is not in the domain {directory.Name}.");
        // Difference from AWS: the OU is not required to exist (the emulator keeps no OU tree).
        var attributes = (request.ComputerAttributes ?? []).Select(a => new TagPair(a.Name ?? "", a.Value ?? "")).ToList();
        lock (_computerGate)
        {
            var key = ComputerRecord.KeyFor(directory.Id, name);
            if (Computers.Get(context.Scope, key) is not null)
                throw new AwsException(DirectoryServiceErrors.EntityAlreadyExistsException, $"Computer {name} already exists in directory {directory.Id}.");
            long rid = 0;
            var updated = UpdateDirectory(context, directory.Id, d => { rid = d.NextRid; return d with { NextRid = d.NextRid + 1 }; });
            var dn = $"CN={name},{container}";
            var computer = new ComputerRecord(key, context.Scope, directory.Id, name, $"{updated.DomainSid}-{rid}", dn, attributes,
                PasswordHasher.Hash(request.Password!), time.GetUtcNow());
            Computers.Put(computer);
            return Task.FromResult(new CreateComputerResult
            {
                Computer = new Computer
                {
                    ComputerId = computer.Sid,
                    ComputerName = computer.ComputerName,
                    ComputerAttributes =
                    [
                        new ServiceModels.DirectoryService.Attribute { Name = "DistinguishedName", Value = dn },
                        new ServiceModels.DirectoryService.Attribute { Name = "WindowsSamAccountName", Value = name + "$" },
                        .. attributes.Select(a => new ServiceModels.DirectoryService.Attribute { Name = a.Key, Value = a.Value }),
                    ],
                },
            });
        }
    }
}
