using System.Text;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Rtc.Rtp.Extensions;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// One published track as one subscriber receives it (a "downtrack"): its own SSRC and numbering, the simulcast layer
/// it follows and keyframe gating when it starts or switches, for VP8 its own picture numbering and temporal layer
/// (<see cref="Vp8Munger"/>), and the <see cref="Rtc.Rtcp.NackResponder"/> that resends
/// what the subscriber NACKs from the publisher stream's history. Media thread only, except the volatile fields the
/// control plane sets.
/// </summary>
internal sealed class ForwardedTrack
{
    /// <summary>
    /// Resends remembered per track, by outgoing sequence number: half a second of 2.5 Mbit/s video. An older resend
    /// forgotten only lets a packet be resent again, still within the subscriber's budget. 4 KiB per track.
    /// </summary>
    private const int ResendMemory = 512;

    private readonly byte[] _mid;
    private readonly int[] _resentAtMilliseconds = new int[ResendMemory];
    private readonly int[] _resentSequence = new int[ResendMemory];
    private RtpSendHistory? _protectedHistory;
    private long _lastKeyframeRequest;
    private ushort _rtxSequence;

    public ForwardedTrack(PublishedTrack source, SubscriberConnection subscriber, string mid, uint ssrc, uint rtxSsrc, byte payloadType, byte rtxPayloadType)
    {
        Source = source;
        Subscriber = subscriber;
        Mid = mid;
        _mid = Encoding.ASCII.GetBytes(mid);
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        PayloadType = payloadType;
        RtxPayloadType = rtxPayloadType;
        TargetLayer = source.Layers.Length - 1;
        _rtxSequence = (ushort)Random.Shared.Next(ushort.MaxValue);
        NackResponder = new NackResponder(subscriber.RetransmissionBudget, subscriber.Options.NackSequenceNumbersPerPacket);
        _resentSequence.AsSpan().Fill(-1);
    }

    public PublishedTrack Source { get; }

    public SubscriberConnection Subscriber { get; }

    public string Mid { get; }

    public uint Ssrc { get; }

    public uint RtxSsrc { get; }

    public byte PayloadType { get; }

    /// <summary>0 when the subscriber did not accept RTX: lost packets are resent as they were.</summary>
    public byte RtxPayloadType { get; set; }

    public OutgoingSequencer Sequencer { get; } = new();

    /// <summary>Keeps VP8 picture ids, TL0PICIDX and KEYIDX continuous for this subscriber and drops temporal layers above the target.</summary>
    public Vp8Munger Vp8 { get; } = new();

    /// <summary>VP8 packets dropped because their temporal layer is above <see cref="TargetTemporalLayer"/>.</summary>
    public long TemporalLayerDrops { get; private set; }

    /// <summary>VP8 packets dropped because their payload descriptor could not be read (truncated, or no VP8 data).</summary>
    public long UnreadableVp8Drops { get; private set; }

    /// <summary>The simulcast layer to forward (set by the layer selector; the switch happens at its next keyframe).</summary>
    public volatile int TargetLayer;

    /// <summary>
    /// The highest VP8 temporal layer (TID) to forward (set by the layer selector; <see cref="Vp8Munger.AllTemporalLayers"/>
    /// forwards all). Going down takes effect at the next picture above it, going up at the next layer-sync picture
    /// (<see cref="Vp8Munger"/>); no keyframe is needed either way.
    /// </summary>
    public volatile int TargetTemporalLayer = Vp8Munger.AllTemporalLayers;

    /// <summary>True once the subscriber's answer accepted this track; nothing is sent before.</summary>
    public volatile bool Active;

    /// <summary>A subscriber-requested quality cap (-1 = automatic).</summary>
    public volatile int RequestedLayer = -1;

