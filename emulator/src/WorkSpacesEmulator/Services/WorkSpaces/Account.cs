using WorkSpacesEmulator.Networking;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.ServiceModels.WorkSpaces;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Services.WorkSpaces;

// Account / BYOL (dedicated tenancy): DescribeAccount, ModifyAccount, DescribeAccountModifications, ListAvailableManagementCidrRanges.
public sealed partial class WorkSpacesHandlers
{
    private const int AccountModificationsPageSize = 25;

    /// <summary>The private ranges a BYOL management interface range is taken from.</summary>
    private static readonly Ipv4Cidr[] ManagementCidrPools =
    [
        new(0x0A000000, 8),    // 10.0.0.0/8
        new(0xAC100000, 12),   // 172.16.0.0/12
        new(0xC0A80000, 16),   // 192.168.0.0/16
    ];

    private ResourceTable<AccountRecord> Accounts => store.Table<AccountRecord>(ResourceKinds.Accounts);

    public override Task<DescribeAccountResult> DescribeAccount(RequestContext context, DescribeAccountRequest request, CancellationToken ct)
    {
        var account = Accounts.Get(context.Scope, AccountRecord.SingletonId);
        var enabled = account?.DedicatedTenancySupport == "ENABLED";
        return Task.FromResult(new DescribeAccountResult
        {
            DedicatedTenancySupport = enabled ? "ENABLED" : "DISABLED",
            DedicatedTenancyManagementCidrRange = enabled ? account!.DedicatedTenancyManagementCidrRange : null,
            // Difference from AWS: which account type AWS reports for an account that is not linked is not documented;
            // the emulator reports SOURCE_ACCOUNT once BYOL is enabled and nothing before.
            DedicatedTenancyAccountType = enabled ? "SOURCE_ACCOUNT" : null,
        });
    }

    public override Task<ModifyAccountResult> ModifyAccount(RequestContext context, ModifyAccountRequest request, CancellationToken ct)
    {
        // ENABLED is the only value the model allows; BYOL cannot be switched off through the API.
        if (request.DedicatedTenancySupport is null)
            throw InvalidParameter("DedicatedTenancySupport must be ENABLED.");
        var range = request.DedicatedTenancyManagementCidrRange
            ?? throw InvalidParameter("DedicatedTenancyManagementCidrRange is required to enable BYOL.");
        if (!Ipv4Cidr.TryParse(range, out var cidr) || !AvailableManagementRanges(context, [cidr]).Any())
            throw InvalidParameter(
                $"The management CIDR range {range} is not available. Choose one that ListAvailableManagementCidrRanges returns.");
        lock (_gate)
        {
            var account = Accounts.Get(context.Scope, AccountRecord.SingletonId)
                ?? new AccountRecord(AccountRecord.SingletonId, context.Scope, "DISABLED", null, []);
            if (account.Modifications.Any(m => m.ModificationState == "PENDING"))
                throw new AwsException(WorkSpacesErrors.InvalidResourceStateException,
                    "A modification of the BYOL configuration is already in progress. Wait for it to complete.");
            if (account.DedicatedTenancySupport == "ENABLED" && account.DedicatedTenancyManagementCidrRange == cidr.ToString())
                throw InvalidParameter($"BYOL is already enabled with the management CIDR range {cidr}.");
            var modification = new AccountModificationRecord(Now, "PENDING", "ENABLED", cidr.ToString(), TransitionDue);
            Accounts.Put(account with { Modifications = [.. account.Modifications, modification] });
        }
        return Task.FromResult(new ModifyAccountResult());
    }

    public override Task<DescribeAccountModificationsResult> DescribeAccountModifications(RequestContext context,
        DescribeAccountModificationsRequest request, CancellationToken ct)
    {
        var modifications = Accounts.Get(context.Scope, AccountRecord.SingletonId)?.Modifications ?? [];
        // Difference from AWS: the order and page size are not documented; the emulator lists the newest first, 25 a page.
        var newestFirst = modifications.Reverse().ToList();
        var page = Paging.Take(newestFirst, AccountModificationsPageSize, request.NextToken, "account-modifications", InvalidToken);
        return Task.FromResult(new DescribeAccountModificationsResult
        {
            AccountModifications = page.Items.Select(m => new AccountModification
            {
                ModificationState = m.ModificationState,
                DedicatedTenancySupport = m.DedicatedTenancySupport,
                DedicatedTenancyManagementCidrRange = m.DedicatedTenancyManagementCidrRange,
                StartTime = m.StartTime,
            }).ToList(),
            NextToken = page.NextToken,
        });
    }

    public override Task<ListAvailableManagementCidrRangesResult> ListAvailableManagementCidrRanges(RequestContext context,
        ListAvailableManagementCidrRangesRequest request, CancellationToken ct)
    {
        var constraint = request.ManagementCidrRangeConstraint!;
        if (!Ipv4Cidr.TryParse(constraint, out var range))
            throw InvalidParameter($"The CIDR range {constraint} is not valid.");
        // Difference from AWS: AWS answers AccessDeniedException to accounts it has not approved for BYOL; every emulated
        // account is approved. A constraint narrower than /16 holds no /16 range and lists nothing.
        var page = Paging.Take(AvailableManagementRanges(context, [range]).Select(c => c.ToString()).ToList(),
            request.MaxResults ?? 5, request.NextToken, "management-cidr-ranges/" + range, InvalidToken);
        return Task.FromResult(new ListAvailableManagementCidrRangesResult { ManagementCidrRanges = page.Items.ToList(), NextToken = page.NextToken });
    }

    /// <summary>The /16 ranges inside the constraints that lie in a private pool and overlap none of the account's VPCs in the Region.
    /// Difference from AWS: AWS's exact pools and conflict rules are not documented; the emulator uses the RFC 1918 ranges.</summary>
    private IEnumerable<Ipv4Cidr> AvailableManagementRanges(RequestContext context, Ipv4Cidr[] constraints)
    {
        var vpcs = network.Vpcs.List(context.Scope)
            .Select(v => Ipv4Cidr.TryParse(v.CidrBlock, out var c) ? c : (Ipv4Cidr?)null).OfType<Ipv4Cidr>().ToList();
        foreach (var constraint in constraints)
        {
            if (constraint.PrefixLength > 16) continue;
            var first = constraint.Network & 0xFFFF0000u;
            var count = 1u << (16 - constraint.PrefixLength);
            for (uint i = 0; i < count; i++)
            {
                var candidate = new Ipv4Cidr(first + (i << 16), 16);
                if (ManagementCidrPools.Any(p => p.Contains(candidate)) && !vpcs.Any(v => v.Overlaps(candidate)))
                    yield return candidate;
            }
        }
    }
}
