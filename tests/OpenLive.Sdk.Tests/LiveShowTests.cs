using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>The live-show layer end to end: co-host invitations, kick, mute.</summary>
public sealed class LiveShowTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    private async Task<(LiveClient Host, LiveRoom HostRoom, LiveClient Viewer, LiveRoom Room)> ShowAsync(uint roomId, string prefix)
    {
        var host = await Server.LoggedInClientAsync($"{prefix}_host");
        var viewer = await Server.LoggedInClientAsync($"{prefix}_viewer");
        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        var room = await viewer.JoinRoomAsync(roomId, LiveRoomOptions.Audience());
        return (host, hostRoom, viewer, room);
    }

    [Fact]
    public async Task Invite_Agree_MakesTheAudienceMemberACoHostForEveryone()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9501, "ls1");
        await using var _ = host;
        await using var __ = viewer;
        var invited = Events.Next<CoHostEventArgs>(h => room.CoHostInvited += h);
        var answered = Events.Next<CoHostEventArgs>(h => hostRoom.CoHostAnswered += h);
        var updated = Events.Next<MemberUpdatedEventArgs>(h => hostRoom.MemberUpdated += h);
        var command = Events.Next<MessageReceivedEventArgs>(h => viewer.MessageReceived += h);

        await hostRoom.InviteCoHostAsync("ls1_viewer");
        Assert.Equal("ls1_host", (await invited).UserId);
        Assert.Equal(0x703, (await command).Message.Command!.UserAction); // visible to iLive-style command parsers too

        await room.AcceptCoHostInviteAsync();
        Assert.Equal(("LiveGuest", AuthBits.CoHost), (room.Self.ControlRole, room.Self.AuthBits));
        var answer = await answered;
        Assert.Equal(("ls1_viewer", true), (answer.UserId, answer.Accepted));
        Assert.Equal("LiveGuest", (await updated).Member.ControlRole);

        await room.DownToNormalMemberAsync();
        Assert.Equal(("Guest", AuthBits.Audience), (room.Self.ControlRole, room.Self.AuthBits));
    }

    [Fact]
    public async Task CustomCommands_ReachTheRoomAsCommandEvents_OnlineOnly_AndTheServersOwnAreRefused()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9505, "ls5");
        await using var _ = host;
        await using var __ = viewer;
        var command = Events.Next<CommandReceivedEventArgs>(h => hostRoom.CommandReceived += h);
        var message = Events.Next<MessageReceivedEventArgs>(h => hostRoom.MessageReceived += h);

        await room.SendCommandAsync(0x800, "gift:rose");
        var received = await command;
        Assert.Equal(("ls5_viewer", 0x800, "gift:rose"), (received.Sender, received.Command.UserAction, received.Command.ActionParam));
        Assert.True((await message).Message.IsOnlineOnly); // every group message is still a message too
        Assert.Empty(await hostRoom.GetMessagesAsync()); // online only: not history

        // The co-host commands are the server's: a member cannot forge an invitation or an answer.
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.SendCommandAsync(0x703, "ls5_host"))));
    }

    [Fact]
    public async Task Reject_Cancel_AndTheInvitationErrors()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9502, "ls2");
        await using var _ = host;
        await using var __ = viewer;

        Assert.Equal(("AVSDK", 1802), Codes(await Assert.ThrowsAsync<LiveException>(() => room.AcceptCoHostInviteAsync())));
        Assert.Equal(("AVSDK", 1803), Codes(await Assert.ThrowsAsync<LiveException>(() => room.RejectCoHostInviteAsync())));
        Assert.Equal(("AVSDK", 1801), Codes(await Assert.ThrowsAsync<LiveException>(() => hostRoom.InviteCoHostAsync("not_in_room"))));
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.InviteCoHostAsync("ls2_host"))));

        var answered = Events.Next<CoHostEventArgs>(h => hostRoom.CoHostAnswered += h);
        await hostRoom.InviteCoHostAsync("ls2_viewer");
        Assert.Equal(["ls2_viewer"], hostRoom.PendingCoHostInvites);
        await room.RejectCoHostInviteAsync();
        Assert.Null(room.PendingCoHostInvitation);
        Assert.False((await answered).Accepted);
        Assert.Empty(hostRoom.PendingCoHostInvites);
        Assert.Equal(AuthBits.Audience, room.Self.AuthBits);

        var canceled = Events.Next<CoHostEventArgs>(h => room.CoHostInviteCanceled += h);
        await hostRoom.InviteCoHostAsync("ls2_viewer");
        await hostRoom.CancelCoHostInviteAsync("ls2_viewer");
        Assert.Empty(hostRoom.PendingCoHostInvites);
        Assert.Equal("ls2_host", (await canceled).UserId);
        Assert.Null(room.PendingCoHostInvitation);
        Assert.Equal(("AVSDK", 1802), Codes(await Assert.ThrowsAsync<LiveException>(() => room.AcceptCoHostInviteAsync())));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => hostRoom.CancelCoHostInviteAsync("ls2_viewer"))).Is(ILiveErrorCode.NotFound));

        // Leaving the room ends an open invitation: coming back does not revive it.
        await hostRoom.InviteCoHostAsync("ls2_viewer");
        await room.QuitAsync();
        var back = await viewer.JoinRoomAsync(9502, LiveRoomOptions.Audience());
        Assert.Equal(("AVSDK", 1802), Codes(await Assert.ThrowsAsync<LiveException>(() => back.AcceptCoHostInviteAsync())));
    }

    [Fact]
    public async Task AnUnansweredInvitation_Expires_BothSidesHearIt_AndNothingIsPendingAfter()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9506, "ls6");
        await using var _ = host;
        await using var __ = viewer;
        var invited = Events.Next<CoHostEventArgs>(h => room.CoHostInvited += h);
        var viewerHeard = Events.Next<CoHostEventArgs>(h => room.CoHostInviteExpired += h);
        var hostHeard = Events.Next<CoHostEventArgs>(h => hostRoom.CoHostInviteExpired += h);

        await hostRoom.InviteCoHostAsync("ls6_viewer", TimeSpan.FromSeconds(1));
        Assert.Equal(["ls6_viewer"], hostRoom.PendingCoHostInvites);
        await invited;
        Assert.Equal("ls6_host", room.PendingCoHostInvitation);

        Assert.Equal("ls6_host", (await viewerHeard).UserId);
        Assert.Equal("ls6_viewer", (await hostHeard).UserId);
        Assert.Null(room.PendingCoHostInvitation);
        Assert.Empty(hostRoom.PendingCoHostInvites);
        Assert.Equal(("AVSDK", 1802), Codes(await Assert.ThrowsAsync<LiveException>(() => room.AcceptCoHostInviteAsync())));

        // The expiry is the server's word: a member cannot send it to make the owner drop its invitation.
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.SendCommandAsync(LiveCommandIds.InviteExpired, "ls6_host"))));
    }

    [Fact]
    public async Task OwnerKicks_TheMemberGetsAClearReason_OthersSeeOut()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9503, "ls3");
        await using var _ = host;
        await using var __ = viewer;
        var ended = Events.Next<RoomEndedEventArgs>(h => room.Ended += h);
        var left = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == MemberEventId.Out);
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.KickAsync("ls3_host"))));

        await hostRoom.KickAsync("ls3_viewer", "spam");
        var reason = (await ended).Error!;
        Assert.Equal(("AVSDK", 10006), Codes(reason));
        Assert.Contains("removed you from the room: spam", reason.Message, StringComparison.Ordinal);
        Assert.Equal("ls3_viewer", (await left).Members[0].UserId);
        Assert.Null(viewer.CurrentRoom);
        Assert.Equal(("AVSDK", 10010), Codes(await Assert.ThrowsAsync<LiveException>(() => hostRoom.KickAsync("ls3_viewer"))));
    }

    [Fact]
    public async Task MutedMember_CannotChat_UntilUnmuted()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9504, "ls4");
        await using var _ = host;
        await using var __ = viewer;
        var updated = Events.Next<MemberUpdatedEventArgs>(h => room.MemberUpdated += h);
        await hostRoom.MuteAsync("ls4_viewer", TimeSpan.FromMinutes(5));
        Assert.NotNull((await updated).Member.MutedUntil);

        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.SendMessageAsync(LiveMessage.Text("let me talk")))));
        Assert.Empty(await hostRoom.GetMessagesAsync()); // refused before anything was stored

        await hostRoom.MuteAsync("ls4_viewer", TimeSpan.Zero);
        await room.SendMessageAsync(LiveMessage.Text("thanks"));
        Assert.Equal(["thanks"], (await hostRoom.GetMessagesAsync()).Select(m => m.Text));
    }

    private static (string, int) Codes(LiveException e) => (e.Module, e.Code);
}