    public long Packets { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Answers this subscriber's NACKs for the track (through <see cref="ForwardedTrackRetransmitter"/>) and counts them.</summary>
    public NackResponder NackResponder { get; }

    /// <summary>
    /// The protected packets sent on this track, kept only when the subscriber has no RTX (video): a NACK is then
    /// answered with the identical bytes, since re-protecting a rewritten packet under the same SSRC and sequence number
    /// would reuse an AES-GCM nonce with different data (RFC 7714 §8). Made on first use (a history's worth of memory).
    /// </summary>
    public RtpSendHistory? ProtectedHistory => _protectedHistory;

    /// <summary>The middle 32 bits of the NTP time of the last sender report sent for this track (what an RR echoes as LSR).</summary>
    public uint LastSenderReportCompact { get; private set; }

    /// <summary>When that report was sent (timestamp ticks).</summary>
    public long LastSenderReportSentAt { get; private set; }

    /// <summary>A sender report went out for this track.</summary>
    public void OnSenderReportSent(uint compactNtp, long now)
    {
        LastSenderReportCompact = compactNtp;
        LastSenderReportSentAt = now;
    }

    /// <summary>True when <paramref name="sequenceNumber"/> was resent less than <paramref name="interval"/> ticks before <paramref name="now"/>.</summary>
    public bool WasResentWithin(ushort sequenceNumber, long now, long interval)
    {
        var slot = sequenceNumber % ResendMemory;
        var frequency = Subscriber.Time.TimestampFrequency;
        // Milliseconds in an int wrap after 24 days; the difference is taken modulo 2^32, so only its size matters.
        var elapsed = unchecked(Milliseconds(now, frequency) - _resentAtMilliseconds[slot]);
        return _resentSequence[slot] == sequenceNumber && elapsed >= 0 && elapsed < Milliseconds(interval, frequency);
    }

    /// <summary>Remembers that <paramref name="sequenceNumber"/> was resent at <paramref name="now"/>.</summary>
    public void MarkResent(ushort sequenceNumber, long now)
    {
        var slot = sequenceNumber % ResendMemory;
        _resentSequence[slot] = sequenceNumber;
        _resentAtMilliseconds[slot] = Milliseconds(now, Subscriber.Time.TimestampFrequency);
    }

    private static int Milliseconds(long ticks, long frequency) => unchecked((int)(ticks / Math.Max(1, frequency / 1000)));

    /// <summary>Packets the subscriber asked for again.</summary>
    public long Nacks => NackResponder.Requested;

    /// <summary>Packets resent in answer.</summary>
    public long Retransmitted => NackResponder.Retransmitted;

    public long KeyframeRequests { get; set; }

    /// <summary>The last report's fraction lost (0-255) from this subscriber for this track.</summary>
    public byte FractionLost { get; set; }

    /// <summary>The interarrival jitter the subscriber last reported for this track, in RTP timestamp units.</summary>
    public uint Jitter { get; set; }

    /// <summary>Packets the subscriber reports lost in total (its receiver reports' cumulative count).</summary>
    public int CumulativeLost { get; set; }

    /// <summary>
    /// The highest layer the subscriber's recent losses allow (loss-based control for subscribers that send no REMB,
    /// e.g. browsers using transport-cc): over 10 % loss steps down a layer, 10 s under 2 % steps back up.
    /// </summary>
    public int LossCap { get; private set; } = int.MaxValue;

    private long _lossCapChangedAt;

    /// <summary>A receiver report block for this track arrived.</summary>
    public void OnReceiverReport(byte fractionLost, int cumulativeLost, long now)
    {
        FractionLost = fractionLost;
        CumulativeLost = cumulativeLost;
        var frequency = Subscriber.Time.TimestampFrequency;
        var current = Math.Min(LossCap, Source.Layers.Length - 1);
        if (fractionLost > 25 && current > 0 && now - _lossCapChangedAt > frequency)
        {
            LossCap = current - 1;
            _lossCapChangedAt = now;
        }
        else if (fractionLost < 5 && LossCap != int.MaxValue && now - _lossCapChangedAt > 10 * frequency)
        {
            LossCap = current + 1 >= Source.Layers.Length - 1 ? int.MaxValue : current + 1;
            _lossCapChangedAt = now;
        }
    }

    /// <summary>Forwards one publisher packet, in this subscriber's numbering, if this track wants its layer now.</summary>
    public void Forward(in IncomingPacket packet)
    {
        if (!Active || !Subscriber.IsConnected)
        {
            return;
        }

        var now = packet.ReceivedAt;
        var keyframeStart = packet.KeyframeStart;
        var layer = packet.Stream.Layer;
        var canSwitch = true;
        if (Source.IsVideo)
        {
            var target = TargetLayer;
            var current = Sequencer.CurrentSource;
            if (layer == target)
            {
                if (current != target && !keyframeStart)
                {
                    // Starting or switching: wait for the target layer's keyframe, and ask for one (throttled).
                    RequestKeyframe(now);
                    return;
                }
            }
            else if (layer != current)
            {
                return;
            }

            canSwitch = layer == target && keyframeStart;
        }

        var header = packet.Header;
        var vp8 = default(Vp8Rewrite);
        if (Source.CodecKind == CodecKind.Vp8 && !TryMungeVp8(packet, layer, out vp8))
        {
            return;
        }

        var frequency = Subscriber.Time.TimestampFrequency;
        if (!Sequencer.TryMap(layer, header.SequenceNumber, header.Timestamp, now, frequency, (int)Source.Codec.ClockRate,
                canSwitch, out var sequence, out var timestamp))
        {
            return;
        }

        var payload = packet.Payload;
        var outgoing = new OutgoingPacket
        {
            Marker = header.Marker,
            PayloadType = PayloadType,
            SequenceNumber = sequence,
            Timestamp = timestamp,
            Ssrc = Ssrc,
            Mid = _mid,
            AudioLevel = packet.AudioLevel,
            Payload = payload,
            Vp8 = vp8,
        };
        if (!vp8.IsEmpty)
        {
            Vp8.Remember(sequence, vp8);
        }

        var keepProtected = RtxPayloadType == 0 && Source.IsVideo
            ? _protectedHistory ??= new RtpSendHistory(Source.Layers[0].History.Capacity)
            : null;
        if (Subscriber.Send(outgoing, now, keepProtected))
        {
            Packets++;
            Bytes += payload.Length;
        }
    }

    /// <summary>
    /// The VP8 part of <see cref="Forward"/>: false when the packet is not to be sent. A packet whose descriptor cannot be
    /// read is dropped rather than forwarded unchanged: its publisher picture id would land in the subscriber's rewritten
    /// numbering, and a truncated descriptor is no decodable frame anyway. It is not taken out of the sequence numbers,
    /// so the subscriber sees a loss, NACKs it (nothing is resent) and asks for a keyframe — its usual recovery — instead
    /// of assembling a frame with a piece missing. Only a broken or hostile publisher sends such packets.
    /// </summary>
    private bool TryMungeVp8(in IncomingPacket packet, int layer, out Vp8Rewrite rewrite)
    {
        rewrite = default;
        if (Vp8Descriptor.Read(packet.Payload, out var descriptor) != Vp8DescriptorStatus.Ok)
        {
            UnreadableVp8Drops++;
            return false;
        }

        // Past the layer gate above, a packet of another layer than the current one is the keyframe a switch starts at.
        var newRun = layer != Sequencer.CurrentSource;
        var sequence = packet.Header.SequenceNumber;
        switch (Vp8.Decide(newRun, sequence, descriptor, TargetTemporalLayer, out rewrite, out var closesGap))
        {
            case Vp8Decision.Forward:
                return true;
            case Vp8Decision.DropTemporal:
                Sequencer.Drop(layer, sequence, closesGap);
                TemporalLayerDrops++;
                return false;
            default:
                return false;
        }
    }

    /// <summary>The mid as the MID extension carries it (ASCII).</summary>
    public ReadOnlySpan<byte> MidBytes => _mid;

    /// <summary>The next sequence number of this track's RTX stream (RFC 4588 §4: its own numbering).</summary>
    public ushort NextRtxSequence() => _rtxSequence++;

    /// <summary>Asks the publisher for a keyframe on the layer this track needs (the publisher's throttle applies).</summary>
    public void RequestKeyframe(long now)
    {
        if (!Source.IsVideo || now - _lastKeyframeRequest < Subscriber.Time.TimestampFrequency / 4)
        {
            return; // Every packet of a waiting track would ask; once per 250 ms per track is plenty.
        }

        _lastKeyframeRequest = now;
        KeyframeRequests++;
        var target = Math.Clamp(TargetLayer, 0, Source.Layers.Length - 1);
        Source.RequestKeyframe(Source.Layers[target], now);
    }

    /// <summary>Reads the audio level extension of a publisher packet (RFC 6464 byte), -1 when absent.</summary>
    public static int ReadAudioLevel(ReadOnlySpan<byte> packet, in RtpHeader header, int id) =>
        id != 0 && RtpExtensions.TryGetValue(packet, header, id, out var value) && value.Length >= 1 ? value[0] : -1;
}
