using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Client;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Rooms;
using OpenLive.Server.Grains;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// A room outlives the node that hosts it: two nodes (Redis membership and room storage, PostgreSQL messages), the
/// room's node stopped under its members. Its clients reconnect to the other node (their fallback URL) and take their
/// seats back; the room comes back there with the same members, roles and bits, and media flows again.
/// </summary>
public sealed class ClusterFailoverTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private PostgresServer _postgres = null!;
    private TestServer _nodeA = null!;
    private TestServer _nodeB = null!;
    private bool _aStopped;
    private bool _bStopped;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _postgres = await PostgresServer.StartAsync();
        var cluster = "failover-" + Guid.NewGuid().ToString("N")[..8];
        string[] args = ["--cluster", "redis", "--cluster-connection", _redis.ConnectionString, $"--OpenLive:Cluster:ClusterId={cluster}",
            "--OpenLive:Cluster:AllowInsecure=true", // mutual TLS is ClusterTests' subject
            "--OpenLive:Store:Messages=postgres", $"--OpenLive:Store:PostgresConnectionString={_postgres.ConnectionString}"];
        _nodeA = await TestServer.StartAsync(null, args);
        _nodeB = await TestServer.StartAsync(null, args);
    }

    public ValueTask DisposeAsync() => Teardown.StopAsync(_bStopped ? null : _nodeB, _aStopped ? null : _nodeA, _postgres, _redis);

    [Fact]
    public async Task StoppingTheRoomsNode_MovesTheRoom_MembersKeepTheirSeats_AndMediaFlowsAgain()
    {
        var cancel = TestContext.Current.CancellationToken;
        const uint roomId = 5151;
        await using var host = _nodeA.NewClient(o => o.FallbackServerUrls = [_nodeB.Url]);
        await host.LoginAsync("fo_host", _nodeA.Sig("fo_host"));
        await using var viewer = _nodeB.NewClient(o => o.FallbackServerUrls = [_nodeA.Url]);
        await viewer.LoginAsync("fo_viewer", _nodeB.Sig("fo_viewer"));

        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        var viewerRoom = await viewer.JoinRoomAsync(roomId, LiveRoomOptions.Audience());
        var ended = 0;
        hostRoom.Ended += (_, _) => Interlocked.Increment(ref ended);
        viewerRoom.Ended += (_, _) => Interlocked.Increment(ref ended);

        RtcTransceiver? receivedCamera = null;
        viewerRoom.RemoteTrackAdded += (_, e) =>
        {
            if (e.Source == OpenLive.Sdk.Media.MediaTrackSource.Camera)
            {
                Volatile.Write(ref receivedCamera, e.Transceiver);
            }
        };
        var camera = new SyntheticVideoSource(framesPerSecond: 30, bitrate: 300_000, width: 320, height: 180);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var publisher = await hostRoom.PublishAsync(new LivePublishOptions { Camera = true }, cancel);
        var loop = camera.RunAsync(publisher.Connection, publisher.Camera!, sending.Token);
        var reconnected = Events.Next<MediaReconnectedEventArgs>(h => hostRoom.MediaReconnected += h);
        await LoginTests.WaitUntil(() => Volatile.Read(ref receivedCamera) is { FramesReceived: > 10 });
        await viewerRoom.SendLikesAsync(7); // written with the counters' push, not per request
        await LoginTests.WaitUntil(() => hostRoom.Counters.Likes == 7);
        var before = Roster(await AdminState(_nodeA, roomId));

        // Stop whichever node hosts the room (the other keeps running).
        var hostNode = (await AdminState(_nodeA, roomId)).Node;
        var (lost, survivor) = hostNode == NodeId(_nodeA) ? (_nodeA, _nodeB) : (_nodeB, _nodeA);
        Assert.Equal(hostNode, NodeId(lost));
        if (lost == _nodeA)
        {
            _aStopped = true;
        }
        else
        {
            _bStopped = true;
        }

        var stale = Volatile.Read(ref receivedCamera);
        await lost.DisposeAsync();

        // The host publishes again on the room's new node and the viewer plays the new stream.
        var moved = await reconnected;
        Assert.NotNull(moved.Publisher);
        Assert.True(moved.MediaEpoch >= 1, $"epoch {moved.MediaEpoch}");
        var newLoop = camera.RunAsync(moved.Publisher.Connection, moved.Publisher.Camera!, sending.Token);
        await LoginTests.WaitUntil(() => Volatile.Read(ref receivedCamera) is { } now && !ReferenceEquals(now, stale) && now.FramesReceived > 10);

        var after = await AdminState(survivor, roomId);
        Assert.Equal(NodeId(survivor), after.Node);
        Assert.Equal(before, Roster(after));
        Assert.Equal(7ul, after.Counts?.Likes);
        Assert.Equal(0, Volatile.Read(ref ended));
        Assert.Equal(hostRoom.MediaEpoch, viewerRoom.MediaEpoch);
        Assert.Equal(after.MediaEpoch, hostRoom.MediaEpoch);

        await sending.CancelAsync();
        await Task.WhenAll(loop, newLoop).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static string NodeId(TestServer node) => node.Services.GetRequiredService<OpenLive.Server.Hosting.NodeIdentity>().Id;

    private static async Task<RoomSnapshot> AdminState(TestServer node, uint roomId)
    {
        var grains = node.Services.GetRequiredService<IGrainFactory>();
        var key = OpenLive.Server.Application.Rooms.RoomKeys.Validate(node.AppId, new Protocol.V1.RoomId { Number = roomId }).GrainKey;
        return (await grains.GetGrain<IRoomAdministration>(key).AdminState()).Value!;
    }

    /// <summary>Who is in the room with which role and bits, in order.</summary>
    private static string Roster(RoomSnapshot room) =>
        $"{room.Owner}: " + string.Join(", ", room.Members.OrderBy(m => m.UserId, StringComparer.Ordinal).Select(m => $"{m.UserId}/{m.Role}/0x{m.AuthBits:X}"));
}
