using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// One m-line of an <see cref="RtcClientConnection"/>: a track we send (with its simulcast layers), a track we
/// receive, or both. Created by <see cref="RtcClientConnection.AddTransceiver"/> before an offer, or by
/// <see cref="RtcClientConnection.SetRemoteOffer"/> for each m-line the peer sends us. Pass it to
/// <see cref="RtcClientConnection.SendRtp"/> and <see cref="RtcClientConnection.RequestKeyframe"/>; read its
/// statistics from any thread.
/// </summary>
public sealed class RtcTransceiver
{
    /// <summary>Simulcast layers one transceiver sends at most.</summary>
    public const int MaxSendLayers = 4;

    private readonly TimeProvider _time;
    private readonly MediaDirection _offeredDirection;
    private volatile NegotiatedMedia? _negotiated;
    private volatile ReceiveStream? _receiving;
    private volatile bool _rejected;

    // Receive counters: written by the receive thread (PLIs by the sending thread, interlocked), read by anyone.
    private long _packetsReceived;
    private long _payloadBytesReceived;
    private long _retransmissionsReceived;
    private long _nacksSent;
    private long _plisSent;
    private long _lastArrival;

    // Video frames (packets with the marker; layer 0's when sending simulcast) and the last VP8 keyframe's size,
    // packed as width << 16 | height so a reader on another thread sees both from the same keyframe.
    private long _framesSent;
    private long _framesReceived;
    private int _sentFrameSize;
    private int _receivedFrameSize;

    internal RtcTransceiver(RtcClientConnection owner, string mid, MediaKind kind, MediaDirection direction, RtcTransceiverOptions options, string streamId, int historyPackets, TimeProvider time)
    {
        Owner = owner;
        BindMid(mid);
        Kind = kind;
        _offeredDirection = direction;
        Options = options;
        _time = time;
        StreamId = options.StreamId ?? streamId;
        TrackId = options.TrackId ?? Guid.NewGuid().ToString("D");
        if (direction is MediaDirection.SendOnly or MediaDirection.SendReceive)
        {
            var video = kind == MediaKind.Video;
            if (options.SimulcastRids.Count == 0)
            {
                SendStreams = [new SendStream(null, video, historyPackets, owner.RetransmissionBudget)];
            }
            else
            {
                SendStreams = [.. options.SimulcastRids.Select(rid => new SendStream(rid, video, historyPackets, owner.RetransmissionBudget))];
            }
        }
        else
        {
            SendStreams = [];
        }
    }

    /// <summary>The m-line's mid (<c>a=mid</c>), unique in the connection (provisional until an offer or answer is made).</summary>
    public string Mid { get; private set; }

    /// <summary>Audio or video (an m-line the peer offered that we rejected may be another kind).</summary>
    public MediaKind Kind { get; }

    /// <summary>Our direction: as offered until negotiated, then as the answer settled it.</summary>
    public MediaDirection Direction => _negotiated?.Direction ?? _offeredDirection;

    /// <summary>The m-line was rejected (port 0) or removed by the peer: nothing flows on it.</summary>
    public bool IsRejected => _rejected;

    /// <summary>The first negotiated media payload type (what to pass to <see cref="RtcClientConnection.SendRtp"/>); -1 before negotiation.</summary>
    public int PayloadType => _negotiated?.PrimaryPayloadType ?? -1;

    /// <summary>The negotiated codec entries, RTX included; empty before negotiation.</summary>
    public IReadOnlyList<RtpCodec> Codecs => _negotiated?.Codecs ?? [];

    /// <summary>Streams we send: 1, or one per simulcast rid; 0 for a receive-only transceiver.</summary>
    public int LayerCount => SendStreams.Length;

    /// <summary>The peer's media SSRC, from its SDP or learned from the first packet; 0 until known.</summary>
    public uint RemoteSsrc => _receiving?.Ssrc ?? _negotiated?.RemoteSsrc ?? 0;

    internal RtcClientConnection Owner { get; }

    internal byte[] MidBytes { get; private set; }

    /// <summary>The direction the app asked for (offered, or wanted when answering).</summary>
    internal MediaDirection WantedDirection => _offeredDirection;

    internal RtcTransceiverOptions Options { get; }

    internal string StreamId { get; }

    internal string TrackId { get; }

    internal SendStream[] SendStreams { get; }

    internal NegotiatedMedia? Negotiated
    {
        get => _negotiated;
        set => _negotiated = value;
    }

    /// <summary>The stream being received (receive thread writes; others read the reference).</summary>
    internal ReceiveStream? Receiving
    {
        get => _receiving;
        set => _receiving = value;
    }

    /// <summary>Marks the m-line rejected (port 0, or no m-line took this transceiver) or accepted again.</summary>
    internal void SetRejected(bool rejected) => _rejected = rejected;

    /// <summary>The SSRC of our stream for simulcast layer <paramref name="layer"/> (0 without simulcast).</summary>
    public uint GetSsrc(int layer = 0) => SendStreams[layer].Ssrc;

    /// <summary>The SSRC of the RTX stream repairing layer <paramref name="layer"/>.</summary>
    public uint GetRtxSsrc(int layer = 0) => SendStreams[layer].RtxSsrc;

    /// <summary>The rid of layer <paramref name="layer"/>; null without simulcast.</summary>
    public string? GetRid(int layer) => SendStreams[layer].Rid;

