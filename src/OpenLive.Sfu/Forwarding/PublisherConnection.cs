using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Forwarding;

/// <summary>What a publisher connection tells the room (called on the media thread; must return quickly).</summary>
internal interface IPublisherEvents
{
    void TrackStarted(PublishedTrack track);

    void PublisherClosed(PublisherConnection connection, string reason);
}

/// <summary>
/// A member's publishing connection: routes each incoming RTP packet to its track and layer (by SSRC, learned from
/// SDP or from the MID/RID header extensions), unwraps RTX, and hands the publisher's link to the feedback features
/// that keep it healthy — <see cref="NackRequester"/> (its losses), <see cref="TransportCcFeedbackSender"/> (its
/// congestion control), <see cref="ReceiverReportSender"/> and <see cref="KeyframeRequester"/>. It only routes.
/// Media thread only, except construction and <see cref="SetTracks"/> (which posts).
/// </summary>
internal sealed class PublisherConnection : ITransportSink, ITrackOrigin
{
    private const int MaxRoutes = 32;

    private readonly IPublisherEvents _events;
    private readonly (uint Ssrc, IncomingStream Stream, bool IsRtx)[] _routes = new (uint, IncomingStream, bool)[MaxRoutes];
    private readonly NackRequester _nacks;
    private readonly KeyframeRequester _keyframes;
    private readonly TransportFeedbackChannel _feedback;
    private readonly TransportCcFeedbackSender _transportCc;
    private int _transportCcId;
    private readonly ReceiverReportSender _reports;
    private int _routeCount;
    private PublishedTrack[] _tracks = [];

    public PublisherConnection(string memberId, WebRtcTransport transport, IPublisherEvents events, SfuOptions options)
    {
        MemberId = memberId;
        Transport = transport;
        _events = events;
        Ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        _feedback = new TransportFeedbackChannel(transport);
        _nacks = new NackRequester(_feedback, Ssrc);
        _keyframes = new KeyframeRequester(transport, Ssrc, (long)(options.KeyframeRequestInterval.TotalSeconds * transport.Time.TimestampFrequency));
        _transportCc = new TransportCcFeedbackSender(Ssrc);
        _reports = new ReceiverReportSender(transport, Ssrc);
    }

    public string MemberId { get; }

    public WebRtcTransport Transport { get; }

    /// <summary>Our SSRC on this connection (sender of our RTCP).</summary>
    public uint Ssrc { get; }

    public PublishedTrack[] Tracks => _tracks;

    /// <summary>Packets that matched no track (unknown SSRC without a usable MID/RID).</summary>
    public long Unrouted { get; private set; }

    /// <summary>Replaces the published tracks (media thread). Routes of removed tracks are dropped.</summary>
    public void SetTracks(PublishedTrack[] tracks)
    {
        _tracks = tracks;
        // One id for the whole BUNDLE (RFC 8843: an extension's id is shared by every m-line of the transport).
        _transportCcId = 0;
        foreach (var track in tracks)
        {
            if (track.Spec.Extensions.TransportCc != 0)
            {
                _transportCcId = track.Spec.Extensions.TransportCc;
                break;
            }
        }

        var kept = 0;
        for (var i = 0; i < _routeCount; i++)
        {
            if (Array.IndexOf(tracks, _routes[i].Stream.Track) >= 0)
            {
                _routes[kept++] = _routes[i];
            }
        }

        _routeCount = kept;
        foreach (var track in tracks)
        {
            foreach (var layer in track.Layers)
            {
                if (layer.Ssrc != 0)
                {
                    AddRoute(layer.Ssrc, layer, isRtx: false);
                }

                if (layer.RtxSsrc != 0)
                {
                    AddRoute(layer.RtxSsrc, layer, isRtx: true);
                }
            }
        }
    }

    public void OnConnected(WebRtcTransport transport)
    {
    }

    public void OnClosed(WebRtcTransport transport, string reason) => _events.PublisherClosed(this, reason);

    public void OnRtp(WebRtcTransport transport, Span<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            Unrouted++;
            return;
        }

        var frequency = transport.Time.TimestampFrequency;
        var now = transport.Time.GetTimestamp();
        var at = MediaClock.ToTimeSpan(now, frequency);

        // Every packet of the transport is reported, routed or not: the sender's bandwidth probes are padding, some on
        // streams not learned yet, and a probe reported lost is a probe failed — its estimate would then crawl up
        // (8 %/s) instead of jumping to what the path carries. The arrival is the kernel's: a media thread held up
        // (descheduled, compiling) must not look like queuing on the network to the sender's delay-based estimator.
        _transportCc.OnPacket(packet, header, _transportCcId, MediaClock.ToTimeSpan(transport.PacketArrival(), frequency));
        if (!TryRoute(packet, header, out var stream, out var isRtx))
        {
            Unrouted++;
            return;
        }

        var length = packet.Length;
        if (isRtx)
        {
            if (header.PayloadLength <= 2)
            {
                return; // Padding-only RTX (bandwidth probing): nothing to recover.
            }

            if (!Rtx.TryUnwrapInPlace(packet, length, (byte)stream.Track.Codec.PayloadType, stream.Ssrc, out length)
                || !RtpHeader.TryParse(packet[..length], out header))
            {
                return;
            }
        }
        else if (header.PayloadLength == 0)
        {
            return; // Padding-only packet.
        }

