using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Rtp.Extensions;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Rtc.Client;

public sealed partial class RtcClientConnection
{
    // Send lock.
    private readonly byte[] _sendBuffer = new byte[BufferSize];
    private ushort _transportSequence;
    private int _firSequence;

    /// <summary>
    /// Sends one RTP packet on a transceiver's stream (layer <paramref name="layer"/> with simulcast): the connection
    /// assigns the SSRC and sequence number, writes the negotiated header extensions (mid, rid, abs-send-time,
    /// transport-wide sequence, and for audio the level), keeps a copy for NACKs (video), protects and sends it. Any
    /// thread; allocation-free. False, with nothing sent, before the connection is connected, when the transceiver
    /// does not send, or when <paramref name="payloadType"/> was not negotiated on it.
    /// </summary>
    /// <param name="transceiver">A sending transceiver of this connection.</param>
    /// <param name="payloadType">A negotiated media payload type, normally <see cref="RtcTransceiver.PayloadType"/>.</param>
    /// <param name="marker">The RTP marker: the last packet of a video frame.</param>
    /// <param name="timestamp">The RTP timestamp in the codec's clock.</param>
    /// <param name="payload">The payload, at most <see cref="MaxPayloadLength"/> bytes.</param>
    /// <param name="layer">The simulcast layer (index into the rids offered), 0 without simulcast.</param>
    /// <param name="audioLevel">For audio with the level extension: the level in −dBov, 0 (loudest) to 127 (silence), RFC 6464.</param>
    /// <param name="voiceActivity">For audio with the level extension: the V flag.</param>
    /// <exception cref="ArgumentException">A transceiver of another connection, a bad layer, or a payload that is too long.</exception>
    public bool SendRtp(
        RtcTransceiver transceiver,
        int payloadType,
        bool marker,
        uint timestamp,
        ReadOnlySpan<byte> payload,
        int layer = 0,
        int audioLevel = AudioLevel.Silence,
        bool voiceActivity = false)
    {
        ArgumentNullException.ThrowIfNull(transceiver);
        if (transceiver.Owner != this)
        {
            throw new ArgumentException("The transceiver belongs to another connection.", nameof(transceiver));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, MaxPayloadLength, nameof(payload));
        if (transceiver.SendStreams.Length == 0)
        {
            return false;
        }

        if ((uint)layer >= (uint)transceiver.SendStreams.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, "No such simulcast layer.");
        }

        var negotiated = transceiver.Negotiated;
        if (negotiated is null || !negotiated.Sends || transceiver.IsRejected || !negotiated.IsMediaPayloadType(payloadType))
        {
            return false;
        }

