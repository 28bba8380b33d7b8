using System.Text.Json.Nodes;
using WorkSpacesEmulator.Tests.Infrastructure;

namespace WorkSpacesEmulator.Tests.WorkSpaces;

public sealed class AccountLinkTests(EmulatorFactory factory) : IClassFixture<EmulatorFactory>
{
    private static void ShouldFail(WireResponse response, string type)
    {
        response.Status.Should().Be(400, response.Body);
        response.Json["__type"]!.GetValue<string>().Should().Be(type, response.Body);
        response.Json["message"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    private static async Task<JsonObject> Invite(WorkSpacesTestBed source, WorkSpacesTestBed target)
    {
        var body = (await source.Call("CreateAccountLinkInvitation", new { TargetAccountId = target.Account })).Ok();
        body.AsObject().Select(p => p.Key).Should().Equal("AccountLink");
        return body["AccountLink"]!.AsObject();
    }

    private static string Status(JsonNode body) => body["AccountLink"]!["AccountLinkStatus"]!.GetValue<string>();

    [Fact]
    public async Task Invitation_accepted_by_the_target_becomes_LINKED_and_is_visible_to_both_accounts()
    {
        var source = new WorkSpacesTestBed(factory);
        var target = new WorkSpacesTestBed(factory);
        var link = await Invite(source, target);
        link.Select(p => p.Key).Should().BeEquivalentTo("AccountLinkId", "AccountLinkStatus", "SourceAccountId", "TargetAccountId");
        var id = link["AccountLinkId"]!.GetValue<string>();
        id.Should().MatchRegex("^link-[0-9a-z]{8,24}$");
        link["AccountLinkStatus"]!.GetValue<string>().Should().Be("PENDING_ACCEPTANCE_BY_TARGET_ACCOUNT");
        link["SourceAccountId"]!.GetValue<string>().Should().Be(source.Account);
        link["TargetAccountId"]!.GetValue<string>().Should().Be(target.Account);

        // Both sides find it, by id or by the other account.
        Status((await target.Call("GetAccountLink", new { LinkId = id })).Ok()).Should().Be("PENDING_ACCEPTANCE_BY_TARGET_ACCOUNT");
        (await target.Call("GetAccountLink", new { LinkedAccountId = source.Account })).Ok()["AccountLink"]!["AccountLinkId"]!.GetValue<string>().Should().Be(id);
        (await source.Call("GetAccountLink", new { LinkedAccountId = target.Account })).Ok()["AccountLink"]!["AccountLinkId"]!.GetValue<string>().Should().Be(id);

        // Only the target accepts.
        ShouldFail(await source.Call("AcceptAccountLinkInvitation", new { LinkId = id }), "AccessDeniedException");
        var accepted = (await target.Call("AcceptAccountLinkInvitation", new { LinkId = id, ClientToken = "t-1" })).Ok();
        Status(accepted).Should().Be("LINKED");
        Status((await source.Call("GetAccountLink", new { LinkId = id })).Ok()).Should().Be("LINKED");
        ShouldFail(await target.Call("AcceptAccountLinkInvitation", new { LinkId = id, ClientToken = "t-1" }), "ConflictException");
        ShouldFail(await target.Call("RejectAccountLinkInvitation", new { LinkId = id }), "ConflictException");

        // A second live link between the same accounts conflicts, from either side.
        ShouldFail(await source.Call("CreateAccountLinkInvitation", new { TargetAccountId = target.Account }), "ConflictException");
        ShouldFail(await target.Call("CreateAccountLinkInvitation", new { TargetAccountId = source.Account }), "ConflictException");

        // There is no unlinking once accepted.
        ShouldFail(await source.Call("DeleteAccountLinkInvitation", new { LinkId = id }), "ConflictException");
    }

    [Fact]
    public async Task Only_the_source_deletes_a_pending_invitation_and_then_it_is_gone_for_both()
    {
        var source = new WorkSpacesTestBed(factory);
        var target = new WorkSpacesTestBed(factory);
        var id = (await Invite(source, target))["AccountLinkId"]!.GetValue<string>();
        ShouldFail(await target.Call("DeleteAccountLinkInvitation", new { LinkId = id }), "AccessDeniedException");
        var deleted = (await source.Call("DeleteAccountLinkInvitation", new { LinkId = id, ClientToken = "x" })).Ok();
        deleted["AccountLink"]!["AccountLinkId"]!.GetValue<string>().Should().Be(id);
        ShouldFail(await source.Call("GetAccountLink", new { LinkId = id }), "ResourceNotFoundException");
        ShouldFail(await target.Call("GetAccountLink", new { LinkId = id }), "ResourceNotFoundException");
        ShouldFail(await target.Call("AcceptAccountLinkInvitation", new { LinkId = id }), "ResourceNotFoundException");
        ShouldFail(await source.Call("DeleteAccountLinkInvitation", new { LinkId = id }), "ResourceNotFoundException");
        // The pair is free again.
        await Invite(source, target);
    }

    [Fact]
    public async Task Rejected_invitation_is_REJECTED_and_a_new_one_can_be_sent()
    {
        var source = new WorkSpacesTestBed(factory);
        var target = new WorkSpacesTestBed(factory);
        var id = (await Invite(source, target))["AccountLinkId"]!.GetValue<string>();
        Status((await target.Call("RejectAccountLinkInvitation", new { LinkId = id })).Ok()).Should().Be("REJECTED");
        Status((await source.Call("GetAccountLink", new { LinkId = id })).Ok()).Should().Be("REJECTED");

        // ClientToken is not an idempotency token: the same token makes a new invitation.
        var again = (await source.Call("CreateAccountLinkInvitation", new { TargetAccountId = target.Account, ClientToken = "same" })).Ok();
        var newId = again["AccountLink"]!["AccountLinkId"]!.GetValue<string>();
        newId.Should().NotBe(id);
        (await target.Call("GetAccountLink", new { LinkedAccountId = source.Account })).Ok()["AccountLink"]!["AccountLinkId"]!.GetValue<string>().Should().Be(newId);
    }

    [Fact]
    public async Task Links_are_invisible_to_unrelated_accounts_and_bad_requests_are_refused()
    {
        var source = new WorkSpacesTestBed(factory);
        var target = new WorkSpacesTestBed(factory);
        var stranger = new WorkSpacesTestBed(factory);
        var id = (await Invite(source, target))["AccountLinkId"]!.GetValue<string>();
        ShouldFail(await stranger.Call("GetAccountLink", new { LinkId = id }), "ResourceNotFoundException");
        ShouldFail(await stranger.Call("AcceptAccountLinkInvitation", new { LinkId = id }), "ResourceNotFoundException");
        (await stranger.Call("ListAccountLinks")).Ok()["AccountLinks"]!.AsArray().Should().BeEmpty();
        ShouldFail(await source.Call("GetAccountLink"), "ValidationException");
        ShouldFail(await source.Call("CreateAccountLinkInvitation", new { TargetAccountId = source.Account }), "ValidationException");
        (await source.Call("GetAccountLink", new { LinkId = "nope" })).Status.Should().Be(400);

        // Another Region sees nothing.
        var otherRegion = new WorkSpacesTestBed(factory, region: "eu-west-1", account: target.Account);
        ShouldFail(await otherRegion.Call("GetAccountLink", new { LinkId = id }), "ResourceNotFoundException");
    }

    [Fact]
    public async Task List_filters_by_status_and_pages()
    {
        var source = new WorkSpacesTestBed(factory);
        var targets = Enumerable.Range(0, 3).Select(_ => new WorkSpacesTestBed(factory)).ToList();
        var ids = new List<string>();
        foreach (var t in targets) ids.Add((await Invite(source, t))["AccountLinkId"]!.GetValue<string>());
        (await targets[1].Call("AcceptAccountLinkInvitation", new { LinkId = ids[1] })).Ok();

        var first = (await source.Call("ListAccountLinks", new { MaxResults = 2 })).Ok();
        first["AccountLinks"]!.AsArray().Select(l => l!["AccountLinkId"]!.GetValue<string>()).Should().Equal(ids[0], ids[1]);
        var second = (await source.Call("ListAccountLinks", new { MaxResults = 2, NextToken = first["NextToken"]!.GetValue<string>() })).Ok();
        second["AccountLinks"]!.AsArray().Select(l => l!["AccountLinkId"]!.GetValue<string>()).Should().Equal(ids[2]);
        second.AsObject().ContainsKey("NextToken").Should().BeFalse();

        var linked = (await source.Call("ListAccountLinks", new { LinkStatusFilter = new[] { "LINKED" } })).Ok();
        linked["AccountLinks"]!.AsArray().Select(l => l!["AccountLinkId"]!.GetValue<string>()).Should().Equal(ids[1]);
        var targetView = (await targets[1].Call("ListAccountLinks")).Ok();
        targetView["AccountLinks"]!.AsArray().Select(l => l!["AccountLinkId"]!.GetValue<string>()).Should().Equal(ids[1]);
        (await source.Call("ListAccountLinks", new { LinkStatusFilter = new[] { "DELETED" } })).Status.Should().Be(400);
        ShouldFail(await source.Call("ListAccountLinks", new { NextToken = "bm9wZQ==" }), "ValidationException");
    }
}
