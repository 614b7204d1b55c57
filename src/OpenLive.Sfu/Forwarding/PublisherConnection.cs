using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Srtp;
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
/// SDP or from the MID/RID header extensions), unwraps RTX, and keeps the publisher's link healthy — NACKs for its
/// losses, TWCC feedback for its congestion control, receiver reports, throttled keyframe requests.
/// Media thread only, except construction and <see cref="SetTracks"/> (which posts).
/// </summary>
internal sealed class PublisherConnection : ITransportSink
{
    private const int MaxRoutes = 32;

    private readonly IPublisherEvents _events;
    private readonly byte[] _rtcp = new byte[1500];
    private readonly (uint Ssrc, IncomingStream Stream, bool IsRtx)[] _routes = new (uint, IncomingStream, bool)[MaxRoutes];
    private readonly TransportCcRecorder _transportCc;
    private readonly long _keyframeInterval;
    private int _routeCount;
    private PublishedTrack[] _tracks = [];
    private long _nextNack;
    private long _nextFeedback;
    private long _nextReport;

    public PublisherConnection(string memberId, WebRtcTransport transport, IPublisherEvents events, SfuOptions options)
    {
        MemberId = memberId;
        Transport = transport;
        _events = events;
        Ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        _transportCc = new TransportCcRecorder(Ssrc);
        _keyframeInterval = (long)(options.KeyframeRequestInterval.TotalSeconds * transport.Time.TimestampFrequency);
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

        if (!TryRoute(packet, header, out var stream, out var isRtx))
        {
            Unrouted++;
            return;
        }

        var now = transport.Time.GetTimestamp();
        var extensions = stream.Track.Spec.Extensions;
        if (extensions.TransportCc != 0 && Rtc.Rtp.Extensions.TransportWideSequence.TryRead(packet, header, extensions.TransportCc, out var transportSequence))
        {
            _transportCc.Record(transportSequence, MediaClock.ToTimeSpan(now, transport.Time.TimestampFrequency));
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

        var plain = packet[..length];
        var frequency = transport.Time.TimestampFrequency;
        stream.Statistics.OnPacket(header.SequenceNumber, header.Timestamp, length, isRtx, now, frequency, (int)stream.Track.Codec.ClockRate);
        if (stream.Track.IsVideo && stream.Nacks.Record(header.SequenceNumber, MediaClock.ToTimeSpan(now, frequency)) == NackRecordResult.Reset)
        {
            RequestKeyframe(stream, now); // A gap too wide to repair: start again from a keyframe.
        }

        stream.Track.OnPacket(stream, plain, header, now);
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
                }
            }
        }
    }

    /// <summary>Sends a PLI for <paramref name="stream"/> now, or when the throttle allows (see <see cref="Tick"/>).</summary>
    public void RequestKeyframe(IncomingStream stream, long now)
    {
        if (stream.Ssrc != 0 && stream.KeyframeRequests.Request(now, _keyframeInterval))
        {
            SendPli(stream);
        }
    }

    internal void OnTrackStarted(PublishedTrack track) => _events.TrackStarted(track);

    /// <summary>Periodic work (media thread): NACKs every 20 ms, TWCC feedback every 50 ms, receiver reports every second, held-back PLIs.</summary>
    public void Tick(long now)
    {
        if (Transport.State != TransportState.Connected)
        {
            return;
        }

        var frequency = Transport.Time.TimestampFrequency;
        if (now >= _nextNack)
        {
            _nextNack = now + MediaClock.FromMilliseconds(20, frequency);
            var at = MediaClock.ToTimeSpan(now, frequency);
            foreach (var track in _tracks)
            {
                foreach (var stream in track.Layers)
                {
                    if (track.IsVideo && stream.Ssrc != 0 && stream.Nacks.MissingCount > 0
                        && stream.Nacks.TryWriteNack(_rtcp, Ssrc, stream.Ssrc, at, out var written))
                    {
                        Transport.SendRtcp(_rtcp, written);
                    }

                    if (stream.KeyframeRequests.TakeDue(now, _keyframeInterval))
                    {
                        SendPli(stream);
                    }
                }
            }
        }

        if (now >= _nextFeedback)
        {
            _nextFeedback = now + MediaClock.FromMilliseconds(50, frequency);
            var media = _tracks.Length > 0 ? _tracks[0].Layers[0].Ssrc : 0;
            for (var packets = 0; packets < 4 && _transportCc.TryWriteFeedback(_rtcp.AsSpan(0, 1200 - SrtpSender.MaxRtcpOverhead), media, out var written); packets++)
            {
                Transport.SendRtcp(_rtcp, written);
            }
        }

        if (now >= _nextReport)
        {
            _nextReport = now + frequency; // Receiver reports once a second.
            SendReceiverReport(now, frequency);
        }
    }

    private void SendReceiverReport(long now, long frequency)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[16];
        var count = 0;
        foreach (var track in _tracks)
        {
            foreach (var stream in track.Layers)
            {
                if (stream.Ssrc != 0 && stream.Statistics.Packets > 0 && count < blocks.Length)
                {
                    blocks[count++] = stream.Statistics.NextReportBlock(stream.Ssrc, now, frequency);
                }
            }
        }

        if (count > 0 && ReceiverReport.TryWrite(_rtcp, Ssrc, blocks[..count], out var written))
        {
            Transport.SendRtcp(_rtcp, written);
        }
    }

    private void SendPli(IncomingStream stream)
    {
        if (PictureLossIndication.TryWrite(_rtcp, Ssrc, stream.Ssrc, out var written))
        {
            Transport.SendRtcp(_rtcp, written);
        }
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
