using System.Buffers.Binary;
using OpenLive.Rtc.Rtp.Extensions;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Writes the header of a packet the SFU sends to a subscriber: its own SSRC, sequence number, timestamp and payload
/// type, and its own one-byte extension block (RFC 8285 §4.2) with the ids it offered — the publisher's extensions
/// are not copied, since their ids and meaning belong to the publisher's connection.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// |                           timestamp                           |
/// |                             SSRC                              |
/// |      0xBE     |      0xDE     |     length (32-bit words)     |
/// |  ID=mid | L   |  mid bytes …  | ID=abs | L=2 |  abs-send-time  …
/// | ID=tcc  | L=1 | transport-wide seq            | ID=lvl| L=0 | level | padding …
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal static class OutgoingRtp
{
    /// <summary>Largest header this writer produces: 12 fixed + 4 extension header + mid (≤ 17) + 4 + 3 + 2 + padding.</summary>
    public const int MaxHeaderLength = 48;

    /// <summary>
    /// Writes the header into <paramref name="destination"/> and returns its length. <paramref name="transportSequence"/>
    /// is written when non-negative; <paramref name="audioLevel"/> when non-negative.
    /// </summary>
    public static int WriteHeader(
        Span<byte> destination,
        bool marker,
        byte payloadType,
        ushort sequence,
        uint timestamp,
        uint ssrc,
        ReadOnlySpan<byte> mid,
        uint absSendTime,
        int transportSequence,
        int audioLevel,
        ExtensionIds ids)
    {
        destination[0] = 0x90; // V=2, X=1
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        destination[12] = 0xBE;
        destination[13] = 0xDE;
        var position = 16;
        if (ids.Mid != 0 && mid.Length is > 0 and <= 16)
        {
            destination[position++] = (byte)((ids.Mid << 4) | (mid.Length - 1));
            mid.CopyTo(destination[position..]);
            position += mid.Length;
        }

        if (ids.AbsSendTime != 0)
        {
            destination[position++] = (byte)((ids.AbsSendTime << 4) | 2);
            AbsSendTime.Write(destination[position..], absSendTime);
            position += 3;
        }

        if (ids.TransportCc != 0 && transportSequence >= 0)
        {
            destination[position++] = (byte)((ids.TransportCc << 4) | 1);
            BinaryPrimitives.WriteUInt16BigEndian(destination[position..], (ushort)transportSequence);
            position += 2;
        }

        if (ids.AudioLevel != 0 && audioLevel >= 0)
        {
            destination[position++] = (byte)(ids.AudioLevel << 4);
            destination[position++] = (byte)audioLevel;
        }

        while ((position & 3) != 0)
        {
            destination[position++] = 0;
        }

        if (position == 16)
        {
            destination[0] = 0x80; // Nothing to carry: no extension block.
            return 12;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)((position - 16) / 4));
        return position;
    }
}
