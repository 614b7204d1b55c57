using OpenLive.Rtc.Rtp;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// A member's tracks brought from another node (the groundwork of cascading a room across nodes): plain RTP packets
/// that a node-to-node link has already received and unprotected, routed by SSRC into the room's
/// <see cref="PublishedTrack"/>s as a WebRTC publisher's are — so local subscribers, layer selection, retransmissions
/// from the local cache, keyframe gating and recording taps work unchanged. What only the origin can do goes back up
/// the link: keyframe requests, throttled per stream as for a local publisher (<see cref="KeyframeRequestThrottle"/>).
/// Losses on the link are the link's to repair (it is a subscriber of the origin node). Media thread only, except
/// construction and <see cref="Close"/>.
/// </summary>
internal sealed class RelayPublisher(string memberId, IPublisherEvents events, IRelayUpstream upstream, long keyframeInterval) : ITrackOrigin
{
    private PublishedTrack[] _tracks = [];
    private volatile bool _closed;

    public string MemberId { get; } = memberId;

    public PublishedTrack[] Tracks => _tracks;

    /// <summary>Packets that matched no track (an SSRC the relay was not told of), or that were not RTP.</summary>
    public long Unrouted { get; private set; }

    public bool IsClosed => _closed;

    /// <summary>Replaces the relayed tracks (media thread).</summary>
    public void SetTracks(PublishedTrack[] tracks) => _tracks = tracks;

    /// <summary>Nothing more is delivered or asked upstream (any thread).</summary>
    public void Close() => _closed = true;

    /// <summary>One RTP packet from the link (media thread); <paramref name="now"/> on the engine's clock.</summary>
    public void Deliver(Span<byte> packet, long now, long frequency)
    {
        if (_closed || !RtpHeader.TryParse(packet, out var header) || header.PayloadLength == 0 || FindStream(header.Ssrc) is not { } stream)
        {
            Unrouted++;
            return;
        }

        var track = stream.Track;
        stream.Statistics.OnPacket(header.SequenceNumber, header.Timestamp, packet.Length, retransmission: false, now, frequency, (int)track.Codec.ClockRate, endsFrame: header.Marker && track.IsVideo);
        track.OnPacket(stream, packet, header, now);
    }

    /// <summary>Sends the keyframe requests the throttle held back once their interval has passed (media thread).</summary>
    public void Tick(long now)
    {
        if (_closed)
        {
            return;
        }

        foreach (var track in _tracks)
        {
            foreach (var stream in track.Layers)
            {
                if (stream.KeyframeRequests.TakeDue(now, keyframeInterval))
                {
                    upstream.RequestKeyframe(track.Spec.Mid, stream.Layer);
                }
            }
        }
    }

    public void OnTrackStarted(PublishedTrack track) => events.TrackStarted(track);

    public void RequestKeyframe(IncomingStream stream, long now)
    {
        if (!_closed && stream.Ssrc != 0 && stream.KeyframeRequests.Request(now, keyframeInterval))
        {
            upstream.RequestKeyframe(stream.Track.Spec.Mid, stream.Layer);
        }
    }

    private IncomingStream? FindStream(uint ssrc)
    {
        foreach (var track in _tracks)
        {
            foreach (var stream in track.Layers)
            {
                if (stream.Ssrc == ssrc)
                {
                    return stream;
                }
            }
        }

        return null;
    }
}
