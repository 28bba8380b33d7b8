using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

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

    [Fact]
    public void Settings_go_Requested_Updating_Updated_and_data_access_settles()
    {
        var directory = Directory() with
        {
            DataAccessStatus = DataAccessStatuses.Enabling, DataAccessDueAt = T0 + Step,
            Settings = [new DirectorySettingState("TLS_1_0", "Enable", "Disable", SettingRequestStatuses.Requested, T0, T0)], SettingsDueAt = T0 + Step,
        };
        DirectoryConfigurationMachine.Next(directory, T0, Step).Should().BeNull();
        var first = DirectoryConfigurationMachine.Next(directory, T0 + Step, Step)!;
        first.DataAccessStatus.Should().Be("Enabled");
        first.Settings![0].RequestStatus.Should().Be("Updating");
        first.Settings[0].AppliedValue.Should().Be("Enable");
        var second = DirectoryConfigurationMachine.Next(first, T0 + Step * 2, Step)!;
        second.Settings![0].RequestStatus.Should().Be("Updated");
        second.Settings[0].AppliedValue.Should().Be("Disable");
        second.SettingsDueAt.Should().BeNull();
        DirectoryConfigurationMachine.Next(directory with { DataAccessStatus = DataAccessStatuses.Disabling }, T0 + Step, Step)!.DataAccessStatus.Should().Be("Disabled");
    }

    [Fact]
    public async Task Trusts_shares_and_settings_survive_a_restart_and_the_reconciler_finishes_them()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ds-trusts-" + Guid.NewGuid().ToString("n"));
        try
        {
            var options = Options.Create(new EmulatorOptions { DataDir = dir, TransitionSeconds = Step.TotalSeconds });
            const string scope = "000000000000/us-east-1";
            using (var store = new Store(options))
            {
                store.Table<DirectoryRecord>(ResourceKinds.Directories).Put(Directory() with
                {
                    DataAccessStatus = DataAccessStatuses.Enabling, DataAccessDueAt = T0 + Step,
                    Settings = [new DirectorySettingState("TLS_1_0", "Enable", "Disable", SettingRequestStatuses.Requested, T0, T0)], SettingsDueAt = T0 + Step,
                });
                store.Table<TrustRecord>(ResourceKinds.DirectoryTrusts).Put(new TrustRecord("t-0123456789", scope, "d-0123456789", "onprem.example.org",
                    "Forest", "Two-Way", "Disabled", TrustStates.Creating, null, T0, T0, T0, T0 + Step));
                store.Table<SharedDirectoryRecord>(ResourceKinds.SharedDirectories).Put(new SharedDirectoryRecord("d-abcdef0123", scope, "000000000000",
                    "d-0123456789", "HANDSHAKE", "222222222222", ShareStatuses.Sharing, "notes", T0, T0, T0 + Step));
                store.Table<EventTopicRecord>(ResourceKinds.DirectoryEventTopics).Put(new EventTopicRecord("d-0123456789/t", scope, "d-0123456789", "t", "arn:aws:sns:us-east-1:000000000000:t", "Registered", T0));
                store.Table<LogSubscriptionRecord>(ResourceKinds.DirectoryLogSubscriptions).Put(new LogSubscriptionRecord("d-0123456789", scope, "d-0123456789", "/aws/ds", T0));
            }
            using (var store = new Store(options))
            {
                var lifecycle = new DirectoryLifecycle(store, new Ec2Network(store, new RandomIdGenerator()), options, NullLogger<DirectoryLifecycle>.Instance);
                for (var i = 1; i <= 3; i++) await lifecycle.ReconcileAsync(T0 + Step * i, CancellationToken.None);
                store.Table<TrustRecord>(ResourceKinds.DirectoryTrusts).Get(scope, "t-0123456789")!.TrustState.Should().Be("Verified");
                var share = store.Table<SharedDirectoryRecord>(ResourceKinds.SharedDirectories).Get(scope, "d-abcdef0123")!;
                share.ShareStatus.Should().Be("Shared");
                share.ShareNotes.Should().Be("notes");
                var directory = store.Table<DirectoryRecord>(ResourceKinds.Directories).Get(scope, "d-0123456789")!;
                directory.DataAccessStatus.Should().Be("Enabled");
                directory.Settings![0].AppliedValue.Should().Be("Disable");
                store.Table<EventTopicRecord>(ResourceKinds.DirectoryEventTopics).Get(scope, "d-0123456789/t")!.TopicName.Should().Be("t");
                store.Table<LogSubscriptionRecord>(ResourceKinds.DirectoryLogSubscriptions).Get(scope, "d-0123456789")!.LogGroupName.Should().Be("/aws/ds");
            }
        }
        finally
        {
            try { System.IO.Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static DirectoryRecord Directory() => new(
        "d-0123456789", "000000000000/us-east-1", "corp.example.com", "corp", null, DirectoryTypes.MicrosoftAD, null, "Standard",
        "d-0123456789", "d-0123456789.awsapps.com", DirectoryStages.Active, null, T0, T0, null,
        "vpc-0123456789abcdef0", ["subnet-a", "subnet-b"], ["us-east-1a", "us-east-1b"], null, ["172.31.0.4", "172.31.16.4"], [],
        null, null, null, false, 2, []);
}
