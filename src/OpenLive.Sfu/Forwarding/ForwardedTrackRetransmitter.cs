using System.Buffers.Binary;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// How the SFU resends what a subscriber NACKs, for the shared <see cref="NackResponder"/> (which caps the sequence
/// numbers one NACK may ask for). Each resend must pass three checks, because a subscriber's NACKs are untrusted input
/// that could otherwise turn one small RTCP packet into thousands of datagrams (issue 12 item 1):
/// <list type="bullet">
/// <item>the packet was not resent within the subscriber's round trip (<see cref="SubscriberConnection.ResendInterval"/>);</item>
/// <item>the subscriber's <see cref="RetransmissionBudget"/> (packets and bytes, shared by all its tracks' responders) has room for it;</item>
/// <item>it is still kept.</item>
/// </list>
/// With RTX accepted, the lost sequence number (the subscriber's numbering) is mapped back to the publisher stream
/// and packet it came from (<see cref="OutgoingSequencer.TryResolve"/>), found in that stream's
/// <see cref="RtpSendHistory"/> and sent as RTX (RFC 4588: its own SSRC and numbering, the original sequence number
/// before the payload). Without RTX, only the protected bytes first sent go again, unchanged
/// (<see cref="ForwardedTrack.ProtectedHistory"/>): re-protecting a rewritten packet (new abs-send-time, transport-cc
/// number) under the same SSRC and sequence number reuses an AES-GCM nonce with different data (issue 12 item 7).
/// Packets no longer kept are skipped: the subscriber's keyframe request recovers them. A struct made per NACK on the
/// media thread, so answering allocates nothing.
/// </summary>
internal readonly struct ForwardedTrackRetransmitter(SubscriberConnection subscriber, ForwardedTrack track, long now) : IRetransmitter
{
    /// <summary>What an RTX packet adds to the kept payload: our header with its extensions, OSN and the SRTP tag.</summary>
    private const int RtxOverhead = 48 + 2 + 16;

    public bool TryRetransmit(ushort sequenceNumber, RetransmissionBudget budget)
    {
        if (track.WasResentWithin(sequenceNumber, now, subscriber.ResendInterval))
        {
            return false;
        }

        var sent = track.RtxPayloadType == 0 ? ResendOriginal(sequenceNumber, budget) : ResendAsRtx(sequenceNumber, budget);
        if (sent)
        {
            track.MarkResent(sequenceNumber, now);
        }

        return sent;
    }

    private bool ResendOriginal(ushort sequenceNumber, RetransmissionBudget budget) =>
        track.ProtectedHistory is { } kept && kept.TryGet(sequenceNumber, out var original)
        && budget.TryTake(original.Length)
        && subscriber.Transport.SendProtected(original);

    private bool ResendAsRtx(ushort sequenceNumber, RetransmissionBudget budget)
    {
        var layers = track.Source.Layers;
        if (!track.Sequencer.TryResolve(sequenceNumber, out var layer, out var incoming) || layer >= layers.Length
            || !layers[layer].History.TryGet(incoming, out var kept) || !RtpHeader.TryParse(kept, out var header))
        {
            return false;
        }

        var payload = header.GetPayload(kept);
        if (!budget.TryTake(payload.Length + RtxOverhead))
        {
            return false;
        }

        Span<byte> originalSequence = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(originalSequence, sequenceNumber);
        var packet = new OutgoingPacket
        {
            Marker = header.Marker,
            PayloadType = track.RtxPayloadType,
            SequenceNumber = track.NextRtxSequence(),
            Timestamp = header.Timestamp + track.Sequencer.TimestampOffsetFor(layer),
            Ssrc = track.RtxSsrc,
            Mid = track.MidBytes,
            AudioLevel = -1,
            PayloadPrefix = originalSequence,
            Payload = payload,
            Vp8 = track.Vp8.TryGetSent(sequenceNumber, out var rewrite) ? rewrite : default, // As first sent, not the publisher's numbers.
        };
        return subscriber.Send(packet, now);
    }
}
