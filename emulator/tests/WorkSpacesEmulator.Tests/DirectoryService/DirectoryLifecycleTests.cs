using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WorkSpacesEmulator.Protocol;
using WorkSpacesEmulator.Services.DirectoryService;
using WorkSpacesEmulator.Services.Ec2;
using WorkSpacesEmulator.Storage;

namespace WorkSpacesEmulator.Tests.DirectoryService;

public sealed class DirectoryLifecycleTests
{
    private static readonly TimeSpan Transition = TimeSpan.FromSeconds(5);

    private static DirectoryRecord Requested(DateTimeOffset now) => new(
        "d-0123456789", "000000000000/us-east-1", "corp.example.com", "corp", null, DirectoryTypes.SimpleAD, "Small", null,
        "d-0123456789", "d-0123456789.awsapps.com", DirectoryStages.Requested, null, now, now, now + Transition,
        "vpc-0123456789abcdef0", ["subnet-a", "subnet-b"], ["us-east-1a", "us-east-1b"], null, ["172.31.0.4", "172.31.16.4"], [],
        null, null, null, false, 0, []);

    [Fact]
    public void Requested_becomes_Creating_then_Active_each_after_the_transition_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var directory = Requested(clock.GetUtcNow());

        DirectoryStateMachine.Next(directory, clock.GetUtcNow(), Transition).Kind.Should().Be(DirectoryStepKind.None);
        clock.Advance(Transition - TimeSpan.FromMilliseconds(1));
        DirectoryStateMachine.Next(directory, clock.GetUtcNow(), Transition).Kind.Should().Be(DirectoryStepKind.None);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var creating = DirectoryStateMachine.Next(directory, clock.GetUtcNow(), Transition);
        creating.Kind.Should().Be(DirectoryStepKind.Advance);
        creating.Updated!.Stage.Should().Be("Creating");
        creating.Updated.StageLastUpdatedDateTime.Should().Be(clock.GetUtcNow());
        creating.Updated.NextTransitionAt.Should().Be(clock.GetUtcNow() + Transition);

        clock.Advance(Transition);
        var active = DirectoryStateMachine.Next(creating.Updated, clock.GetUtcNow(), Transition);
        active.Updated!.Stage.Should().Be("Active");
        active.Updated.NextTransitionAt.Should().BeNull();
        active.Updated.LaunchTime.Should().Be(directory.LaunchTime);

        clock.Advance(TimeSpan.FromHours(1));
        DirectoryStateMachine.Next(active.Updated, clock.GetUtcNow(), Transition).Kind.Should().Be(DirectoryStepKind.None);
    }

    [Fact]
    public void Deleting_is_removed_when_due()
    {
        var clock = new FakeTimeProvider();
        var deleting = DirectoryStateMachine.Enter(Requested(clock.GetUtcNow()), DirectoryStages.Deleting, clock.GetUtcNow(), clock.GetUtcNow() + Transition);
        DirectoryStateMachine.Next(deleting, clock.GetUtcNow(), Transition).Kind.Should().Be(DirectoryStepKind.None);
        clock.Advance(Transition);
        DirectoryStateMachine.Next(deleting, clock.GetUtcNow(), Transition).Kind.Should().Be(DirectoryStepKind.Remove);
    }

    [Fact]
    public async Task The_reconciler_participant_walks_a_stored_directory_through_its_lifecycle_and_frees_its_network()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new EmulatorOptions { DataDir = ":memory:", TransitionSeconds = Transition.TotalSeconds });
        using var store = new Store(options);
        var network = new Ec2Network(store, new RandomIdGenerator());
        var context = new RequestContext("000000000000", "us-east-1", "test", "ds", "CreateDirectory");
        network.EnsureDefaults(context);
        var subnet = network.Subnets.List(context.Scope)[0];
        var group = network.CreateSecurityGroup(context, subnet.VpcId, "d-0123456789_controllers", "test", []);
        var eni = network.AllocateInterface(context, subnet.Id, "test", "interface", "amazon-ds", [group.Id], "d-0123456789");
        var directories = store.Table<DirectoryRecord>(ResourceKinds.Directories);
        directories.Put(Requested(clock.GetUtcNow()) with { SecurityGroupId = group.Id, NetworkInterfaceIds = [eni.Id] });
        var lifecycle = new DirectoryLifecycle(store, network, options, NullLogger<DirectoryLifecycle>.Instance);

        async Task<string?> Tick(TimeSpan by)
        {
            clock.Advance(by);
            await lifecycle.ReconcileAsync(clock.GetUtcNow(), CancellationToken.None);
            return directories.Get(context.Scope, "d-0123456789")?.Stage;
        }

        (await Tick(TimeSpan.FromSeconds(1))).Should().Be("Requested");
        (await Tick(Transition)).Should().Be("Creating");
        (await Tick(Transition)).Should().Be("Active");
        var active = directories.Get(context.Scope, "d-0123456789")!;
        directories.Replace(active, DirectoryStateMachine.Enter(active, DirectoryStages.Deleting, clock.GetUtcNow(), clock.GetUtcNow() + Transition));
        (await Tick(TimeSpan.FromSeconds(1))).Should().Be("Deleting");
        (await Tick(Transition)).Should().BeNull();
        network.NetworkInterfaces.Get(context.Scope, eni.Id).Should().BeNull();
        network.SecurityGroups.Get(context.Scope, group.Id).Should().BeNull();
    }

    [Fact]
    public void Passwords_are_hashed_with_a_salt_and_verified()
    {
        var a = PasswordHasher.Hash("Sup3r-Secret!");
        var b = PasswordHasher.Hash("Sup3r-Secret!");
        a.Should().NotBe(b, "every hash has its own salt");
        PasswordHasher.Verify(a, "Sup3r-Secret!").Should().BeTrue();
        PasswordHasher.Verify(a, "sup3r-secret!").Should().BeFalse();
        PasswordHasher.Verify(null, "x").Should().BeFalse();
    }
}
