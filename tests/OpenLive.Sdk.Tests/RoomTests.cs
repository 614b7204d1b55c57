using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>Rooms through the SDK against the real server: membership, events, roles, permissions, every error path.</summary>
public sealed class RoomTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static int s_nextRoom = 5000;
    private TestServer Server => shared.Server;

    private static uint NewRoom() => (uint)Interlocked.Increment(ref s_nextRoom);

    [Fact]
    public async Task HostCreates_AudienceJoins_EventsFlowBothWays()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r1_host");
        await using var viewer = await Server.LoggedInClientAsync("r1_viewer");

        var room = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        Assert.Equal(roomId, room.Id.Number);
        Assert.Equal(roomId.ToString(System.Globalization.CultureInfo.InvariantCulture), room.GroupId);
        Assert.Equal("r1_host", room.OwnerUserId);
        Assert.Equal(("LiveMaster", AuthBits.All), (room.Self.ControlRole, room.Self.AuthBits));
        Assert.Equal((1280u, 720u), (room.Video.Width, room.Video.Height));
        var joined = Events.Next<MemberEventArgs>(h => room.MemberEvent += h, e => e.EventId == MemberEventId.In);

        var seen = await viewer.JoinRoomAsync(roomId, LiveRoomOptions.Audience());
        Assert.True(room.Self.AutoCamera && room.Self.AutoMic); // Host() asks for camera and mic: stored for the media plane
        Assert.False(seen.Self.AutoCamera);
        Assert.Equal(("Guest", AuthBits.Audience), (seen.Self.ControlRole, seen.Self.AuthBits));
        Assert.Equal(["r1_host", "r1_viewer"], seen.Members.Select(m => m.UserId).Order());   // the joiner gets the current state
        var inEvent = await joined;
        Assert.Equal("r1_viewer", Assert.Single(inEvent.Members).UserId);
        Assert.Equal(2, room.Members.Count);

        var left = Events.Next<MemberEventArgs>(h => room.MemberEvent += h, e => e.EventId == MemberEventId.Out);
        await seen.QuitAsync();
        Assert.Equal("r1_viewer", Assert.Single((await left).Members).UserId);
        Assert.Null(viewer.CurrentRoom);
        Assert.Single(room.Members);
        Assert.Equal(("AVSDK", 1201), Codes(await Assert.ThrowsAsync<LiveException>(() => seen.GetMembersAsync())));
    }

    [Fact]
    public async Task StringRoomIds_Work()
    {
        await using var host = await Server.LoggedInClientAsync("r2_host");
        await using var viewer = await Server.LoggedInClientAsync("r2_viewer");
        var id = LiveRoomId.FromString("live-" + Guid.NewGuid().ToString("N")[..8]);
        await host.CreateRoomAsync(id, new LiveRoomOptions());
        var room = await viewer.JoinRoomAsync(id, new LiveRoomOptions());
        Assert.Equal(id, room.Id);
        Assert.Equal(id.Text, room.GroupId);
    }

    [Fact]
    public async Task ExistenceErrors_8004_10009_10008()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r3_host");
        await using var other = await Server.LoggedInClientAsync("r3_other");
        await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => other.CreateRoomAsync(roomId, LiveRoomOptions.Host()))).Is(ILiveErrorCode.AlreadyExist));
        Assert.Equal(("AVSDK", 10009), Codes(await Assert.ThrowsAsync<LiveException>(() => other.JoinRoomAsync(NewRoom(), new LiveRoomOptions()))));
        Assert.Equal(("AVSDK", 10008), Codes(await Assert.ThrowsAsync<LiveException>(() => host.JoinRoomAsync(roomId, new LiveRoomOptions()))));
    }

    [Fact]
    public async Task StateErrors_8010_8011_8003_1202_1102()
    {
        var a = NewRoom();
        var b = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r4_host");
        await using var friend = await Server.LoggedInClientAsync("r4_friend");
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => host.QuitRoomAsync())).Is(ILiveErrorCode.NoRoom));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => host.SwitchRoomAsync(b, new LiveRoomOptions()))).Is(ILiveErrorCode.NoRoom));

        // 8011 comes from the SDK: a room operation holds the client's room gate until its answer is processed. Park the
        // host's receive loop first (in the handler of a message from a friend), so the first create's answer cannot be
        // processed: the second create certainly overlaps it. Unparked, the first can finish in between (8010 instead).
        var park = new ParkedReceiveLoop();
        host.MessageReceived += park.Handler<MessageReceivedEventArgs>();
        await friend.SendC2CMessageAsync("r4_host", LiveMessage.Text("hold on"));
        await park.Parked;
        var creating = host.CreateRoomAsync(a, LiveRoomOptions.Host());
        var busy = await Assert.ThrowsAsync<LiveException>(() => host.CreateRoomAsync(b, LiveRoomOptions.Host()));
        Assert.True(busy.Is(ILiveErrorCode.BusyHere));
        park.Release();
        await creating;

        Assert.True((await Assert.ThrowsAsync<LiveException>(() => host.CreateRoomAsync(b, LiveRoomOptions.Host()))).Is(ILiveErrorCode.AlreadyInRoom));
        Assert.Equal(("AVSDK", 1202), Codes(await Assert.ThrowsAsync<LiveException>(() => host.LogoutAsync())));
        Assert.Equal(("AVSDK", 1102), Codes(await Assert.ThrowsAsync<LiveException>(() => host.StopAsync())));
        await host.QuitRoomAsync();
        await host.LogoutAsync();
    }

    [Fact]
    public async Task BadArguments_8021_8005_10002()
    {
        await using var client = await Server.LoggedInClientAsync("r5_user");
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => client.CreateRoomAsync(NewRoom(), null!))).Is(ILiveErrorCode.InvalidParam));
        Assert.True(Assert.Throws<LiveException>(() => (LiveRoomId)0u).Is(ILiveErrorCode.InvalidParam));
        Assert.True(Assert.Throws<LiveException>(() => LiveRoomId.FromString(null!)).Is(ILiveErrorCode.NullPointer));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => client.CreateRoomAsync(default, new LiveRoomOptions()))).Is(ILiveErrorCode.InvalidParam));
        Assert.Equal(("AVSDK", 10002), Codes(await Assert.ThrowsAsync<LiveException>(() => client.CreateRoomAsync(LiveRoomId.FromString("has space"), new LiveRoomOptions()))));
        Assert.Equal(("AVSDK", 10002), Codes(await Assert.ThrowsAsync<LiveException>(() => client.CreateRoomAsync(NewRoom(), new LiveRoomOptions { ControlRole = "NoSuchRole" }))));
        await using var fresh = Server.NewClient();
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => fresh.JoinRoomAsync(NewRoom(), new LiveRoomOptions()))).Is(ILiveErrorCode.NotLogin));
    }

    [Fact]
    public async Task Permissions_10003_AndBitsOnlyNarrow()
    {
        await using var user = await Server.LoggedInClientAsync("r6_user");
        // The audience role has no CREATE_ROOM.
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => user.CreateRoomAsync(NewRoom(), LiveRoomOptions.Audience()))));
        // Asking for fewer bits than the role grants is honoured — and can remove CREATE_ROOM.
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => user.CreateRoomAsync(NewRoom(), new LiveRoomOptions { AuthBits = AuthBits.JoinRoom | AuthBits.ReceiveAudio }))));

        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r6_host");
        await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        // A guest asking for everything gets only what Guest grants.
        var room = await user.JoinRoomAsync(roomId, new LiveRoomOptions { ControlRole = "Guest", AuthBits = AuthBits.All });
        Assert.Equal(AuthBits.Audience, room.Self.AuthBits);
        // Asking for more than the grant gives the grant — which is the current state: a repeated change (8024).
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => room.ChangeAuthorityAsync(AuthBits.All))).Is(ILiveErrorCode.AlreadyState));
        Assert.Equal(AuthBits.Audience, room.Self.AuthBits);
        await room.ChangeAuthorityAsync(AuthBits.JoinRoom | AuthBits.ReceiveAudio);
        Assert.Equal(AuthBits.JoinRoom | AuthBits.ReceiveAudio, room.Self.AuthBits);
    }

    [Fact]
    public async Task PrivateMapKey_GrantsItsBits_ForItsRoomOnly()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r7_host");
        await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        var generator = new Core.Auth.UserSigGenerator(Server.AppId, Server.Key);
        await using var viewer = await Server.LoggedInClientAsync("r7_viewer");

        var wrongRoom = generator.GenPrivateMapKey("r7_viewer", 300, roomId + 1, AuthBits.All);
        var refused = await Assert.ThrowsAsync<LiveException>(() => viewer.JoinRoomAsync(roomId, new LiveRoomOptions { PrivateMapKey = wrongRoom }));
        Assert.Equal(("AVSDK", 10003), Codes(refused));
        Assert.Contains("privateMapKey", refused.Message, StringComparison.Ordinal);

        // With a valid key the key's bits replace the role's (here: a co-host's bits for a Guest-role entry).
        var coHost = generator.GenPrivateMapKey("r7_viewer", 300, roomId, AuthBits.CoHost);
        var room = await viewer.JoinRoomAsync(roomId, new LiveRoomOptions { ControlRole = "Guest", PrivateMapKey = coHost });
        Assert.Equal(AuthBits.CoHost, room.Self.AuthBits);

        // The key caps later role changes: the host role's CREATE_ROOM bit is not granted.
        await room.ChangeRoleAsync("LiveMaster");
        Assert.Equal(AuthBits.CoHost, room.Self.AuthBits);
    }

    [Fact]
    public async Task AppRequiringPrivateMapKey_RefusesEntryWithoutOne()
    {
        var store = (Server.Services.GetService(typeof(OpenLive.Server.Storage.IAppStore)) as OpenLive.Server.Storage.IAppStore)!;
        const uint strictApp = 1400000042;
        store.TryCreate(strictApp, "strict-key", "strict", requirePrivateMapKey: true, out _);
        await using var client = Server.NewClient(o => o.SdkAppId = strictApp);
        var generator = new Core.Auth.UserSigGenerator(strictApp, "strict-key");
        await client.LoginAsync("strict_host", generator.GenUserSig("strict_host"));
        var roomId = NewRoom();
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => client.CreateRoomAsync(roomId, LiveRoomOptions.Host()))));
        var room = await client.CreateRoomAsync(roomId, new LiveRoomOptions { PrivateMapKey = generator.GenPrivateMapKey("strict_host", 300, roomId, AuthBits.All) });
        Assert.Equal(AuthBits.All, room.Self.AuthBits);
    }

    [Fact]
    public async Task OwnerQuit_And_Dismiss_EndTheRoomForMembers()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r8_host");
        await using var viewer = await Server.LoggedInClientAsync("r8_viewer");
        await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        var room = await viewer.JoinRoomAsync(roomId, new LiveRoomOptions());
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.DismissAsync())));

        var ended = Events.Next<RoomEndedEventArgs>(h => room.Ended += h);
        var disconnected = Events.Next<RoomEndedEventArgs>(h => viewer.RoomDisconnected += h);
        await host.QuitRoomAsync();
        Assert.True((await ended).Dismissed);
        Assert.True((await disconnected).Dismissed);
        Assert.Null(viewer.CurrentRoom);
        Assert.Equal(("AVSDK", 1201), Codes(await Assert.ThrowsAsync<LiveException>(() => room.ChangeRoleAsync("LiveGuest"))));
        Assert.Equal(("AVSDK", 10009), Codes(await Assert.ThrowsAsync<LiveException>(() => viewer.JoinRoomAsync(roomId, new LiveRoomOptions()))));

        var again = NewRoom();
        var hostRoom = await host.CreateRoomAsync(again, LiveRoomOptions.Host());
        var second = await viewer.JoinRoomAsync(again, new LiveRoomOptions());
        var dismissed = Events.Next<RoomEndedEventArgs>(h => second.Ended += h);
        await hostRoom.DismissAsync();
        Assert.True((await dismissed).Dismissed);
    }

    [Fact]
    public async Task ChangeRole_UpdatesEveryone_WithItsErrors()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r9_host");
        await using var viewer = await Server.LoggedInClientAsync("r9_viewer");
        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        // The app vouches for the viewer's send bits with a privateMapKey (without one, only the owner's invitation
        // gives them: RoomAuthorizationTests).
        var coHostKey = new Core.Auth.UserSigGenerator(Server.AppId, Server.Key).GenPrivateMapKey("r9_viewer", 300, roomId, AuthBits.CoHost);
        var room = await viewer.JoinRoomAsync(roomId, new LiveRoomOptions { ControlRole = "Guest", PrivateMapKey = coHostKey });
        var updated = Events.Next<MemberUpdatedEventArgs>(h => hostRoom.MemberUpdated += h);

        await room.ChangeRoleAsync("LiveGuest");
        Assert.Equal(("LiveGuest", AuthBits.CoHost), (room.Self.ControlRole, room.Self.AuthBits));
        Assert.Equal((640u, 480u), (room.Video.Width, room.Video.Height));
        var seen = (await updated).Member;
        Assert.Equal(("r9_viewer", "LiveGuest"), (seen.UserId, seen.ControlRole));
        Assert.Equal("LiveGuest", (await hostRoom.GetMemberAsync("r9_viewer")).ControlRole);

        Assert.True((await Assert.ThrowsAsync<LiveException>(() => room.ChangeRoleAsync("LiveGuest"))).Is(ILiveErrorCode.AlreadyState));
        Assert.Equal(("AVSDK", 10002), Codes(await Assert.ThrowsAsync<LiveException>(() => room.ChangeRoleAsync("Nope"))));
        Assert.Equal(("AVSDK", 10010), Codes(await Assert.ThrowsAsync<LiveException>(() => room.GetMemberAsync("not_here"))));

        // Park the viewer's receive loop, so the first change's answer cannot be processed: it is certainly still in
        // flight when the other two are asked for.
        var park = new ParkedReceiveLoop();
        room.MemberUpdated += park.Handler<MemberUpdatedEventArgs>();
        await hostRoom.ChangeAuthorityAsync(AuthBits.All & ~AuthBits.SendScreenVideo); // a MemberUpdated push to the viewer
        await park.Parked;
        var first = room.ChangeRoleAsync("Guest");
        var repeated = room.ChangeRoleAsync("LiveMaster");
        var exclusive = room.ChangeAuthorityAsync(AuthBits.JoinRoom);
        Assert.Equal(("AVSDK", 1001), Codes(await Assert.ThrowsAsync<LiveException>(() => repeated)));
        Assert.Equal(("AVSDK", 1002), Codes(await Assert.ThrowsAsync<LiveException>(() => exclusive)));
        park.Release();
        await first;
    }

    [Fact]
    public async Task SwitchRoom_MovesTheMember_WithItsErrors()
    {
        var a = NewRoom();
        var b = NewRoom();
        await using var hostA = await Server.LoggedInClientAsync("r10_host_a");
        await using var hostB = await Server.LoggedInClientAsync("r10_host_b");
        await using var viewer = await Server.LoggedInClientAsync("r10_viewer");
        var roomA = await hostA.CreateRoomAsync(a, LiveRoomOptions.Host());
        var roomB = await hostB.CreateRoomAsync(b, LiveRoomOptions.Host());
        var inA = await viewer.JoinRoomAsync(a, new LiveRoomOptions());

        Assert.Equal(("AVSDK", 1003), Codes(await Assert.ThrowsAsync<LiveException>(() => viewer.SwitchRoomAsync(a, new LiveRoomOptions()))));
        Assert.Equal(("AVSDK", 10009), Codes(await Assert.ThrowsAsync<LiveException>(() => viewer.SwitchRoomAsync(NewRoom(), new LiveRoomOptions()))));
        Assert.Same(inA, viewer.CurrentRoom); // a failed switch leaves the member where it was
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => hostA.SwitchRoomAsync(b, new LiveRoomOptions()))).Is(ILiveErrorCode.NotSupport));

        var leftA = Events.Next<MemberEventArgs>(h => roomA.MemberEvent += h, e => e.EventId == MemberEventId.Out);
        var cameB = Events.Next<MemberEventArgs>(h => roomB.MemberEvent += h, e => e.EventId == MemberEventId.In);
        var inB = await viewer.SwitchRoomAsync(b, new LiveRoomOptions());
        Assert.Equal(b, inB.Id.Number);
        await leftA;
        await cameB;
        Assert.False(inA.IsEntered);
        Assert.Equal(("AVSDK", 1201), Codes(await Assert.ThrowsAsync<LiveException>(() => inA.GetMembersAsync())));
    }

    [Fact]
    public async Task KickedOrDroppedMember_LeavesTheRoom()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r11_host");
        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        await using var first = await Server.LoggedInClientAsync("r11_member");
        var room = await first.JoinRoomAsync(roomId, new LiveRoomOptions());
        var ended = Events.Next<RoomEndedEventArgs>(h => room.Ended += h);
        var left = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == MemberEventId.Out);

        await using var second = await Server.LoggedInClientAsync("r11_member"); // kicks the first session (8050)
        Assert.True((await ended).SessionEnded); // the 8050 itself comes once, in ForcedOffline (LoginTests)
        Assert.Equal(MemberOutReason.Dropped, (await left).OutReason);

        await using var dropper = await Server.LoggedInClientAsync("r11_dropper");
        await dropper.JoinRoomAsync(roomId, new LiveRoomOptions());
        var dropped = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == MemberEventId.Out && e.Members[0].UserId == "r11_dropper");
        await dropper.DisposeAsync(); // the connection goes away without quitting
        Assert.Equal(MemberOutReason.Dropped, (await dropped).OutReason);
        Assert.Equal(["r11_host"], hostRoom.Members.Select(m => m.UserId));
    }

    [Fact]
    public async Task OutEvents_SayWhetherTheMemberLeftOrWasKicked()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r13_host");
        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        await using var leaver = await Server.LoggedInClientAsync("r13_leaver");
        await using var kicked = await Server.LoggedInClientAsync("r13_kicked");
        var leaverRoom = await leaver.JoinRoomAsync(roomId, new LiveRoomOptions());
        await kicked.JoinRoomAsync(roomId, new LiveRoomOptions());

        var left = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == MemberEventId.Out && e.Members[0].UserId == "r13_leaver");
        await leaverRoom.QuitAsync();
        Assert.Equal(MemberOutReason.Left, (await left).OutReason);

        var removed = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == MemberEventId.Out && e.Members[0].UserId == "r13_kicked");
        await hostRoom.KickAsync("r13_kicked");
        Assert.Equal(MemberOutReason.Kicked, (await removed).OutReason);

        var joined = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == MemberEventId.In);
        await leaver.JoinRoomAsync(roomId, new LiveRoomOptions());
        Assert.Null((await joined).OutReason);
    }

    [Fact]
    public async Task ListingARoom_IsForItsMembers_10006And10009()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r12_host");
        await using var outsider = await Server.LoggedInClientAsync("r12_outsider");
        await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());

        Assert.Equal(["r12_host"], (await host.GetRoomMembersAsync(roomId)).Select(m => m.UserId));
        Assert.Equal(("AVSDK", 10006), Codes(await Assert.ThrowsAsync<LiveException>(() => outsider.GetRoomMembersAsync(roomId))));
        Assert.Equal(("AVSDK", 10009), Codes(await Assert.ThrowsAsync<LiveException>(() => outsider.GetRoomMembersAsync(NewRoom()))));
    }

    private static (string, int) Codes(LiveException e) => (e.Module, e.Code);
}