        stream.Statistics.OnPacket(header.SequenceNumber, header.Timestamp, length, isRtx, now, frequency, (int)stream.Track.Codec.ClockRate, endsFrame: header.Marker && stream.Track.IsVideo);
        if (NackRequester.OnPacket(stream, header.SequenceNumber, at))
        {
            RequestKeyframe(stream, now); // A gap too wide to repair: start again from a keyframe.
        }

        stream.Track.OnPacket(stream, packet[..length], header, now);
    }

    public void OnRtcp(WebRtcTransport transport, Span<byte> packet)
    {
        var reader = new RtcpReader(packet);
        while (reader.TryRead(out var rtcp))
        {
            if (rtcp.Type == RtcpPacketType.SenderReport && SenderReport.TryParse(rtcp, out var report))
            {
                var stream = FindStream(report.Info.SenderSsrc);
                if (stream is not null)
                {
                    stream.Statistics.OnSenderReport(report.Info, transport.Time.GetTimestamp());
                    stream.Track.OnSenderReport(stream, report.Info.NtpTimestamp, report.Info.RtpTimestamp);
                }
            }
        }
    }

    /// <summary>Sends a PLI for <paramref name="stream"/> now, or when the throttle allows (see <see cref="KeyframeRequester"/>).</summary>
    public void RequestKeyframe(IncomingStream stream, long now) => _keyframes.Request(stream, now);

    public void OnTrackStarted(PublishedTrack track) => _events.TrackStarted(track);

    /// <summary>Periodic work (media thread): NACKs and held-back PLIs every 20 ms, TWCC feedback every 50 ms, receiver reports every second.</summary>
    public void Tick(long now)
    {
        if (Transport.State != TransportState.Connected)
        {
            return;
        }

        var frequency = Transport.Time.TimestampFrequency;
        var at = MediaClock.ToTimeSpan(now, frequency);
        var tracks = _tracks;
        _nacks.Tick(at, tracks);
        _keyframes.Tick(now, at, tracks);
        _transportCc.Tick(at, tracks.Length > 0 ? tracks[0].Layers[0].Ssrc : 0, _feedback);
        _reports.Tick(now, frequency, at, tracks);
    }

    private bool TryRoute(ReadOnlySpan<byte> packet, in RtpHeader header, out IncomingStream stream, out bool isRtx)
    {
        for (var i = 0; i < _routeCount; i++)
        {
            if (_routes[i].Ssrc == header.Ssrc)
            {
                stream = _routes[i].Stream;
                isRtx = _routes[i].IsRtx;
                return true;
            }
        }

        return TryLearnRoute(packet, header, out stream!, out isRtx);
    }

    /// <summary>A new SSRC: find its track by the MID extension (or payload type), its layer by RID / repaired RID.</summary>
    private bool TryLearnRoute(ReadOnlySpan<byte> packet, in RtpHeader header, out IncomingStream? stream, out bool isRtx)
    {
        stream = null;
        isRtx = false;
        foreach (var track in _tracks)
        {
            var ids = track.Spec.Extensions;
            var midMatches = ids.Mid != 0 && Rtc.Rtp.Extensions.SdesExtension.TryGetValue(packet, header, ids.Mid, out var mid)
                ? mid.SequenceEqual(track.MidBytes)
                : header.PayloadType == track.Codec.PayloadType || header.PayloadType == track.Codec.RtxPayloadType;
            if (!midMatches)
            {
                continue;
            }

            isRtx = track.Codec.RtxPayloadType == header.PayloadType;
            if (track.Layers.Length == 1 && track.Layers[0].Rid is null)
            {
                stream = track.Layers[0];
            }
            else
            {
                var ridId = isRtx ? ids.RepairedRid : ids.Rid;
                if (ridId == 0 || !Rtc.Rtp.Extensions.SdesExtension.TryGetValue(packet, header, ridId, out var rid))
                {
                    return false;
                }

                foreach (var layer in track.Layers)
                {
                    if (rid.SequenceEqual(layer.RidBytes))
                    {
                        stream = layer;
                        break;
                    }
                }
            }

            if (stream is null)
            {
                return false;
            }

            if (isRtx)
            {
                stream.RtxSsrc = header.Ssrc;
            }
            else
            {
                stream.Ssrc = header.Ssrc;
            }

            AddRoute(header.Ssrc, stream, isRtx);
            return true;
        }

        return false;
    }

    private void AddRoute(uint ssrc, IncomingStream stream, bool isRtx)
    {
        for (var i = 0; i < _routeCount; i++)
        {
            if (_routes[i].Ssrc == ssrc)
            {
                _routes[i] = (ssrc, stream, isRtx);
                return;
            }
        }

        if (_routeCount < MaxRoutes)
        {
            _routes[_routeCount++] = (ssrc, stream, isRtx);
        }
    }

    private IncomingStream? FindStream(uint ssrc)
    {
        for (var i = 0; i < _routeCount; i++)
        {
            if (_routes[i].Ssrc == ssrc && !_routes[i].IsRtx)
            {
                return _routes[i].Stream;
            }
        }

        return null;
    }
}
