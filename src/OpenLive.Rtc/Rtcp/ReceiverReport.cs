using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>A receiver report (RFC 3550 §6.4.2): the reporter's SSRC and up to 31 report blocks.</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    RC   |   PT=RR=201   |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     SSRC of packet sender                     |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 report blocks (RC × 24 bytes)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct ReceiverReport
{
    private readonly ReadOnlySpan<byte> _blocks;

    private ReceiverReport(uint senderSsrc, ReadOnlySpan<byte> blocks)
    {
        SenderSsrc = senderSsrc;
        _blocks = blocks;
    }

    /// <summary>SSRC of the reporter.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Number of report blocks.</summary>
    public int ReportCount => _blocks.Length / ReportBlock.Length;

    /// <summary>Reads an RR; false if the packet is another type or shorter than its report count requires.</summary>
    public static bool TryParse(in RtcpPacket packet, out ReceiverReport report)
    {
        report = default;
        var body = packet.Body;
        var blocksLength = packet.Count * ReportBlock.Length;
        if (packet.Type != RtcpPacketType.ReceiverReport || body.Length < 4 + blocksLength)
        {
            return false;
        }

        report = new ReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body), body.Slice(4, blocksLength));
        return true;
    }

    /// <summary>The report block at <paramref name="index"/> (0 ≤ index &lt; <see cref="ReportCount"/>).</summary>
    public ReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportCount);
        return ReportBlock.Read(_blocks[(index * ReportBlock.Length)..]);
    }

    /// <summary>The length of an RR with <paramref name="blockCount"/> report blocks.</summary>
    public static int GetLength(int blockCount) => RtcpHeader.Length + 4 + (blockCount * ReportBlock.Length);

    /// <summary>Writes an RR; false if more than 31 blocks are given or it does not fit.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ReadOnlySpan<ReportBlock> blocks, out int written)
    {
        written = 0;
        var length = GetLength(blocks.Length);
        if (blocks.Length > SenderReport.MaxReportBlocks || length > destination.Length)
        {
            return false;
        }

        RtcpHeader.Write(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(8 + (i * ReportBlock.Length))..]);
        }

        written = length;
        return true;
    }
}
