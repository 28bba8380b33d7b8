using WorkSpacesEmulator.Services.DirectoryService;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>The exact state sequences of trusts, shares and directory configuration, with a controlled clock.</summary>
public sealed class DirectoryDependentsStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_new_trust_goes_Creating_Created_Verifying_Verified_and_a_deleted_one_disappears()
    {
        var trust = new TrustRecord("t-0123456789", "a/r", "d-0123456789", "onprem.example.org", "Forest", "Two-Way", "Disabled",
            TrustStates.Creating, null, T0, T0, T0, T0 + Step);
        TrustStateMachine.Next(trust, T0, Step).Should().BeSameAs(trust, "nothing is due yet");
        var states = new List<string>();
        var now = T0;
        while (trust.NextTransitionAt is not null)
        {
            now += Step;
            trust = TrustStateMachine.Next(trust, now, Step)!;
            states.Add(trust.TrustState);
        }
        states.Should().Equal("Created", "Verifying", "Verified");
        trust.StateLastUpdatedDateTime.Should().Be(now);

        var updating = TrustStateMachine.Enter(trust, TrustStates.Updating, now, now + Step);
        var updated = TrustStateMachine.Next(updating, now + Step, Step)!;
        updated.TrustState.Should().Be("Updated");
        TrustStateMachine.Next(updated, now + Step * 2, Step)!.TrustState.Should().Be("Verifying");
        TrustStateMachine.Next(TrustStateMachine.Enter(trust, TrustStates.Deleting, now, now), now, Step).Should().BeNull();
    }

    [Fact]
    public void Shares_settle_Sharing_to_Shared_Rejecting_to_Rejected_and_Deleting_to_gone()
    {
        var share = new SharedDirectoryRecord("d-0123456789", "111111111111/us-east-1", "111111111111", "d-9876543210", "HANDSHAKE",
            "222222222222", ShareStatuses.Sharing, null, T0, T0, T0 + Step);
        share.Region.Should().Be("us-east-1");
        ShareStatuses.Next(share, T0).Should().BeSameAs(share);
        ShareStatuses.Next(share, T0 + Step)!.ShareStatus.Should().Be("Shared");
        ShareStatuses.Next(share with { ShareStatus = ShareStatuses.Rejecting }, T0 + Step)!.ShareStatus.Should().Be("Rejected");
        ShareStatuses.Next(share with { ShareStatus = ShareStatuses.Deleting }, T0 + Step).Should().BeNull();
    }
}
