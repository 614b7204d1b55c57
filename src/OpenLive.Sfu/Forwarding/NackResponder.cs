using System.Buffers.Binary;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Answers a subscriber's generic NACKs (RFC 4585 §6.2.1) without asking the publisher again: each lost sequence
/// number, in the subscriber's numbering, is mapped back to the publisher stream and packet it came from
/// (<see cref="OutgoingSequencer.TryResolve"/>), found in that stream's <see cref="RtpSendHistory"/> and resent — as
/// RTX (RFC 4588: its own SSRC and numbering, the original sequence number before the payload) when the subscriber
/// accepted it, as it was otherwise. Packets no longer kept are skipped: the subscriber's keyframe request recovers
/// them. Media thread only; allocation-free.
/// </summary>
internal sealed class NackResponder(SubscriberConnection subscriber)
{
    /// <summary>Resends what <paramref name="nack"/> lists for <paramref name="track"/>.</summary>
    public void OnNack(ForwardedTrack track, GenericNack nack, long now)
    {
        foreach (var lost in nack)
        {
            Retransmit(track, lost, now);
        }
    }

    private void Retransmit(ForwardedTrack track, ushort sequence, long now)
    {
        track.CountNack();
        var layers = track.Source.Layers;
        if (!track.Sequencer.TryResolve(sequence, out var layer, out var incoming) || layer >= layers.Length
            || !layers[layer].History.TryGet(incoming, out var kept) || !RtpHeader.TryParse(kept, out var header))
        {
            return;
        }

        var rtx = track.RtxPayloadType != 0;
        Span<byte> originalSequence = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(originalSequence, sequence);
        var packet = new OutgoingPacket
        {
            Marker = header.Marker,
            PayloadType = rtx ? track.RtxPayloadType : track.PayloadType,
            SequenceNumber = rtx ? track.NextRtxSequence() : sequence,
            Timestamp = header.Timestamp + track.Sequencer.TimestampOffsetFor(layer),
            Ssrc = rtx ? track.RtxSsrc : track.Ssrc,
            Mid = track.MidBytes,
            AudioLevel = -1,
            PayloadPrefix = rtx ? originalSequence : [],
            Payload = header.GetPayload(kept),
        };
        if (subscriber.Send(packet, now))
        {
            track.CountRetransmitted();
        }
    }
}
