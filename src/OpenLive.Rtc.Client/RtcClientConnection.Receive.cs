using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Extensions;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Srtp;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Client;

public sealed partial class RtcClientConnection
{

    /// <summary>SRTP datagrams kept while the DTLS keys are being set up.</summary>

    // Receive thread only.
    private readonly Dictionary<uint, ReceiveStream> _bySsrc = [];
    private readonly Dictionary<uint, ReceiveStream> _byRtxSsrc = [];
    private RoutingPlan _plan = RoutingPlan.Empty;
    private TransportCcFeedbackSender? _transportCc;
    private uint _feedbackSsrc;
    private readonly EarlySrtpPackets _early = new();
    private SocketAddress? _stunSource;
    private IPEndPoint? _stunEndpoint;

    private volatile RoutingPlan _publishedPlan = RoutingPlan.Empty;
    private long _srtpRejected;
    private long _unroutedPackets;

    /// <summary>SRTP/SRTCP packets dropped: before the keys, forged, replayed, or malformed.</summary>
    public long SrtpRejected => Interlocked.Read(ref _srtpRejected);

    /// <summary>RTP packets that belonged to no transceiver (unknown SSRC without a usable MID or payload type).</summary>
    public long UnroutedPackets => Interlocked.Read(ref _unroutedPackets);

    /// <summary>Publishes the negotiated state to the packet paths (connection lock held).</summary>
    private void PublishRoutingPlan() => _publishedPlan = new RoutingPlan(_transceivers);

    /// <summary>
    /// One datagram from the socket (receive thread), demultiplexed by its first byte (RFC 7983). SRTP is unprotected
    /// in place, so <paramref name="datagram"/> is modified.
    /// </summary>
    internal void OnDatagram(Span<byte> datagram, SocketAddress source) => OnPacket(datagram, source, null, UdpSocketId);

    /// <summary>
    /// One packet from a path (receive side, one thread at a time): a UDP datagram, or an RFC 4571 frame of the ICE-TCP
    /// connection <paramref name="socketId"/>, whose peer is <paramref name="endpoint"/> (resolved once per connection).
    /// </summary>
    private void OnPacket(Span<byte> datagram, SocketAddress source, IPEndPoint? endpoint, int socketId)
    {
        ApplyRoutingPlan();
        switch (PacketClassifier.Classify(datagram))
        {
            case PacketKind.Stun:
                _ice?.ProcessPacket(datagram, endpoint ?? EndpointOf(source), socketId);
                break;
            case PacketKind.Dtls:
                // Before ICE selects a pair, DTLS is answered where it came from — on UDP; a TCP path is selected before DTLS starts.
                if (socketId == UdpSocketId && !source.Equals(_lastDtlsSource))
                {
                    _lastDtlsSource = SocketAddresses.Copy(source);
                }

                _dtls?.Enqueue(datagram);
                break;
            case PacketKind.RtpOrRtcp:
                OnSrtp(datagram);
                break;
            default:
                break;
        }
    }

    private void OnSrtp(Span<byte> datagram)
    {
        var receiver = _srtpReceiver;
        if (receiver is null)
        {
            KeepEarly(datagram);
            return;
        }

        if (_early.Count > 0)
        {
            ReplayEarly(receiver);
        }

        Unprotect(receiver, datagram);
    }

    /// <summary>
    /// SRTP that arrives between the peer finishing DTLS and our keys being in place (the peer's first keyframe,
    /// typically) is kept, a little of it, and replayed once the keys are there, instead of being lost.
    /// </summary>
    private void KeepEarly(ReadOnlySpan<byte> datagram)
    {
        if (_dtls is null || !_early.TryKeep(datagram))
        {
            Interlocked.Increment(ref _srtpRejected);
        }
    }

    private void ReplayEarly(SrtpReceiver receiver)
    {
        for (var i = 0; i < _early.Count; i++)
        {
            Unprotect(receiver, _early[i]);
        }

        _early.Clear();
    }

    private void Unprotect(SrtpReceiver receiver, Span<byte> datagram)
    {
        if (PacketClassifier.IsRtcp(datagram))
        {
            if (receiver.UnprotectRtcp(datagram, datagram.Length, out var plain) == SrtpStatus.Ok)
            {
                OnRtcp(datagram[..plain]);
                return;
            }
        }
        else if (receiver.UnprotectRtp(datagram, datagram.Length, out var plain) == SrtpStatus.Ok)
        {
            OnRtp(datagram[..plain]);
            return;
        }

        Interlocked.Increment(ref _srtpRejected);
    }

    /// <summary>A plain RTP packet: route it by SSRC, unwrap RTX, track loss and statistics, deliver it.</summary>
    private void OnRtp(Span<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            Interlocked.Increment(ref _unroutedPackets);
            return;
        }

        var now = Elapsed;
        _transportCc?.OnPacket(packet, header, _plan.TransportCcId, now);

        var stream = Route(packet, header, out var isRtx);
        if (stream is null)
        {
            Interlocked.Increment(ref _unroutedPackets);
            return;
        }

        var transceiver = stream.Transceiver;
        if (isRtx)
        {
            // An RTX packet without an OSN is padding (bandwidth probing): nothing to deliver.
            var apt = transceiver.Negotiated?.AssociatedPayloadTypeOf(header.PayloadType) ?? -1;
            if (apt < 0 || !Rtx.TryUnwrapInPlace(packet, packet.Length, (byte)apt, stream.Ssrc, out var length) || !RtpHeader.TryParse(packet[..length], out header))
            {
                return;
            }

            packet = packet[..length];
        }

