using System.Buffers.Binary;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// How the SFU resends what a subscriber NACKs, for the shared <see cref="NackResponder"/>: the lost sequence number,
/// in the subscriber's numbering, is mapped back to the publisher stream and packet it came from
/// (<see cref="OutgoingSequencer.TryResolve"/>), found in that stream's <see cref="RtpSendHistory"/> and resent — as
/// RTX (RFC 4588: its own SSRC and numbering, the original sequence number before the payload) when the subscriber
/// accepted it, as it was otherwise. Packets no longer kept are skipped: the subscriber's keyframe request recovers
/// them. A struct made per NACK on the media thread, so answering allocates nothing.
/// </summary>
internal readonly struct ForwardedTrackRetransmitter(SubscriberConnection subscriber, ForwardedTrack track, long now) : IRetransmitter
{
    public bool TryRetransmit(ushort sequenceNumber)
    {
        var layers = track.Source.Layers;
        if (!track.Sequencer.TryResolve(sequenceNumber, out var layer, out var incoming) || layer >= layers.Length
            || !layers[layer].History.TryGet(incoming, out var kept) || !RtpHeader.TryParse(kept, out var header))
        {
            return false;
        }

        var rtx = track.RtxPayloadType != 0;
        Span<byte> originalSequence = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(originalSequence, sequenceNumber);
        var packet = new OutgoingPacket
        {
            Marker = header.Marker,
            PayloadType = rtx ? track.RtxPayloadType : track.PayloadType,
            SequenceNumber = rtx ? track.NextRtxSequence() : sequenceNumber,
            Timestamp = header.Timestamp + track.Sequencer.TimestampOffsetFor(layer),
            Ssrc = rtx ? track.RtxSsrc : track.Ssrc,
            Mid = track.MidBytes,
            AudioLevel = -1,
            PayloadPrefix = rtx ? originalSequence : [],
            Payload = header.GetPayload(kept),
        };
        return subscriber.Send(packet, now);
    }
}
