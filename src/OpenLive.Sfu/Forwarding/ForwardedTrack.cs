using System.Buffers.Binary;
using System.Text;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Extensions;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// One published track as one subscriber receives it (a "downtrack"): its own SSRC and numbering, the simulcast layer
/// it follows, keyframe gating when it starts or switches, and retransmission of what the subscriber NACKs, from the
/// publisher's cache. Media thread only, except the volatile fields the control plane sets.
/// </summary>
internal sealed class ForwardedTrack
{
    private readonly byte[] _mid;
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

    /// <summary>The simulcast layer to forward (set by the layer selector; the switch happens at its next keyframe).</summary>
    public volatile int TargetLayer;

    /// <summary>True once the subscriber's answer accepted this track; nothing is sent before.</summary>
    public volatile bool Active;

    /// <summary>A subscriber-requested quality cap (-1 = automatic).</summary>
    public volatile int RequestedLayer = -1;

    public long Packets { get; private set; }

    public long Bytes { get; private set; }

    public long Nacks { get; set; }

    public long Retransmitted { get; private set; }

    public long KeyframeRequests { get; set; }

    /// <summary>The last report's fraction lost (0-255) from this subscriber for this track.</summary>
    public byte FractionLost { get; set; }

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

    /// <summary>Forwards one packet of <paramref name="stream"/> (plain RTP in <paramref name="packet"/>, parsed as <paramref name="header"/>).</summary>
    public void Forward(IncomingStream stream, ReadOnlySpan<byte> packet, in RtpHeader header, bool keyframeStart, int audioLevel, long now)
    {
        if (!Active || !Subscriber.IsConnected)
        {
            return;
        }

        var layer = stream.Layer;
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

        var frequency = Subscriber.Time.TimestampFrequency;
        if (!Sequencer.TryMap(layer, header.SequenceNumber, header.Timestamp, now, frequency, (int)Source.Codec.ClockRate,
                canSwitch, out var sequence, out var timestamp))
        {
            return;
        }

        var payload = header.GetPayload(packet);
        if (Subscriber.Send(header.Marker, PayloadType, sequence, timestamp, Ssrc, _mid, audioLevel, ReadOnlySpan<byte>.Empty, payload, now))
        {
            Packets++;
            Bytes += payload.Length;
        }
    }

    /// <summary>Resends what this subscriber sent as <paramref name="sequence"/>, from the publisher's cache (RTX when negotiated).</summary>
    public void Retransmit(ushort sequence, long now)
    {
        Nacks++;
        if (!Sequencer.TryResolve(sequence, out var layer, out var incoming) || layer >= Source.Layers.Length
            || !Source.Layers[layer].Cache.TryGet(incoming, out var cached) || !RtpHeader.TryParse(cached, out var header))
        {
            return;
        }

        var timestamp = header.Timestamp + Sequencer.TimestampOffsetFor(layer);
        var payload = header.GetPayload(cached);
        bool sent;
        if (RtxPayloadType != 0)
        {
            Span<byte> originalSequence = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(originalSequence, sequence);
            sent = Subscriber.Send(header.Marker, RtxPayloadType, _rtxSequence++, timestamp, RtxSsrc, _mid, -1, originalSequence, payload, now);
        }
        else
        {
            sent = Subscriber.Send(header.Marker, PayloadType, sequence, timestamp, Ssrc, _mid, -1, ReadOnlySpan<byte>.Empty, payload, now);
        }

        if (sent)
        {
            Retransmitted++;
        }
    }

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
