using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>The sender information of an SR: when, in both clocks, and how much was sent.</summary>
/// <param name="SenderSsrc">SSRC of the sender.</param>
/// <param name="NtpTimestamp">Wall-clock send time (see <see cref="NtpTime"/>).</param>
/// <param name="RtpTimestamp">The same instant in the stream's RTP timestamp clock.</param>
/// <param name="PacketCount">RTP packets sent since the start.</param>
/// <param name="OctetCount">Payload octets sent since the start.</param>
public readonly record struct SenderInfo(uint SenderSsrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);

/// <summary>
/// A sender report (RFC 3550 §6.4.1): sender information and up to 31 report blocks; profile extensions after
/// the blocks are ignored.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         SSRC of sender                        |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |              NTP timestamp, most significant word             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |             NTP timestamp, least significant word             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         RTP timestamp                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     sender's packet count                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      sender's octet count                     |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 report blocks (RC × 24 bytes)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct SenderReport
{
    /// <summary>Most report blocks one packet can carry (the 5-bit RC).</summary>
    public const int MaxReportBlocks = 31;

    private const int InfoLength = 24;

    private readonly ReadOnlySpan<byte> _blocks;

    private SenderReport(SenderInfo info, ReadOnlySpan<byte> blocks)
    {
        Info = info;
        _blocks = blocks;
    }

    /// <summary>The sender information.</summary>
    public SenderInfo Info { get; }

    /// <summary>Number of report blocks.</summary>
    public int ReportCount => _blocks.Length / ReportBlock.Length;

    /// <summary>Reads an SR; false if the packet is another type or shorter than its report count requires.</summary>
    public static bool TryParse(in RtcpPacket packet, out SenderReport report)
    {
        report = default;
        var body = packet.Body;
        var blocksLength = packet.Count * ReportBlock.Length;
        if (packet.Type != RtcpPacketType.SenderReport || body.Length < InfoLength + blocksLength)
        {
            return false;
        }

        var info = new SenderInfo(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]));
        report = new SenderReport(info, body.Slice(InfoLength, blocksLength));
        return true;
    }

    /// <summary>The report block at <paramref name="index"/> (0 ≤ index &lt; <see cref="ReportCount"/>).</summary>
    public ReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportCount);
        return ReportBlock.Read(_blocks[(index * ReportBlock.Length)..]);
    }

    /// <summary>The length of an SR with <paramref name="blockCount"/> report blocks.</summary>
    public static int GetLength(int blockCount) => RtcpHeader.Length + InfoLength + (blockCount * ReportBlock.Length);

    /// <summary>Writes an SR; false if more than 31 blocks are given or it does not fit.</summary>
    public static bool TryWrite(Span<byte> destination, in SenderInfo info, ReadOnlySpan<ReportBlock> blocks, out int written)
    {
        written = 0;
        var length = GetLength(blocks.Length);
        if (blocks.Length > MaxReportBlocks || length > destination.Length)
        {
            return false;
        }

        RtcpHeader.Write(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], info.SenderSsrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], info.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], info.OctetCount);
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(28 + (i * ReportBlock.Length))..]);
        }

        written = length;
        return true;
    }
}
