using Microsoft.Extensions.Time.Testing;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Rtc.Client;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Media;

/// <summary>
/// RestartMedia against the real server and SFU with the .NET SDK: a member's connections are made new while it stays
/// in the room, and the request's abuse cases. (The SDK sending it by itself when its path dies is proven with network
/// namespaces in tests/web/media/media-restart.test.ts.)
/// </summary>
public sealed class MediaRestartTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static int s_nextRoom = 9700;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private TestServer Server => shared.Server;

    private static uint NewRoom() => (uint)Interlocked.Increment(ref s_nextRoom);

    [Fact]
    public async Task ARestartedViewer_GetsANewSubscriberConnection_AndARestartedHost_PublishesAgainOnANewOne()
    {
        var cancel = TestContext.Current.CancellationToken;
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("r1_host");
        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        await using var viewer = await Server.LoggedInClientAsync("r1_viewer");
        var room = await viewer.JoinRoomAsync(roomId, LiveRoomOptions.Audience());
        var cameras = new List<(RtcClientConnection Connection, CameraPackets Video)>();
        room.RemoteTrackAdded += (_, e) =>
        {
            if (e.Source == MediaTrackSource.Camera)
            {
                var video = new CameraPackets();
                video.Attach(e.Connection, e.Transceiver);
                lock (cameras)
                {
                    cameras.Add((e.Connection, video));
                }
            }
        };

        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var first = await hostRoom.PublishAsync(new LivePublishOptions { Camera = true }, cancel);
        var firstLoop = new SyntheticVideoSource(framesPerSecond: 30, bitrate: 400_000).RunAsync(first.Connection, first.Camera!, sending.Token);
        await Until(() => Latest(cameras)?.Video.Packets > 20);
        var firstSubscriber = room.Subscriber;

        // The viewer's restart: its subscriber connection is replaced by a new one, which receives the camera again.
        await RestartAsync(viewer);
        await Until(() => room.Subscriber is { } now && !ReferenceEquals(now, firstSubscriber) && Latest(cameras) is { } latest
            && ReferenceEquals(latest.Connection, now) && latest.Video.Packets > 20);
        Assert.Equal(RtcConnectionState.Closed, firstSubscriber!.State); // the server closed it (close_notify)

        // The host's restart: its camera ends for the room (NO_CAMERA_VIDEO), and a publish afterwards makes a new
        // publisher connection that the viewer receives (HAS_CAMERA_VIDEO) on yet another subscriber connection.
        var noCamera = Events.Next<MemberEventArgs>(h => room.MemberEvent += h, e => e.EventId == MemberEventId.NoCameraVideo);
        var hasCamera = Events.Next<MemberEventArgs>(h => room.MemberEvent += h, e => e.EventId == MemberEventId.HasCameraVideo);
        await RestartAsync(host);
        Assert.Equal("r1_host", Assert.Single((await noCamera.WaitAsync(Deadline, cancel)).Members).UserId);
        await Until(() => first.Connection.State == RtcConnectionState.Closed);
        var second = await hostRoom.PublishAsync(new LivePublishOptions { Camera = true }, cancel);
        var secondLoop = new SyntheticVideoSource(framesPerSecond: 30, bitrate: 400_000).RunAsync(second.Connection, second.Camera!, sending.Token);
        Assert.Equal("r1_host", Assert.Single((await hasCamera.WaitAsync(Deadline, cancel)).Members).UserId);
        await Until(() => Latest(cameras) is { } latest && latest.Video.Packets > 20 && ReferenceEquals(latest.Connection, room.Subscriber));
        Assert.True(hostRoom.IsEntered && room.IsEntered);
        Assert.Equal(0u, room.MediaEpoch);

        await sending.CancelAsync();
        await Task.WhenAll(firstLoop, secondLoop).ContinueWith(_ => { }, TaskScheduler.Default);
        second.Dispose();
    }

    [Fact]
    public async Task ASecondRestartWithinTwoSeconds_Is8011_AndChangesNothing_OutsideARoomIs8003_AndTwoSecondsLaterItIsTaken()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(clock);
        await using var user = await server.LoggedInClientAsync("r2_user");
        var outside = await Assert.ThrowsAsync<LiveException>(() => RestartAsync(user));
        Assert.True(outside.Is(ILiveErrorCode.NoRoom), outside.ToString());

        await user.CreateRoomAsync(NewRoom(), LiveRoomOptions.Host());
        await RestartAsync(user);
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        var flood = await Assert.ThrowsAsync<LiveException>(() => RestartAsync(user));
        Assert.True(flood.Is(ILiveErrorCode.BusyHere), flood.ToString());
        Assert.Contains("at most once every 2 s", flood.Message, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await RestartAsync(user);
    }

    private static async Task RestartAsync(LiveClient client)
    {
        var reply = await client.RoomRequestAsync(new ClientFrame { RestartMedia = new RestartMedia() }, TestContext.Current.CancellationToken);
        if (reply.Error is not null)
        {
            throw WireErrors.ToException(reply.Error);
        }
    }

    /// <summary>Counts the RTP packets of one received camera track.</summary>
    private sealed class CameraPackets
    {
        private RtcTransceiver? _transceiver;
        private int _packets;

        public int Packets => Volatile.Read(ref _packets);

        public void Attach(RtcClientConnection connection, RtcTransceiver transceiver)
        {
            _transceiver = transceiver;
            connection.RtpReceived += OnRtp;
        }

        private void OnRtp(RtcTransceiver transceiver, in Rtc.Rtp.RtpHeader header, ReadOnlySpan<byte> packet)
        {
            if (ReferenceEquals(transceiver, _transceiver))
            {
                Interlocked.Increment(ref _packets);
            }
        }
    }

    private static (RtcClientConnection Connection, CameraPackets Video)? Latest(List<(RtcClientConnection Connection, CameraPackets Video)> cameras)
    {
        lock (cameras)
        {
            return cameras.Count == 0 ? null : cameras[^1];
        }
    }

    private static async Task Until(Func<bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        while (!condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