        var nackResult = stream.Nacks?.Record(header.SequenceNumber, now) ?? NackRecordResult.InOrder;
        var arrivalUnits = now.Ticks * stream.ClockRate / TimeSpan.TicksPerSecond;
        stream.Statistics.OnPacket(header.SequenceNumber, header.Timestamp, arrivalUnits, countJitter: !isRtx);
        transceiver.CountReceived(header.PayloadLength, isRtx, _time.GetTimestamp());
        if (!isRtx && transceiver.Kind == MediaKind.Video)
        {
            transceiver.CountReceivedVideo(header.Marker, transceiver.Negotiated?.IsVp8(header.PayloadType) ?? false, header.GetPayload(packet));
        }
        if (nackResult == NackRecordResult.Reset)
        {
            // More was lost than NACKs can repair: only a keyframe helps.
            RequestKeyframe(transceiver);
        }

        if (header.PayloadLength > 0)
        {
            RtpReceived?.Invoke(transceiver, header, packet);
        }
    }

    /// <summary>
    /// The stream a packet belongs to: by SSRC, else learned — by the MID extension, else by a payload type only one
    /// receiving transceiver negotiated (RFC 8843 §9.2) — as the media or, for an RTX payload type, the RTX stream.
    /// </summary>
    private ReceiveStream? Route(ReadOnlySpan<byte> packet, in RtpHeader header, out bool isRtx)
    {
        if (_bySsrc.TryGetValue(header.Ssrc, out var stream))
        {
            isRtx = false;
            return stream;
        }

        isRtx = true;
        if (_byRtxSsrc.TryGetValue(header.Ssrc, out stream))
        {
            return stream;
        }

        var transceiver = _plan.MidId != 0 && SdesExtension.TryGetValue(packet, header, _plan.MidId, out var mid)
            ? _plan.FindReceiver(mid)
            : _plan.FindOnlyReceiverOf(header.PayloadType);
        var negotiated = transceiver?.Negotiated;
        if (transceiver is null || negotiated is null)
        {
            return null;
        }

        if (negotiated.AssociatedPayloadTypeOf(header.PayloadType) >= 0)
        {
            stream = transceiver.Receiving;
            if (stream is null)
            {
                return null;
            }

            _byRtxSsrc.Remove(stream.RtxSsrc);
            stream.RtxSsrc = header.Ssrc;
            _byRtxSsrc[header.Ssrc] = stream;
            return stream;
        }

        isRtx = false;
        return negotiated.IsMediaPayloadType(header.PayloadType) ? Bind(transceiver, header.Ssrc, negotiated.ClockRateOf(header.PayloadType)) : null;
    }

    /// <summary>Makes <paramref name="ssrc"/> the transceiver's incoming stream, replacing any earlier one (the peer restarted it).</summary>
    private ReceiveStream Bind(RtcTransceiver transceiver, uint ssrc, int clockRate)
    {
        var old = transceiver.Receiving;
        if (old is not null)
        {
            _bySsrc.Remove(old.Ssrc);
            _byRtxSsrc.Remove(old.RtxSsrc);
        }

        var stream = new ReceiveStream(transceiver, ssrc, clockRate, transceiver.Negotiated?.Nack ?? false);
        _bySsrc[ssrc] = stream;
        transceiver.Receiving = stream;
        return stream;
    }

    /// <summary>Takes up a newly published plan (receive thread): drops routes of transceivers that stopped receiving, binds signaled SSRCs.</summary>
    private void ApplyRoutingPlan()
    {
        var published = _publishedPlan;
        if (ReferenceEquals(published, _plan))
        {
            return;
        }

        _plan = published;
        foreach (var (ssrc, stream) in _bySsrc)
        {
            if (Array.IndexOf(published.Receivers, stream.Transceiver) < 0)
            {
                _bySsrc.Remove(ssrc);
                _byRtxSsrc.Remove(stream.RtxSsrc);
                stream.Transceiver.Receiving = null;
            }
        }

        foreach (var receiver in published.Receivers)
        {
            var negotiated = receiver.Negotiated!;
            if (negotiated.RemoteSsrc != 0 && !_bySsrc.ContainsKey(negotiated.RemoteSsrc))
            {
                var stream = Bind(receiver, negotiated.RemoteSsrc, negotiated.ClockRateOf(negotiated.PrimaryPayloadType));
                if (negotiated.RemoteRtxSsrc != 0)
                {
                    stream.RtxSsrc = negotiated.RemoteRtxSsrc;
                    _byRtxSsrc[negotiated.RemoteRtxSsrc] = stream;
                }
            }
        }

        _feedbackSsrc = published.FirstSendSsrc != 0 ? published.FirstSendSsrc : _rtcpSsrc;

        if (published.TransportCcFeedback && _transportCc is null)
        {
            _transportCc = new TransportCcFeedbackSender(_feedbackSsrc, _options.TransportFeedbackInterval);
        }
    }

    /// <summary>The endpoint of a STUN source for the ICE agent; the last one is cached, so consent traffic allocates nothing new.</summary>
    private IPEndPoint EndpointOf(SocketAddress source)
    {
        if (_stunEndpoint is not null && source.Equals(_stunSource))
        {
            return _stunEndpoint;
        }

        _stunEndpoint = SocketAddresses.ToIPEndPoint(source);
        _stunSource = SocketAddresses.Copy(source);
        return _stunEndpoint;
    }
}
