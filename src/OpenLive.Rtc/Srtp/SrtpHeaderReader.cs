using System.Buffers.Binary;

namespace OpenLive.Rtc.Srtp;

/// <summary>
/// Reads just what SRTP needs from RTP and RTCP headers: where the RTP header ends, the sequence number and the
/// SSRC. Never throws; every length is checked against the bytes actually present.
/// </summary>
internal static class SrtpHeaderReader
{
    /// <summary>Length of the fixed RTP header.</summary>
    public const int RtpFixedHeaderLength = 12;

    /// <summary>Length of the RTCP header SRTCP leaves in the clear: first word and sender SSRC.</summary>
    public const int RtcpHeaderLength = 8;

    private const int RtpVersion = 2;

    /// <summary>
    /// Reads an RTP header (RFC 3550 §5.1, extension §5.3.1) from the start of <paramref name="packet"/>.
    /// <code>
    ///    0                   1                   2                   3
    ///    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    ///   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
    ///   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///   |                           timestamp                           |
    ///   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///   |           synchronization source (SSRC) identifier            |
    ///   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
    ///   |            contributing source (CSRC) identifiers (CC of them) |
    ///   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///   |  defined by profile (if X)    |           length (words)      |
    ///   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    ///   |                        header extension                       |
    /// </code>
    /// False if the version is not 2 or the header runs past the packet.
    /// </summary>
    public static bool TryReadRtp(ReadOnlySpan<byte> packet, out int headerLength, out ushort sequenceNumber, out uint ssrc)
    {
        headerLength = 0;
        sequenceNumber = 0;
        ssrc = 0;
        if (packet.Length < RtpFixedHeaderLength || packet[0] >> 6 != RtpVersion)
        {
            return false;
        }

        var length = RtpFixedHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        return true;
    }

    /// <summary>
    /// Reads the first RTCP header of a compound packet (RFC 3550 §6.4.1):
    /// <code>
    ///   |V=2|P|    RC   |   PT          |             length            |
    ///   |                         SSRC of sender                        |
    /// </code>
    /// False if shorter than 8 bytes or the version is not 2.
    /// </summary>
    public static bool TryReadRtcp(ReadOnlySpan<byte> packet, out uint ssrc)
    {
        ssrc = 0;
        if (packet.Length < RtcpHeaderLength || packet[0] >> 6 != RtpVersion)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        return true;
    }
}
