using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Rooms;
using OpenLive.Server.Grains;
using OpenLive.Server.Im;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// Who may send media into a room and whether the owner's kicks and mutes stick (issue 12, item 3), end to end with
/// the real SDK: without a privateMapKey, a member who did not create the room gets send bits only from the owner
/// (an accepted co-host invitation); a kicked user stays out and a muted user stays muted for the room's lifetime.
/// </summary>
public sealed class RoomAuthorizationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    private async Task<(LiveClient Host, LiveRoom HostRoom, LiveClient Viewer)> RoomAsync(uint roomId, string prefix)
    {
        var host = await Server.LoggedInClientAsync($"{prefix}_host");
        var viewer = await Server.LoggedInClientAsync($"{prefix}_viewer");
        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        return (host, hostRoom, viewer);
    }

    [Fact]
    public async Task JoiningAStrangersRoom_WithASendingRole_Is10003_AndLeavesNoTrace()
    {
        var (host, hostRoom, viewer) = await RoomAsync(9561, "az1");
        await using var _ = host;
        await using var __ = viewer;

        var refused = await Assert.ThrowsAsync<LiveException>(() => viewer.JoinRoomAsync(9561, new LiveRoomOptions { ControlRole = "LiveGuest" }));
        Assert.Equal(("AVSDK", 10003), Codes(refused));
        Assert.Contains("invitation", refused.Message, StringComparison.Ordinal);
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => viewer.JoinRoomAsync(9561, LiveRoomOptions.Host()))));
        Assert.Equal(["az1_host"], (await hostRoom.GetMembersAsync()).Select(m => m.UserId));

        // Asking for the audience role is fine.
        var room = await viewer.JoinRoomAsync(9561, LiveRoomOptions.Audience());
        Assert.Equal(AuthBits.Audience, room.Self.AuthBits);
    }

    [Fact]
    public async Task AnAudienceMember_CannotPromoteItself_OnlyTheOwnersInvitationGivesSendBits()
    {
        var (host, hostRoom, viewer) = await RoomAsync(9562, "az2");
        await using var _ = host;
        await using var __ = viewer;
        var room = await viewer.JoinRoomAsync(9562, LiveRoomOptions.Audience());

        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.ChangeRoleAsync("LiveGuest"))));
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.UpToVideoMemberAsync())));
        Assert.Equal(AuthBits.Audience, room.Self.AuthBits);
        Assert.Equal(AuthBits.Audience, (await hostRoom.GetMemberAsync("az2_viewer")).AuthBits);

        // The owner's invitation, accepted, makes it a co-host; within those bits it may change roles.
        var invited = Events.Next<CoHostEventArgs>(h => room.CoHostInvited += h);
        await hostRoom.InviteCoHostAsync("az2_viewer");
        await invited;
        await room.AcceptCoHostInviteAsync();
        Assert.Equal(("LiveGuest", AuthBits.CoHost), (room.Self.ControlRole, room.Self.AuthBits));
        await room.ChangeAuthorityAsync(AuthBits.CoHost & ~AuthBits.SendScreenVideo);
        await room.ChangeAuthorityAsync(AuthBits.CoHost);
        Assert.Equal(AuthBits.CoHost, room.Self.AuthBits);

        // Stepping down ends the promotion: going back on stage needs a new invitation.
        await room.DownToNormalMemberAsync();
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.UpToVideoMemberAsync())));
        Assert.Equal(AuthBits.Audience, room.Self.AuthBits);

        // The owner itself may change its role freely.
        await hostRoom.ChangeRoleAsync("LiveGuest");
        await hostRoom.ChangeRoleAsync("LiveMaster");
        Assert.Equal(AuthBits.All, hostRoom.Self.AuthBits);
    }

    [Fact]
    public async Task WithSelfPromotionOn_MembersMayNameASendingRoleThemselves()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:Rooms:SelfPromotion=true");
        await using var host = await server.LoggedInClientAsync("az6_host");
        await using var viewer = await server.LoggedInClientAsync("az6_viewer");
        await host.CreateRoomAsync(9566, LiveRoomOptions.Host());

        var room = await viewer.JoinRoomAsync(9566, new LiveRoomOptions { ControlRole = "LiveGuest" });
        Assert.Equal(AuthBits.CoHost, room.Self.AuthBits);
        await room.DownToNormalMemberAsync();
        await room.UpToVideoMemberAsync();
        Assert.Equal(AuthBits.CoHost, room.Self.AuthBits);
    }

    [Fact]
    public async Task AKickedUser_CannotComeBack_WhileTheRoomLasts()
    {
        var (host, hostRoom, viewer) = await RoomAsync(9563, "az3");
        await using var _ = host;
        await using var __ = viewer;
        var room = await viewer.JoinRoomAsync(9563, LiveRoomOptions.Audience());
        var ended = Events.Next<RoomEndedEventArgs>(h => room.Ended += h);

        await hostRoom.KickAsync("az3_viewer", "spam");
        await ended;

        var refused = await Assert.ThrowsAsync<LiveException>(() => viewer.JoinRoomAsync(9563, LiveRoomOptions.Audience()));
        Assert.Equal(("AVSDK", 10003), Codes(refused));
        Assert.Contains("removed", refused.Message, StringComparison.Ordinal);

        // Another session of the same user (a new login) is the same user id: still out.
        await using var again = await Server.LoggedInClientAsync("az3_viewer");
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => again.JoinRoomAsync(9563, LiveRoomOptions.Audience()))));
        Assert.Equal(["az3_host"], (await hostRoom.GetMembersAsync()).Select(m => m.UserId));

        // The list lives as long as the room: a new room under the same id starts with none.
        await hostRoom.DismissAsync();
        await host.CreateRoomAsync(9563, LiveRoomOptions.Host());
        Assert.Equal(AuthBits.Audience, (await again.JoinRoomAsync(9563, LiveRoomOptions.Audience())).Self.AuthBits);
    }

    [Fact]
    public async Task AMutedUser_StaysMuted_AfterLeavingAndComingBack()
    {
        var (host, hostRoom, viewer) = await RoomAsync(9564, "az4");
        await using var _ = host;
        await using var __ = viewer;
        var room = await viewer.JoinRoomAsync(9564, LiveRoomOptions.Audience());
        await hostRoom.MuteAsync("az4_viewer", TimeSpan.FromMinutes(5));

        await room.QuitAsync();
        var back = await viewer.JoinRoomAsync(9564, LiveRoomOptions.Audience());

        Assert.NotNull(back.Self.MutedUntil);
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => back.SendMessageAsync(LiveMessage.Text("I am back")))));
        Assert.Empty(await hostRoom.GetMessagesAsync());

        // Unmuting lifts it for good.
        await hostRoom.MuteAsync("az4_viewer", TimeSpan.Zero);
        await back.QuitAsync();
        var third = await viewer.JoinRoomAsync(9564, LiveRoomOptions.Audience());
        Assert.Null(third.Self.MutedUntil);
        await third.SendMessageAsync(LiveMessage.Text("thanks"));
        Assert.Equal(["thanks"], (await hostRoom.GetMessagesAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task ACoHostCommandSentByAClient_IsRefused_AndNeverRaisesCoHostEvents()
    {
        var (host, hostRoom, viewer) = await RoomAsync(9565, "az5");
        await using var _ = host;
        await using var __ = viewer;
        await using var forger = await Server.LoggedInClientAsync("az5_forger");
        var room = await viewer.JoinRoomAsync(9565, LiveRoomOptions.Audience());
        var invitations = 0;
        var answers = 0;
        room.CoHostInvited += (_, _) => Interlocked.Increment(ref invitations);
        hostRoom.CoHostAnswered += (_, _) => Interlocked.Increment(ref answers);

        // Through the server: refused, whatever the way of sending.
        foreach (var command in new[] { LiveCommandIds.Invite, LiveCommandIds.InviteCancel, LiveCommandIds.Agree, LiveCommandIds.Reject })
        {
            Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => forger.SendC2CMessageAsync("az5_viewer", LiveMessage.Command(command, "az5_host")))));
            Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => forger.SendOnlineC2CMessageAsync("az5_host", LiveMessage.Command(command, "az5_viewer")))));
        }

        // The app's own commands still pass.
        var custom = Events.Next<MessageReceivedEventArgs>(h => viewer.MessageReceived += h, e => e.Message.Command?.UserAction == LiveCommandIds.CustomLow);
        await forger.SendOnlineC2CMessageAsync("az5_viewer", LiveMessage.Command(LiveCommandIds.CustomLow, "hi"));
        await custom;

        // A C2C message shaped like an invitation that reaches the SDK without the server's mark (as from a server
        // that let it through) is an ordinary message: MessageReceived, no co-host event.
        var forged = Events.Next<MessageReceivedEventArgs>(h => viewer.MessageReceived += h, e => e.Message.Command?.UserAction == LiveCommandIds.Invite);
        var element = new Protocol.V1.MessageElement { Custom = new Protocol.V1.CustomElement { Data = Google.Protobuf.ByteString.CopyFrom(new LiveCommand(LiveCommandIds.Invite, "az5_host").ToBytes()) } };
        var grains = (IGrainFactory)Server.Services.GetService(typeof(IGrainFactory))!;
        Assert.True(await grains.GetGrain<IUserGrain>(GrainKeys.User(Server.AppId, "az5_viewer")).Deliver(ImFrames.OnlineChat(ImFrames.NewOnlineMessageId(), "az5_host", [element], 0)));
        await forged;

        // The real invitation still raises the event (and it is the first one).
        var invited = Events.Next<CoHostEventArgs>(h => room.CoHostInvited += h);
        await hostRoom.InviteCoHostAsync("az5_viewer");
        Assert.Equal("az5_host", (await invited).UserId);
        Assert.Equal((1, 0), (Volatile.Read(ref invitations), Volatile.Read(ref answers)));
    }

    private static (string, int) Codes(LiveException e) => (e.Module, e.Code);
}
