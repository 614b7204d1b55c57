using Microsoft.Extensions.Time.Testing;
using OpenLive.Core.Errors;
using OpenLive.Rtc.Client;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Quality;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Quality;

/// <summary>
/// iLiveSDK's quality data (qualityParamCallback every timeElapse ms, getQualityData) with the .NET SDK against the
/// real server: a host publishes synthetic VP8 and Opus, a viewer receives them. The clients run on one fake clock
/// (media and the server on the real one), so the quality timers fire exactly when the test advances it.
/// </summary>
public sealed class QualityTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static int s_nextRoom = 9900;
    private TestServer Server => shared.Server;

    private static uint NewRoom() => (uint)Interlocked.Increment(ref s_nextRoom);

    [Fact]
    public async Task QualityEvents_ComeEveryInterval_WithTheFiguresOfWhatFlows_AndStopAfterLeaving()
    {
        var cancel = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var roomId = NewRoom();
        await using var host = await LoggedInAsync("q1_host", clock);
        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host()); // the default interval, 1 s
        await using var viewer = await LoggedInAsync("q1_viewer", clock);
        var viewerOptions = LiveRoomOptions.Audience();
        viewerOptions.QualityInterval = TimeSpan.FromMilliseconds(500);
        var room = await viewer.JoinRoomAsync(roomId, viewerOptions);
        var hostEvents = new List<LiveRoomQuality>();
        var viewerEvents = new List<LiveRoomQuality>();
        hostRoom.QualityUpdated += (_, e) => hostEvents.Add(e.Quality);
        room.QualityUpdated += (_, e) => viewerEvents.Add(e.Quality);
        RtcTransceiver? receivedCamera = null;
        room.RemoteTrackAdded += (_, e) =>
        {
            if (e.Source == MediaTrackSource.Camera)
            {
                receivedCamera = e.Transceiver;
            }
        };

        using var publisher = await hostRoom.PublishAsync(new LivePublishOptions { Audio = true, Camera = true }, cancel);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var camera = new SyntheticVideoSource(framesPerSecond: 30, bitrate: 600_000, width: 640, height: 360);
        var videoLoop = camera.RunAsync(publisher.Connection, publisher.Camera!, sending.Token);
        var audio = new SyntheticAudioSource();
        var audioLoop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            while (await timer.WaitForNextTickAsync(sending.Token).ConfigureAwait(false))
            {
                audio.SendPacket(publisher.Connection, publisher.Audio!);
            }
        }, sending.Token);

        // Media flows both legs and the server's receiver reports came back (the round trip needs one).
        await LoginTests.WaitUntil(() => receivedCamera is { FramesReceived: > 30, ReceivedFrameSize.Width: > 0 } && publisher.Camera!.GetSendStatistics().RoundTripTime is not null);

        // The period: nothing before it, one event per interval after.
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Empty(viewerEvents);
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Single(viewerEvents);
        Assert.Empty(hostEvents);
        var framesBefore = receivedCamera!.FramesReceived;
        await LoginTests.WaitUntil(() => receivedCamera.FramesReceived > framesBefore + 5 && publisher.Camera!.FramesSent > framesBefore + 5);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, viewerEvents.Count);
        var sent = Assert.Single(hostEvents);

        Assert.True(sent.SendKbps > 0, $"send kbit/s {sent.SendKbps}");
        Assert.NotNull(sent.RoundTripTime);
        Assert.True(sent.RoundTripTime > TimeSpan.Zero);
        Assert.InRange(sent.UpLoss, 0, 1);
        Assert.NotNull(sent.CpuPercent);
        Assert.InRange(sent.CpuPercent.Value, 0, 100);
        var sentCamera = Assert.Single(sent.Tracks, t => t is { Sending: true, Source: MediaTrackSource.Camera });
        Assert.Equal(("q1_host", 640, 360), (sentCamera.UserId, sentCamera.Width, sentCamera.Height));
        Assert.True(sentCamera.Kbps > 0 && sentCamera.FramesPerSecond > 0, $"sent camera {sentCamera}");
        Assert.Contains(sent.Tracks, t => t is { Sending: true, Source: MediaTrackSource.Audio, Kbps: > 0, FramesPerSecond: 0 });

        var received = viewerEvents[1];
        Assert.True(received.ReceiveKbps > 0, $"receive kbit/s {received.ReceiveKbps}");
        Assert.Equal(0, received.SendKbps);
        Assert.InRange(received.DownLoss, 0, 1);
        var receivedTrack = Assert.Single(received.Tracks, t => t is { Sending: false, Source: MediaTrackSource.Camera });
        Assert.Equal(("q1_host", 640, 360), (receivedTrack.UserId, receivedTrack.Width, receivedTrack.Height));
        Assert.True(receivedTrack.Kbps > 0 && receivedTrack.FramesPerSecond > 0, $"received camera {receivedTrack}");
        Assert.Contains(received.Tracks, t => t is { Sending: false, Source: MediaTrackSource.Audio, Kbps: > 0 });

        // On demand: the same snapshot's shape, measured since the last periodic one.
        var onDemand = await room.GetStatsAsync(cancel);
        Assert.Contains(onDemand.Tracks, t => t is { Sending: false, Source: MediaTrackSource.Camera, UserId: "q1_host", Width: 640, Height: 360 });

        // Left: no more events, and no more stats.
        await room.QuitAsync(cancel);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, viewerEvents.Count);
        var left = await Assert.ThrowsAsync<LiveException>(() => room.GetStatsAsync(cancel));
        Assert.Equal(("AVSDK", 1201), (left.Module, left.Code));

        await sending.CancelAsync();
        await Task.WhenAll(videoLoop, audioLoop.ContinueWith(_ => { }, TaskScheduler.Default));
    }

    [Fact]
    public async Task QualityInterval_DefaultsTo1s_AndOutside100msTo60s_IsRefusedWith8021()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), new LiveRoomOptions().QualityInterval);
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("q2_host");
        foreach (var interval in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(99), TimeSpan.FromSeconds(61), TimeSpan.FromMilliseconds(-1) })
        {
            var options = LiveRoomOptions.Host();
            options.QualityInterval = interval;
            var refused = await Assert.ThrowsAsync<LiveException>(() => host.CreateRoomAsync(roomId, options));
            Assert.Equal(("ILiveSDK", 8021), (refused.Module, refused.Code));
        }

        var edge = LiveRoomOptions.Host();
        edge.QualityInterval = LiveRoomOptions.MinQualityInterval;
        var room = await host.CreateRoomAsync(roomId, edge);
        var quality = await room.GetStatsAsync(TestContext.Current.CancellationToken);
        Assert.Empty(quality.Tracks); // nothing published or received yet
        Assert.Equal((0.0, 0.0), (quality.SendKbps, quality.ReceiveKbps));
    }

    private async Task<LiveClient> LoggedInAsync(string userId, TimeProvider clock)
    {
        var client = Server.NewClient(o => o.TimeProvider = clock);
        await client.LoginAsync(userId, Server.Sig(userId));
        return client;
    }
}
