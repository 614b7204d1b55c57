using System.Collections.Concurrent;
using OpenLive.Core.Rooms;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>Dropped connections: the SDK reconnects and the server hands back the room seat it kept.</summary>
public sealed class ReconnectTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public async Task DroppedMember_ResumesItsSeat_AndNobodySeesItLeave()
    {
        await using var host = await Server.LoggedInClientAsync("rc_host");
        await using var viewer = await Server.LoggedInClientAsync("rc_viewer");
        var hostRoom = await host.CreateRoomAsync(9101, LiveRoomOptions.Host());
        var room = await viewer.JoinRoomAsync(9101, LiveRoomOptions.Audience());
        var outs = new ConcurrentQueue<string>();
        hostRoom.MemberEvent += (_, e) =>
        {
            if (e.EventId == MemberEventId.Out)
            {
                outs.Enqueue(e.Members[0].UserId);
            }
        };
        var states = new ConcurrentQueue<ConnectionState>();
        viewer.ConnectionStateChanged += (_, e) => states.Enqueue(e.State);
        var back = Events.Next<ConnectionStateChangedEventArgs>(h => viewer.ConnectionStateChanged += h, e => e.State == ConnectionState.Connected);
        var tinyId = viewer.TinyId;

        viewer.SimulateNetworkLoss();
        await back;

        Assert.Equal([ConnectionState.Reconnecting, ConnectionState.Connected], states);
        Assert.Same(room, viewer.CurrentRoom);
        Assert.True(room.IsEntered);
        Assert.Equal(tinyId, viewer.TinyId);
        Assert.Equal(["rc_host", "rc_viewer"], (await room.GetMembersAsync()).Select(m => m.UserId).Order());
        await Task.Delay(300);
        Assert.Empty(outs);

        // The resumed member still gets pushes.
        var updated = Events.Next<MemberUpdatedEventArgs>(h => room.MemberUpdated += h);
        await using var third = await Server.LoggedInClientAsync("rc_third");
        var thirdRoom = await third.JoinRoomAsync(9101, LiveRoomOptions.Audience());
        await thirdRoom.ChangeAuthorityAsync(AuthBits.JoinRoom | AuthBits.ReceiveAudio);
        Assert.Equal("rc_third", (await updated).Member.UserId);
    }

    [Fact]
    public async Task DroppedHost_KeepsTheRoomAlive()
    {
        await using var host = await Server.LoggedInClientAsync("rc2_host");
        await using var viewer = await Server.LoggedInClientAsync("rc2_viewer");
        var hostRoom = await host.CreateRoomAsync(9102, LiveRoomOptions.Host());
        var room = await viewer.JoinRoomAsync(9102, LiveRoomOptions.Audience());
        var ended = 0;
        room.Ended += (_, _) => Interlocked.Increment(ref ended);
        var back = Events.Next<ConnectionStateChangedEventArgs>(h => host.ConnectionStateChanged += h, e => e.State == ConnectionState.Connected);

        host.SimulateNetworkLoss();
        await back;

        Assert.Same(hostRoom, host.CurrentRoom);
        Assert.Equal("rc2_host", hostRoom.OwnerUserId);
        await hostRoom.ChangeAuthorityAsync(AuthBits.All & ~AuthBits.SendScreenVideo);
        Assert.Equal(0, ended);
        await hostRoom.DismissAsync(); // still the owner after resuming
    }
}

/// <summary>When the seat is not taken back in time, it is released.</summary>
public sealed class ResumeWindowTests
{
    [Fact]
    public async Task SeatIsReleased_AfterTheResumeWindow()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:ResumeWindow=00:00:01");
        await using var host = await server.LoggedInClientAsync("rw_host");
        var hostRoom = await host.CreateRoomAsync(9201, LiveRoomOptions.Host());
        await using var viewer = server.NewClient(o => o.AutoReconnect = false);
        await viewer.LoginAsync("rw_viewer", server.Sig("rw_viewer"));
        var room = await viewer.JoinRoomAsync(9201, LiveRoomOptions.Audience());
        var ended = Events.Next<RoomEndedEventArgs>(h => room.Ended += h);
        var disconnected = Events.Next<ConnectionStateChangedEventArgs>(h => viewer.ConnectionStateChanged += h, e => e.State == ConnectionState.Disconnected);
        var left = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == MemberEventId.Out);

        viewer.SimulateNetworkLoss();

        var roomEnd = await ended;
        Assert.Equal((true, null), (roomEnd.SessionEnded, roomEnd.Error)); // the session's cause comes once, in the state change
        Assert.Equal(8012, (await disconnected).Error!.Code);
        Assert.Equal("rw_viewer", (await left).Members[0].UserId);
        Assert.Equal(ConnectionState.Disconnected, viewer.State);
    }
}
