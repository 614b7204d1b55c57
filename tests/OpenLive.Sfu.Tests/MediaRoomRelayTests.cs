using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Negotiation;
using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Sfu.Tests;

/// <summary>
/// Cascading's groundwork (issue 16): a room's track brought from another node by a relay publisher. Two engines
/// stand for two nodes; the node-to-node link is node B subscribing to node A's room over WebRTC with the repository's
/// own client peer, handing each packet it receives to B's <see cref="RelayPublisher"/>. A viewer on B plays the host who
/// publishes on A, and its keyframe requests travel up the link to the host's encoder.
/// </summary>
public sealed class MediaRoomRelayTests : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private static readonly MediaPermissions Everything = new(MediaRights.All);

    private readonly SfuEngine _nodeA = SfuEngineTests.NewEngine();
    private readonly SfuEngine _nodeB = SfuEngineTests.NewEngine();
    private readonly RecordingRoomEvents _eventsB = new();
    private readonly MediaRoom _roomA;
    private readonly MediaRoom _roomB;
    private readonly RtcClientConnection _host = new();
    private readonly RtcClientConnection _link = new();
    private readonly RtcClientConnection _viewer = new();
    private readonly CancellationTokenSource _sending = new();

    public MediaRoomRelayTests()
    {
        _nodeA.Start();
        _nodeB.Start();
        _roomA = _nodeA.GetOrCreateRoom("app/room", new RecordingRoomEvents());
        _roomB = _nodeB.GetOrCreateRoom("app/room", _eventsB);
    }

    public async ValueTask DisposeAsync()
    {
        await _sending.CancelAsync();
        _viewer.Dispose();
        _link.Dispose();
        _host.Dispose();
        _roomA.Close();
        _roomB.Close();
        _nodeA.Dispose();
        _nodeB.Dispose();
        _sending.Dispose();
    }

    [Fact]
    public async Task AViewerOnAnotherNode_PlaysTheHostThroughARelay_AndItsKeyframeRequestsReachTheHost()
    {
        var token = TestContext.Current.CancellationToken;

        // Node A: the host publishes its camera.
        _roomA.SetMember("host", Everything, autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        var camera = _host.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var published = _roomA.Publish("host", _host.CreateOffer(), new Dictionary<string, TrackSource>());
        _host.SetRemoteAnswer(published.Value ?? throw new InvalidOperationException(published.Error?.Message));
        await _host.ConnectedAsync(token).WaitAsync(Limit, token);
        var source = new SyntheticVideoSource(30, 300_000);
        var keyframesAsked = 0;
        _host.KeyframeRequested += (_, _) => Interlocked.Increment(ref keyframesAsked);
        var sending = source.RunAsync(_host, camera, _sending.Token);

        // The link: node B plays the host on node A like any WebRTC viewer.
        _roomA.SetMember("node-b", Everything, autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        var linked = _link.AddTransceiver(MediaKind.Video, MediaDirection.ReceiveOnly);
        var played = _roomA.Play("node-b", "host", _link.CreateOffer());
        _link.SetRemoteAnswer(played.Value ?? throw new InvalidOperationException(played.Error?.Message));
        await _link.ConnectedAsync(token).WaitAsync(Limit, token);

        // Node B: the host's camera, relayed. The relay's SSRC and payload type are what node A sends the link.
        _roomB.SetMember("host", Everything, autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        var upstream = new LinkUpstream(_link, linked);
        RelayPublisher? relay = null;
        var relayed = 0L;
        _link.RtpReceived += (RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet) =>
        {
            // A test's link hops threads with a copy; a node's link would run on the media thread and copy nothing.
            if (Volatile.Read(ref relay) is { } to)
            {
                var copy = packet.ToArray();
                _nodeB.Post(() => to.Deliver(copy, _nodeB.Time.GetTimestamp(), _nodeB.Time.TimestampFrequency));
                Interlocked.Increment(ref relayed);
            }
        };
        Assert.True(await WaitUntilAsync(() => linked.RemoteSsrc != 0 && linked.PayloadType > 0));
        var codec = new NegotiatedCodec(linked.PayloadType, "VP8", 90000, null, null, null);
        var result = _roomB.PublishRelay("host", [new RelayedTrack(linked.Mid, TrackSource.Camera, codec, linked.RemoteSsrc)], upstream);
        Volatile.Write(ref relay, result.Value ?? throw new InvalidOperationException(result.Error?.Message));
        Assert.True(await WaitUntilAsync(() => _eventsB.Events.Contains("started host Camera")), string.Join("; ", _eventsB.Events));

        // A viewer on node B plays the host: frames arrive, starting with a keyframe its arrival asked for upstream.
        _roomB.SetMember("viewer", Everything, autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        _viewer.AddTransceiver(MediaKind.Video, MediaDirection.ReceiveOnly);
        var frames = 0;
        var firstWasKeyframe = (bool?)null;
        _viewer.RtpReceived += (RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet) =>
        {
            if (firstWasKeyframe is null && header.PayloadLength > 0)
            {
                firstWasKeyframe = OpenLive.Rtc.Rtp.Codecs.Vp8Descriptor.TryParse(header.GetPayload(packet), out var descriptor) && descriptor.IsKeyframe;
            }

            if (header.Marker)
            {
                Interlocked.Increment(ref frames);
            }
        };
        var viewerAnswer = _roomB.Play("viewer", "host", _viewer.CreateOffer());
        _viewer.SetRemoteAnswer(viewerAnswer.Value ?? throw new InvalidOperationException(viewerAnswer.Error?.Message));
        await _viewer.ConnectedAsync(token).WaitAsync(Limit, token);

        Assert.True(await WaitUntilAsync(() => Volatile.Read(ref frames) >= 30), $"{frames} frames on node B ({Interlocked.Read(ref relayed)} packets relayed)");
        Assert.True(firstWasKeyframe, "the viewer's first packet starts a keyframe (the SFU held it back until one came)");
        Assert.True(upstream.Requests > 0, "node B asked up the link for a keyframe");
        Assert.True(Volatile.Read(ref keyframesAsked) > 0, "the request reached the host's encoder");
        Assert.Equal(0, relay!.Unrouted);

        await _sending.CancelAsync();
        await sending;
    }

    [Fact]
    public void ARelay_IsHeldToTheMembersRights_AndNeedsDistinctSsrcs()
    {
        var codec = new NegotiatedCodec(96, "VP8", 90000, null, null, null);
        var upstream = new NoUpstream();
        _roomB.SetMember("viewer", new MediaPermissions(MediaRights.ReceiveCamera), autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        var refused = _roomB.PublishRelay("viewer", [new RelayedTrack("0", TrackSource.Camera, codec, 1234)], upstream);
        Assert.Equal(MediaErrorKind.NotPermitted, refused.Error?.Kind);
        Assert.Equal(MediaRights.SendCamera, refused.Error?.MissingRight);

        _roomB.SetMember("host", Everything, autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        Assert.Equal(MediaErrorKind.InvalidDescription, _roomB.PublishRelay("host", [new RelayedTrack("0", TrackSource.Camera, codec, 0)], upstream).Error?.Kind);
        Assert.Equal(MediaErrorKind.InvalidDescription, _roomB.PublishRelay("host",
            [new RelayedTrack("0", TrackSource.Camera, codec, 7), new RelayedTrack("1", TrackSource.Screen, codec, 7)], upstream).Error?.Kind);

        var relay = _roomB.PublishRelay("host", [new RelayedTrack("0", TrackSource.Camera, codec, 7)], upstream).Value;
        Assert.NotNull(relay);
        Assert.Single(_roomB.Stats("host"));

        // The member leaves: the relay closes and delivers nothing more.
        _roomB.RemoveMember("host");
        Assert.True(relay.IsClosed);
        Assert.Empty(_roomB.Stats("host"));
    }

    [Fact]
    public async Task WhatIsNotRtpOrNotARelayedStream_IsCountedAndDropped()
    {
        var codec = new NegotiatedCodec(96, "VP8", 90000, null, null, null);
        _roomB.SetMember("host", Everything, autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        var relay = _roomB.PublishRelay("host", [new RelayedTrack("0", TrackSource.Camera, codec, 7)], new NoUpstream()).Value!;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _nodeB.Post(() =>
        {
            var now = _nodeB.Time.GetTimestamp();
            relay.Deliver(new byte[3], now, _nodeB.Time.TimestampFrequency); // not RTP
            var stranger = new byte[20];
            stranger[0] = 0x80;
            stranger[1] = 96;
            stranger[11] = 8; // SSRC 8: not relayed
            relay.Deliver(stranger, now, _nodeB.Time.TimestampFrequency);
            done.SetResult();
        });
        await done.Task.WaitAsync(Limit, TestContext.Current.CancellationToken);
        Assert.Equal(2, relay.Unrouted);
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow + Limit; DateTime.UtcNow < deadline; await Task.Delay(20))
        {
            if (condition())
            {
                return true;
            }
        }

        return condition();
    }

    /// <summary>The link's way up: a PLI to node A for the relayed track.</summary>
    private sealed class LinkUpstream(RtcClientConnection link, RtcTransceiver transceiver) : IRelayUpstream
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public void RequestKeyframe(string trackId, int layer)
        {
            Interlocked.Increment(ref _requests);
            link.RequestKeyframe(transceiver);
        }
    }

    /// <summary>A link that is never asked anything in the test using it.</summary>
    private sealed class NoUpstream : IRelayUpstream
    {
        public void RequestKeyframe(string trackId, int layer)
        {
        }
    }
}