    /// <summary>What we sent on this transceiver, summed over its layers.</summary>
    public RtcSendStatistics GetSendStatistics()
    {
        long packets = 0, bytes = 0, retransmissions = 0, nacks = 0, plis = 0, firs = 0, lost = 0;
        long roundTrip = -1;
        var fraction = 0;
        foreach (var stream in SendStreams)
        {
            packets += Volatile.Read(ref stream.PacketsSent);
            bytes += Volatile.Read(ref stream.PayloadBytesSent);
            retransmissions += stream.Nacks.Retransmitted;
            nacks += stream.Nacks.Nacks;
            plis += Volatile.Read(ref stream.PlisReceived);
            firs += Volatile.Read(ref stream.FirsReceived);
            lost += Volatile.Read(ref stream.RemoteCumulativeLost);
            fraction = Math.Max(fraction, Volatile.Read(ref stream.RemoteFractionLost));
            roundTrip = Math.Max(roundTrip, Volatile.Read(ref stream.RoundTripTicks));
        }

        return new RtcSendStatistics(packets, bytes, retransmissions, nacks, plis, firs, roundTrip < 0 ? null : TimeSpan.FromTicks(roundTrip), fraction / 256.0, lost);
    }

    /// <summary>What we received on this transceiver.</summary>
    public RtcReceiveStatistics GetReceiveStatistics()
    {
        var stream = _receiving;
        var lastArrival = Volatile.Read(ref _lastArrival);
        var packets = Volatile.Read(ref _packetsReceived);
        var rate = stream?.ClockRate ?? 0;
        return new RtcReceiveStatistics(
            stream?.Ssrc ?? 0,
            packets,
            Volatile.Read(ref _payloadBytesReceived),
            Math.Max(0, stream?.Statistics.CumulativeLost ?? 0),
            Volatile.Read(ref _retransmissionsReceived),
            Volatile.Read(ref _nacksSent),
            Volatile.Read(ref _plisSent),
            rate == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((stream?.Statistics.Jitter ?? 0) / rate),
            packets == 0 ? null : _time.GetUtcNow() - _time.GetElapsedTime(lastArrival));
    }

    /// <summary>Video frames sent (RTP packets with the marker bit; with simulcast, layer 0's only); 0 for audio.</summary>
    public long FramesSent => Volatile.Read(ref _framesSent);

    /// <summary>Video frames received (RTP packets with the marker bit, retransmissions not counted); 0 for audio.</summary>
    public long FramesReceived => Volatile.Read(ref _framesReceived);

    /// <summary>The picture size the last VP8 keyframe sent stated (layer 0 with simulcast); (0, 0) before one or for other codecs.</summary>
    public (int Width, int Height) SentFrameSize => Unpack(Volatile.Read(ref _sentFrameSize));

    /// <summary>The picture size the last VP8 keyframe received stated; (0, 0) before one or for other codecs.</summary>
    public (int Width, int Height) ReceivedFrameSize => Unpack(Volatile.Read(ref _receivedFrameSize));

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} mid={Mid} {Direction}";

    /// <summary>Takes the mid of the m-line this transceiver was matched to (negotiation, before any packet flows).</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Mid), nameof(MidBytes))]
    internal void BindMid(string mid)
    {
        Mid = mid;
        MidBytes = System.Text.Encoding.ASCII.GetBytes(mid);
    }

    /// <summary>Counts a delivered packet (receive thread).</summary>
    internal void CountReceived(int payloadLength, bool retransmission, long arrival)
    {
        Volatile.Write(ref _packetsReceived, _packetsReceived + 1);
        Volatile.Write(ref _payloadBytesReceived, _payloadBytesReceived + payloadLength);
        if (retransmission)
        {
            Volatile.Write(ref _retransmissionsReceived, _retransmissionsReceived + 1);
        }

        Volatile.Write(ref _lastArrival, arrival);
    }

    /// <summary>Counts a video frame sent on layer 0 and, for a VP8 keyframe, its size (send lock).</summary>
    internal void CountSentVideo(bool marker, bool vp8, ReadOnlySpan<byte> payload)
    {
        if (vp8 && Rtp.Codecs.Vp8Descriptor.TryReadKeyframeSize(payload, out var width, out var height))
        {
            Volatile.Write(ref _sentFrameSize, (width << 16) | height);
        }

        if (marker)
        {
            Volatile.Write(ref _framesSent, _framesSent + 1);
        }
    }

    /// <summary>Counts a video frame received and, for a VP8 keyframe, its size (receive thread).</summary>
    internal void CountReceivedVideo(bool marker, bool vp8, ReadOnlySpan<byte> payload)
    {
        if (vp8 && Rtp.Codecs.Vp8Descriptor.TryReadKeyframeSize(payload, out var width, out var height))
        {
            Volatile.Write(ref _receivedFrameSize, (width << 16) | height);
        }

        if (marker)
        {
            Volatile.Write(ref _framesReceived, _framesReceived + 1);
        }
    }

    private static (int Width, int Height) Unpack(int packed) => (packed >>> 16, packed & 0xffff);

    internal void CountNackSent() => Interlocked.Increment(ref _nacksSent);

    internal void CountPliSent() => Interlocked.Increment(ref _plisSent);
}
