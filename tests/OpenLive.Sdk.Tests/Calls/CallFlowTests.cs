using OpenLive.Core.Errors;
using OpenLive.Sdk.Calls;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Calls;

/// <summary>
/// Calls end to end through the real server and the .NET SDK: every CallSDK end code from the scenario that produces
/// it, and the invitation races (accept after cancel, refuse after timeout).
/// </summary>
public sealed class CallFlowTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    private static Task<IncomingCallEventArgs> Incoming(LiveClient client) => Events.Next<IncomingCallEventArgs>(h => client.IncomingCall += h);

    private static Task<LiveCallEndedEventArgs> EndOf(LiveClient client) => Events.Next<LiveCallEndedEventArgs>(h => client.CallEnded += h);

    [Fact]
    public async Task OneToOne_Accepted_IsEstablishedForBoth_AndAHangUpEndsItWithCode4()
    {
        await using var alice = await Server.LoggedInClientAsync("cf1_alice");
        await using var bob = await Server.LoggedInClientAsync("cf1_bob");
        var ringing = Incoming(bob);

        var call = await alice.MakeCallAsync("cf1_bob", new LiveCallOptions { Type = LiveCallType.Video, Tips = "hello", CustomData = new byte[] { 1, 2, 3 } });
        var established = Events.Next<EventArgs>(h => call.Established += h);
        var invitation = (await ringing).Invitation;
        Assert.Equal((call.CallId, LiveCallType.Video, "cf1_alice", "hello", false), (invitation.CallId, invitation.Type, invitation.SponsorId, invitation.Tips, invitation.IsGroup));
        Assert.Equal(new byte[] { 1, 2, 3 }, invitation.CustomData.ToArray());
        Assert.Same(call.Room, alice.CurrentRoom);
        Assert.False(call.IsEstablished);

        var answered = await bob.AcceptCallAsync(invitation.CallId);
        await established;
        Assert.True(answered.IsEstablished);
        Assert.Equal(call.CallId, answered.CallId);
        Assert.Equal(["cf1_alice", "cf1_bob"], answered.Room.Members.Select(m => m.UserId).Order(StringComparer.Ordinal));
        Assert.Empty(bob.RingingCalls);

        var aliceEnd = EndOf(alice);
        await answered.HangUpAsync();
        var end = await aliceEnd;
        Assert.Equal((LiveCallEndCode.Hangup, "cf1_bob"), (end.Code, end.ByUserId));
        Assert.Equal(LiveCallEndCode.Hangup, answered.EndReason!.Code);
        Assert.Null(alice.CurrentCall);
        Assert.Null(alice.CurrentRoom);
        Assert.Null(bob.CurrentRoom);
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => call.HangUpAsync())).Is(ILiveErrorCode.WrongState));
    }

    [Fact]
    public async Task Refused_EndsTheCallersCallWithCode3()
    {
        await using var alice = await Server.LoggedInClientAsync("cf2_alice");
        await using var bob = await Server.LoggedInClientAsync("cf2_bob");
        var ringing = Incoming(bob);
        var call = await alice.MakeCallAsync("cf2_bob");
        var ended = EndOf(alice);

        await bob.RefuseCallAsync((await ringing).Invitation.CallId);

        var end = await ended;
        Assert.Equal((call.CallId, LiveCallEndCode.ResponderRefuse, "cf2_bob"), (end.CallId, end.Code, end.ByUserId));
        Assert.Null(alice.CurrentRoom);
    }

    [Fact]
    public async Task Cancelled_EndsTheInvitationWithCode1_AndAnAcceptAfterItGets1802()
    {
        await using var alice = await Server.LoggedInClientAsync("cf3_alice");
        await using var bob = await Server.LoggedInClientAsync("cf3_bob");
        var ringing = Incoming(bob);
        var call = await alice.MakeCallAsync("cf3_bob");
        var callId = (await ringing).Invitation.CallId;
        var bobEnd = EndOf(bob);

        await call.CancelAsync();

        var end = await bobEnd;
        Assert.Equal((callId, LiveCallEndCode.SponsorCancel, "cf3_alice"), (end.CallId, end.Code, end.ByUserId));
        Assert.Equal(LiveCallEndCode.SponsorCancel, call.EndReason!.Code);
        var accept = await Assert.ThrowsAsync<LiveException>(() => bob.AcceptCallAsync(callId));
        Assert.Equal(("AVSDK", 1802), (accept.Module, accept.Code));
        Assert.Null(bob.CurrentRoom);
    }

    [Fact]
    public async Task NoAnswer_EndsWithCode2ForBoth_AndARefuseAfterItGets1803()
    {
        await using var alice = await Server.LoggedInClientAsync("cf4_alice");
        await using var bob = await Server.LoggedInClientAsync("cf4_bob");
        var ringing = Incoming(bob);
        var aliceEnd = EndOf(alice);
        var bobEnd = EndOf(bob);

        await alice.MakeCallAsync("cf4_bob", new LiveCallOptions { RingTimeout = TimeSpan.FromSeconds(1) });
        var callId = (await ringing).Invitation.CallId;

        Assert.Equal(LiveCallEndCode.SponsorTimeout, (await aliceEnd).Code);
        Assert.Equal(LiveCallEndCode.SponsorTimeout, (await bobEnd).Code);
        var refuse = await Assert.ThrowsAsync<LiveException>(() => bob.RefuseCallAsync(callId));
        Assert.Equal(("AVSDK", 1803), (refuse.Module, refuse.Code));
    }

    [Fact]
    public async Task CallingAUserInAnotherCall_EndsWithCode5_LineBusy()
    {
        await using var alice = await Server.LoggedInClientAsync("cf5_alice");
        await using var bob = await Server.LoggedInClientAsync("cf5_bob");
        await using var carol = await Server.LoggedInClientAsync("cf5_carol");
        var ringing = Incoming(bob);
        await carol.MakeCallAsync("cf5_bob");
        await bob.AcceptCallAsync((await ringing).Invitation.CallId);
        var aliceEnd = EndOf(alice);

        var call = await alice.MakeCallAsync("cf5_bob");

        var end = await aliceEnd;
        Assert.Equal((call.CallId, LiveCallEndCode.ResponderLineBusy, "cf5_bob"), (end.CallId, end.Code, end.ByUserId));
        Assert.Null(alice.CurrentRoom);
        Assert.Equal(2, bob.CurrentCall!.Members.Count(m => m.State == LiveCallMemberState.InCall)); // bob's call goes on
    }

    [Fact]
    public async Task AnInviteeWhoWasOffline_GetsTheRingingCallAtLogin_AndCanAcceptIt()
    {
        await using var alice = await Server.LoggedInClientAsync("cf6_alice");
        await using (var earlier = await Server.LoggedInClientAsync("cf6_bob"))
        {
            await earlier.LogoutAsync(); // bob is a user of the app, offline now
        }

        var call = await alice.MakeCallAsync("cf6_bob", new LiveCallOptions { Tips = "while you were away" });
        var established = Events.Next<EventArgs>(h => call.Established += h);
        await using var bob = Server.NewClient();
        var ringing = Incoming(bob);
        await bob.LoginAsync("cf6_bob", Server.Sig("cf6_bob"));

        var invitation = (await ringing).Invitation;
        Assert.Equal((call.CallId, "while you were away"), (invitation.CallId, invitation.Tips));
        Assert.Single(bob.RingingCalls);
        await bob.AcceptCallAsync(call.CallId);
        await established;
    }

    [Fact]
    public async Task GroupCall_GoesOnWhileTwoAreInIt_AddsMembers_AndEndsWhenTheLastTwoLeave()
    {
        await using var alice = await Server.LoggedInClientAsync("cf7_alice");
        await using var bob = await Server.LoggedInClientAsync("cf7_bob");
        await using var carol = await Server.LoggedInClientAsync("cf7_carol");
        await using var dave = await Server.LoggedInClientAsync("cf7_dave");
        var bobRings = Incoming(bob);
        var carolRings = Incoming(carol);

        var call = await alice.MakeGroupCallAsync(["cf7_bob", "cf7_carol"]);
        Assert.True(call.IsGroup);
        var bobCall = await bob.AcceptCallAsync((await bobRings).Invitation.CallId);
        var carolCall = await carol.AcceptCallAsync((await carolRings).Invitation.CallId);
        Assert.True((await carolRings).Invitation.IsGroup);

        // A second invitation to someone already in the call: 1801.
        var again = await Assert.ThrowsAsync<LiveException>(() => bobCall.InviteAsync(["cf7_carol"]));
        Assert.Equal(("AVSDK", 1801), (again.Module, again.Code));

        // A member adds dave; dave joins.
        var daveRings = Incoming(dave);
        await bobCall.InviteAsync(["cf7_dave"]);
        var daveInvitation = (await daveRings).Invitation;
        Assert.Equal(("cf7_alice", "cf7_bob"), (daveInvitation.SponsorId, daveInvitation.InviterId));
        var daveCall = await dave.AcceptCallAsync(daveInvitation.CallId);

        // The sponsor leaving does not end a group call.
        var left = Events.Next<LiveCallMemberEventArgs>(h => bobCall.MemberChanged += h, e => e.Member.UserId == "cf7_alice");
        await call.HangUpAsync();
        Assert.Equal(LiveCallMemberState.Left, (await left).Member.State);
        await carolCall.HangUpAsync();
        Assert.Null(bobCall.EndReason);

        // The last two: one leaving ends it for the other.
        var daveEnd = EndOf(dave);
        await bobCall.HangUpAsync();
        Assert.Equal((LiveCallEndCode.Hangup, "cf7_bob"), ((await daveEnd).Code, (await daveEnd).ByUserId));
        Assert.Null(dave.CurrentRoom);
        Assert.Equal(LiveCallEndCode.Hangup, daveCall.EndReason!.Code);
    }

    [Fact]
    public async Task BadRequests_GetTheSeedCodes()
    {
        await using var alice = await Server.LoggedInClientAsync("cf8_alice");
        await using var bob = await Server.LoggedInClientAsync("cf8_bob");

        Assert.Equal(("ILiveSDK", 8021), Codes(await Assert.ThrowsAsync<LiveException>(() => alice.MakeCallAsync("cf8_alice"))));
        Assert.Equal(("AVSDK", 1801), Codes(await Assert.ThrowsAsync<LiveException>(() => alice.MakeCallAsync("cf8_never_logged_in"))));
        Assert.Equal(("ILiveSDK", 8021), Codes(await Assert.ThrowsAsync<LiveException>(() => alice.MakeCallAsync("bad id with spaces"))));
        Assert.Equal(("ILiveSDK", 8021), Codes(await Assert.ThrowsAsync<LiveException>(() =>
            alice.MakeGroupCallAsync([.. Enumerable.Range(0, 17).Select(i => $"cf8_many_{i}")]))));
        Assert.Equal(("ILiveSDK", 8021), Codes(await Assert.ThrowsAsync<LiveException>(() =>
            alice.MakeCallAsync("cf8_bob", new LiveCallOptions { Tips = new string('x', 257) }))));
        Assert.Equal(("AVSDK", 1802), Codes(await Assert.ThrowsAsync<LiveException>(() => bob.AcceptCallAsync(12345))));

        // In a room: a call needs the client to be in none (8010).
        await alice.CreateRoomAsync(9801, LiveRoomOptions.Host());
        Assert.Equal(("ILiveSDK", 8010), Codes(await Assert.ThrowsAsync<LiveException>(() => alice.MakeCallAsync("cf8_bob"))));
        await alice.QuitRoomAsync();

        // In a call: its room is left by hanging up, not by quitting (8008); a cancel after the answer is 8008 too.
        var ringing = Incoming(bob);
        var call = await alice.MakeCallAsync("cf8_bob");
        await bob.AcceptCallAsync((await ringing).Invitation.CallId);
        Assert.Equal(("ILiveSDK", 8008), Codes(await Assert.ThrowsAsync<LiveException>(() => alice.QuitRoomAsync())));
        Assert.Equal(("ILiveSDK", 8008), Codes(await Assert.ThrowsAsync<LiveException>(() => call.CancelAsync())));
        Assert.Equal(("ILiveSDK", 8008), Codes(await Assert.ThrowsAsync<LiveException>(() => call.InviteAsync(["cf8_bob"]))));
        await call.HangUpAsync();
    }

    private static (string, int) Codes(LiveException e) => (e.Module, e.Code);
}
