using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Sfu.Tests;

/// <summary>
/// Taps (issue 14's seam for egress): a real publisher (the repository's client peer with a synthetic camera) through a
/// real engine on loopback; the sink hears of the track, gets its packets and sender reports, and the tap follows the
/// member across a reconnect.
/// </summary>
public sealed class MediaRoomTapTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly SfuEngine _engine = new(Options.Create(new SfuOptions { Port = 0 }), TimeProvider.System, NullLogger<SfuEngine>.Instance);
    private readonly MediaRoom _room;
    private readonly List<(RtcClientConnection Peer, CancellationTokenSource Stop, Task Camera, SyntheticVideoSource Source)> _publishers = [];

    public MediaRoomTapTests()
    {
        _engine.Start();
        _room = _engine.GetOrCreateRoom("app/tapped", new RecordingRoomEvents());
        _room.SetMember("host", new MediaPermissions(MediaRights.All), autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (peer, stop, camera, _) in _publishers)
        {
            await stop.CancelAsync();
            await camera;
            peer.Dispose();
            stop.Dispose();
        }

        _room.Close();
        _engine.Dispose();
    }

    [Fact]
    public async Task ATap_GetsTheTracksPacketsAfterItsDescription_AsksForAKeyframe_AndGetsSenderReports()
    {
        var sink = new RecordingSink();
        using var tap = _room.Tap("host", TrackSource.Camera, sink).Value!;
        Assert.Empty(sink.Events); // Nothing published yet: the tap waits.

        var source = await PublishAsync();
        await sink.WaitAsync(s => s.Packets >= 60 && s.SenderReports >= 1, "60 packets and a sender report");

        var attached = Assert.IsType<TappedTrack>(sink.Attached.Single());
        Assert.Equal(("host", TrackSource.Camera, 90_000, 0), (attached.MemberId, attached.Source, attached.ClockRate, attached.Channels));
        Assert.Equal("VP8", attached.CodecName, ignoreCase: true);
        Assert.Equal("attached", sink.Events.First());
        Assert.True(sink.FirstPacketAfterAttach, "a packet reached the sink before its track's description");
        // The synthetic camera makes a keyframe at start and on each PLI: the tap's request makes at least one more.
        await sink.WaitAsync(_ => source.KeyframesProduced >= 2, "a keyframe made for the tap's request");
        Assert.True(sink.ValidRtp, "the sink got something that is not plain RTP of the tapped stream");
    }

    [Fact]
    public async Task ATapOpenedAfterASenderReport_GetsThatReport_BeforeItsFirstPacket()
    {
        // A recording started mid-stream has its tracks' sender clocks at once, not a report interval later.
        var first = new RecordingSink();
        using var early = _room.Tap("host", TrackSource.Camera, first).Value!;
        await PublishAsync();
        await first.WaitAsync(s => s.SenderReports >= 1, "a sender report");

        var late = new RecordingSink();
        using var tap = _room.Tap("host", TrackSource.Camera, late).Value!;
        await late.WaitAsync(s => s.Packets >= 1, "a packet");

        Assert.True(late.ReportBeforeFirstPacket, "the late tap's first packet came before any sender report");
    }

    [Fact]
    public async Task ADisposedTap_ClosesItsSink_AndGetsNothingMore()
    {
        var sink = new RecordingSink();
        var tap = _room.Tap("host", TrackSource.Camera, sink).Value!;
        await PublishAsync();
        await sink.WaitAsync(s => s.Packets >= 10, "10 packets");

        tap.Dispose();
        await sink.WaitAsync(s => s.Events.Contains("closed"), "the sink closed");
        var after = sink.Packets;
        var frames = _publishers[0].Source.FrameNumber;
        await sink.WaitAsync(_ => _publishers[0].Source.FrameNumber >= frames + 15, "half a second more of camera frames");
        Assert.Equal(after, sink.Packets);
        Assert.Equal(["attached", "detached", "closed"], sink.Events);
    }

    [Fact]
    public async Task ATap_FollowsTheMemberAcrossAReconnect()
    {
        var sink = new RecordingSink();
        using var tap = _room.Tap("host", TrackSource.Camera, sink).Value!;
        await PublishAsync();
        await sink.WaitAsync(s => s.Packets >= 10, "10 packets from the first connection");

        // The member's connection ends (as when its network drops) and it publishes again on a new one.
        _room.RemoveMember("host");
        await sink.WaitAsync(s => s.Events.Contains("detached"), "the track detached");
        _room.SetMember("host", new MediaPermissions(MediaRights.All), autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        var before = sink.Packets;
        await PublishAsync();
        await sink.WaitAsync(s => s.Packets >= before + 10, "10 packets from the second connection");
        Assert.Equal(["attached", "detached", "attached"], sink.Events);
    }

    [Fact]
    public async Task ClosingTheRoom_ClosesItsTaps_AndANewTapIsRefused()
    {
        var sink = new RecordingSink();
        _ = _room.Tap("host", TrackSource.Camera, sink).Value!;
        await PublishAsync();
        await sink.WaitAsync(s => s.Packets >= 1, "a packet");

        _room.Close();
        await sink.WaitAsync(s => s.Events.Contains("closed"), "the sink closed");
        Assert.Equal(["attached", "detached", "closed"], sink.Events);
        var refused = _room.Tap("host", TrackSource.Camera, new RecordingSink());
        Assert.Equal(MediaErrorKind.RoomClosed, refused.Error?.Kind);
    }

    [Fact]
    public async Task AnAudioTap_GetsNothingOfTheCamera()
    {
        var sink = new RecordingSink();
        using var tap = _room.Tap("host", TrackSource.Audio, sink).Value!;
        var camera = new RecordingSink();
        using var cameraTap = _room.Tap("host", TrackSource.Camera, camera).Value!;
        await PublishAsync();
        await camera.WaitAsync(s => s.Packets >= 30, "30 camera packets");
        Assert.Equal(0, sink.Packets);
        Assert.Empty(sink.Events);
    }

    private async Task<SyntheticVideoSource> PublishAsync()
    {
        var peer = new RtcClientConnection();
        var camera = peer.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var published = _room.Publish("host", peer.CreateOffer(), new Dictionary<string, TrackSource>());
        peer.SetRemoteAnswer(published.Value ?? throw new InvalidOperationException($"publish refused: {published.Error}"));
        using var timeout = new CancellationTokenSource(Deadline);
        await peer.ConnectedAsync(timeout.Token);
        var source = new SyntheticVideoSource(30, 300_000);
        var stop = new CancellationTokenSource();
        _publishers.Add((peer, stop, source.RunAsync(peer, camera, stop.Token), source));
        return source;
    }

    /// <summary>A sink that keeps what it hears; the media thread writes, the test reads.</summary>
    private sealed class RecordingSink : ITrackTapSink
    {
        private readonly ConcurrentQueue<string> _events = new();
        private readonly ConcurrentQueue<TappedTrack> _attached = new();
        private int _packets;
        private int _senderReports;
        private uint _ssrc;

        public int Packets => Volatile.Read(ref _packets);

        public int SenderReports => Volatile.Read(ref _senderReports);

        public List<string> Events => [.. _events];

        public IReadOnlyList<TappedTrack> Attached => [.. _attached];

        public bool FirstPacketAfterAttach { get; private set; } = true;

        public bool ValidRtp { get; private set; } = true;

        public void OnTrackAttached(TappedTrack track)
        {
            _attached.Enqueue(track);
            _events.Enqueue("attached");
            _ssrc = 0;
        }

        public void OnRtp(ReadOnlySpan<byte> packet)
        {
            if (!_events.TryPeek(out _) || _events.Last() != "attached")
            {
                FirstPacketAfterAttach = false;
            }

            if (!RtpHeader.TryParse(packet, out var header) || (_ssrc != 0 && header.Ssrc != _ssrc))
            {
                ValidRtp = false;
            }

            _ssrc = header.Ssrc;
            Interlocked.Increment(ref _packets);
        }

        public bool ReportBeforeFirstPacket { get; private set; }

        public void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp)
        {
            ReportBeforeFirstPacket |= Packets == 0;
            Interlocked.Increment(ref _senderReports);
        }

        public void OnTrackDetached() => _events.Enqueue("detached");

        public void OnClosed() => _events.Enqueue("closed");

        public async Task WaitAsync(Func<RecordingSink, bool> condition, string what)
        {
            var deadline = DateTime.UtcNow + Deadline;
            while (!condition(this))
            {
                Assert.True(DateTime.UtcNow < deadline,
                    $"waited {Deadline.TotalSeconds} s for {what}; saw {Packets} packets, {SenderReports} sender reports, events [{string.Join(", ", Events)}]");
                await Task.Delay(20);
            }
        }
    }
}
