using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Media;

/// <summary>
/// Media through the real server and SFU with the .NET SDK on both ends (our client stack, synthetic VP8 and Opus):
/// tracks arrive, member events follow the media, views and their errors. Browser and libwebrtc peers are in tests/web/media.
/// </summary>
public sealed class MediaFlowTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static int s_nextRoom = 9500;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private TestServer Server => shared.Server;

    private static uint NewRoom() => (uint)Interlocked.Increment(ref s_nextRoom);

    [Fact]
    public async Task PublishedCameraAndAudio_ReachTheAudience_FromAKeyframe_WithHasAndNoEvents()
    {
        var cancel = TestContext.Current.CancellationToken;
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("f1_host");
        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        await using var viewer = await Server.LoggedInClientAsync("f1_viewer");
        var room = await viewer.JoinRoomAsync(roomId, LiveRoomOptions.Audience());
        var hasCamera = Events.Next<MemberEventArgs>(h => room.MemberEvent += h, e => e.EventId == MemberEventId.HasCameraVideo);
        var hasAudio = Events.Next<MemberEventArgs>(h => room.MemberEvent += h, e => e.EventId == MemberEventId.HasAudio);
        var noCamera = Events.Next<MemberEventArgs>(h => room.MemberEvent += h, e => e.EventId == MemberEventId.NoCameraVideo);
        var noAudio = Events.Next<MemberEventArgs>(h => room.MemberEvent += h, e => e.EventId == MemberEventId.NoAudio);
        var video = new ReceivedVideo();
        room.RemoteTrackAdded += (_, e) =>
        {
            if (e.Source == MediaTrackSource.Camera)
            {
                video.Attach(e.Connection, e.Transceiver);
            }
        };

        using var publisher = await hostRoom.PublishAsync(new LivePublishOptions { Audio = true, Camera = true }, cancel);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var camera = new SyntheticVideoSource(framesPerSecond: 30, bitrate: 600_000);
        var audio = new SyntheticAudioSource();
        var videoLoop = camera.RunAsync(publisher.Connection, publisher.Camera!, sending.Token);
        var audioLoop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            while (await timer.WaitForNextTickAsync(sending.Token).ConfigureAwait(false))
            {
                audio.SendPacket(publisher.Connection, publisher.Audio!);
            }
        }, sending.Token);

        Assert.Equal("f1_host", Assert.Single((await hasCamera).Members).UserId);
        await hasAudio;
        await video.WaitForPacketsAsync(60, Deadline);
        Assert.True(video.FirstWasKeyframe, "the first forwarded video packet starts a keyframe");

        await sending.CancelAsync();
        await Task.WhenAll(videoLoop, audioLoop.ContinueWith(_ => { }, TaskScheduler.Default));
        publisher.Dispose(); // DTLS close_notify: the tracks end now, not when consent lapses.
        await noCamera;
        await noAudio;
    }

    [Fact]
    public async Task ViewOfACameraAMemberDoesNotSend_Is1402_AndAnAudiencePublish_Is10003()
    {
        var cancel = TestContext.Current.CancellationToken;
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("f2_host");
        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        await using var viewer = await Server.LoggedInClientAsync("f2_viewer");
        var room = await viewer.JoinRoomAsync(roomId, LiveRoomOptions.Audience());
        var hasAudio = Events.Next<MemberEventArgs>(h => room.MemberEvent += h, e => e.EventId == MemberEventId.HasAudio);

        using var publisher = await hostRoom.PublishAsync(new LivePublishOptions { Audio = true }, cancel);
        var audio = new SyntheticAudioSource();
        for (var i = 0; i < 100 && !hasAudio.IsCompleted; i++)
        {
            audio.SendPacket(publisher.Connection, publisher.Audio!);
            await Task.Delay(20, cancel);
        }

        await hasAudio;
        var noVideo = await Assert.ThrowsAsync<LiveException>(() => room.RequestViewsAsync([new LiveView("f2_host", MediaTrackSource.Camera)], cancel));
        Assert.Equal(("AVSDK", 1402), (noVideo.Module, noVideo.Code));

        var refused = await Assert.ThrowsAsync<LiveException>(() => room.PublishAsync(new LivePublishOptions { Camera = true }, cancel));
        Assert.Equal(("AVSDK", 10003), (refused.Module, refused.Code));
    }

    /// <summary>Counts a video track's packets and remembers whether the first one started a VP8 keyframe.</summary>
    private sealed class ReceivedVideo
    {
        private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private RtcTransceiver? _transceiver;
        private int _wanted = int.MaxValue;
        private int _packets;

        public bool FirstWasKeyframe { get; private set; }

        public void Attach(RtcClientConnection connection, RtcTransceiver transceiver)
        {
            _transceiver = transceiver;
            connection.RtpReceived += OnRtp;
        }

        public Task WaitForPacketsAsync(int count, TimeSpan deadline)
        {
            Volatile.Write(ref _wanted, count);
            if (Volatile.Read(ref _packets) >= count)
            {
                _enough.TrySetResult();
            }

            return _enough.Task.WaitAsync(deadline);
        }

        private void OnRtp(RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet)
        {
            if (!ReferenceEquals(transceiver, _transceiver))
            {
                return;
            }

            if (Interlocked.Increment(ref _packets) == 1)
            {
                var payload = header.GetPayload(packet);
                FirstWasKeyframe = Rtc.Rtp.Codecs.Vp8Descriptor.TryParse(payload, out var vp8) && vp8.IsKeyframe && vp8.IsStartOfFrame;
            }

            if (_packets >= Volatile.Read(ref _wanted))
            {
                _enough.TrySetResult();
            }
        }
    }
}