        var stream = transceiver.SendStreams[layer];
        lock (_sendGate)
        {
            var sender = _srtpSender;
            var remote = _remote;
            if (sender is null || remote is null)
            {
                return false;
            }

            var buffer = _sendBuffer.AsSpan();
            var sequenceNumber = stream.NextSequence;
            var writer = new RtpPacketWriter(buffer, (byte)payloadType, sequenceNumber, timestamp, stream.Ssrc, marker);
            WriteExtensions(ref writer, negotiated, transceiver, stream, AudioLevel.Encode(voiceActivity, audioLevel));
            if (!writer.TryFinish(payload, 0, out var length))
            {
                return false;
            }

            stream.NextSequence++;
            stream.History?.Store(sequenceNumber, buffer[..length]);
            stream.HasSent = true;
            stream.LastRtpTimestamp = timestamp;
            stream.LastSendTimestamp = _time.GetTimestamp();
            Volatile.Write(ref stream.PacketsSent, stream.PacketsSent + 1);
            Volatile.Write(ref stream.PayloadBytesSent, stream.PayloadBytesSent + payload.Length);
            if (layer == 0 && transceiver.Kind == MediaKind.Video)
            {
                transceiver.CountSentVideo(marker, negotiated.IsVp8(payloadType), payload);
            }

            if (sender.ProtectRtp(buffer, length, out var protectedLength) != SrtpStatus.Ok)
            {
                return false;
            }

            SendToPeer(buffer[..protectedLength], remote);
            return true;
        }
    }

    /// <summary>
    /// Asks the peer for a keyframe on the stream we receive on <paramref name="transceiver"/>: a PLI, or a FIR when
    /// only <c>ccm fir</c> was negotiated. Any thread. False when nothing is received there yet or not connected.
    /// </summary>
    public bool RequestKeyframe(RtcTransceiver transceiver)
    {
        ArgumentNullException.ThrowIfNull(transceiver);
        var negotiated = transceiver.Negotiated;
        var mediaSsrc = transceiver.RemoteSsrc;
        if (negotiated is null || !negotiated.Receives || mediaSsrc == 0)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[ReceiverReport.GetLength(0) + FullIntraRequest.GetLength(1) + SrtpSender.MaxRtcpOverhead];
        var length = negotiated.ReducedSize || !ReceiverReport.TryWrite(buffer, _feedbackSsrc, [], out var written) ? 0 : written;
        bool ok;
        if (negotiated.PictureLoss || !negotiated.FullIntraRequest)
        {
            ok = PictureLossIndication.TryWrite(buffer[length..], _feedbackSsrc, mediaSsrc, out written);
        }
        else
        {
            ok = FullIntraRequest.TryWrite(buffer[length..], _feedbackSsrc, [new FirEntry(mediaSsrc, (byte)Interlocked.Increment(ref _firSequence))], out written);
        }

        if (!ok || !SendRtcp(buffer, length + written))
        {
            return false;
        }

        transceiver.CountPliSent();
        return true;
    }

    /// <summary>
    /// Answers a NACK for one packet (receive thread): from the send history, within the connection's retransmission
    /// budget, on RTX when negotiated, else as it was. True when it went out.
    /// </summary>
    private bool Retransmit(RtcTransceiver transceiver, SendStream stream, ushort sequenceNumber, RetransmissionBudget budget)
    {
        var negotiated = transceiver.Negotiated;
        if (negotiated is null || stream.History is null)
        {
            return false;
        }

        lock (_sendGate)
        {
            var sender = _srtpSender;
            var remote = _remote;
            if (sender is null || remote is null || !stream.History.TryGet(sequenceNumber, out var original) || !RtpHeader.TryParse(original, out var header))
            {
                return false;
            }

            // Spend the budget before numbering anything: a refused resend must leave no gap in the RTX or transport-wide sequence.
            var rtxPayloadType = negotiated.RtxPayloadTypeFor(header.PayloadType);
            if (!budget.TryTake(original.Length + (rtxPayloadType >= 0 ? 2 : 0) + SrtpSender.MaxRtpOverhead))
            {
                return false;
            }

            var buffer = _sendBuffer.AsSpan();
            int length;
            if (rtxPayloadType >= 0)
            {
                if (!Rtx.TryWrap(original, buffer, (byte)rtxPayloadType, stream.NextRtxSequence, stream.RtxSsrc, out length) || !RtpHeader.TryParse(buffer[..length], out var rtxHeader))
                {
                    return false;
                }

                stream.NextRtxSequence++;

                // A new packet on the wire: its own transport-wide number and send time; the rid becomes the repaired rid (RFC 8852 §3.2).
                TransportWideSequence.TryRewrite(buffer, rtxHeader, negotiated.TransportCcId, _transportSequence++);
                AbsSendTime.TryRewrite(buffer, rtxHeader, negotiated.AbsSendTimeId, AbsSendTime.FromTime(Elapsed));
                RenameExtension(buffer, rtxHeader, negotiated.RidId, negotiated.RepairedRidId);
            }
            else
            {
                // Without RTX the packet goes again byte for byte: the same SRTP index must protect the same bytes.
                original.CopyTo(buffer);
                length = original.Length;
            }

            if (sender.ProtectRtp(buffer, length, out var protectedLength) != SrtpStatus.Ok)
            {
                return false;
            }

            SendToPeer(buffer[..protectedLength], remote);
            return true;
        }
    }

    /// <summary>How the client resends for its streams' <see cref="NackResponder"/>s: <see cref="Retransmit"/>, made per NACK, allocation-free.</summary>
    private readonly struct SendStreamRetransmitter(RtcClientConnection owner, RtcTransceiver transceiver, SendStream stream) : IRetransmitter
    {
        public bool TryRetransmit(ushort sequenceNumber, RetransmissionBudget budget) => owner.Retransmit(transceiver, stream, sequenceNumber, budget);
    }

    /// <summary>Protects and sends an RTCP packet in <c>buffer[..length]</c> (room for the SRTCP trailer after it). Any thread.</summary>
    private bool SendRtcp(Span<byte> buffer, int length)
    {
        lock (_sendGate)
        {
            var sender = _srtpSender;
            var remote = _remote;
            if (sender is null || remote is null || sender.ProtectRtcp(buffer, length, out var protectedLength) != SrtpStatus.Ok)
            {
                return false;
            }

            SendToPeer(buffer[..protectedLength], remote);
            return true;
        }
    }

    /// <summary>The header extensions negotiated on the transceiver, one-byte form (RFC 8285 §4.2), in a fixed order.</summary>
    private void WriteExtensions(ref RtpPacketWriter writer, NegotiatedMedia negotiated, RtcTransceiver transceiver, SendStream stream, byte audioLevel)
    {
        if (negotiated.AudioLevelId != 0 && transceiver.Kind == MediaKind.Audio && writer.TryAddExtension(negotiated.AudioLevelId, AudioLevel.Length, out var level))
        {
            level[0] = audioLevel;
        }

        if (negotiated.AbsSendTimeId != 0 && writer.TryAddExtension(negotiated.AbsSendTimeId, AbsSendTime.Length, out var sendTime))
        {
            AbsSendTime.Write(sendTime, AbsSendTime.FromTime(Elapsed));
        }

        if (negotiated.TransportCcId != 0 && writer.TryAddExtension(negotiated.TransportCcId, TransportWideSequence.Length, out var transport))
        {
            TransportWideSequence.Write(transport, _transportSequence++);
        }

        // The mid and rid go on every packet: the peer may join late, and they are cheap (RFC 8843 §15, RFC 8852 §3).
        var mid = transceiver.MidBytes;
        if (negotiated.MidId != 0 && mid.Length is > 0 and <= 16)
        {
            writer.TryAddExtension(negotiated.MidId, mid);
        }

        if (negotiated.RidId != 0 && stream.RidBytes.Length > 0)
        {
            writer.TryAddExtension(negotiated.RidId, stream.RidBytes);
        }
    }

    /// <summary>Gives a one-byte-form element a new id in place (same length), e.g. rid → repaired rid on an RTX copy.</summary>
    private static void RenameExtension(Span<byte> packet, in RtpHeader header, int fromId, int toId)
    {
        if (fromId is < 1 or > 14 || toId is < 1 or > 14 || header.ExtensionEncoding != RtpExtensionEncoding.OneByte
            || !RtpExtensions.TryGetExtension(packet, header, fromId, out var offset, out _))
        {
            return;
        }

        // The one-byte element header sits just before its data: ID in the high nibble, length - 1 in the low.
        packet[offset - 1] = (byte)((toId << 4) | (packet[offset - 1] & 0x0F));
    }
}
