using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>One FIR FCI entry: the source asked for a decoder refresh and the command sequence number.</summary>
/// <param name="Ssrc">The media source that should send a keyframe.</param>
/// <param name="SequenceNumber">Incremented by the requester per new request, so repeats can be recognised.</param>
public readonly record struct FirEntry(uint Ssrc, byte SequenceNumber);

/// <summary>
/// Full intra request (RFC 5104 §4.3.1): PSFB FMT 4 whose FCI lists the sources asked for a keyframe. The media
/// source SSRC of the common header is unused and set to 0.
/// </summary>
/// <remarks>
/// FCI entry (repeated):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              SSRC                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Seq nr.       |    Reserved                                   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct FullIntraRequest
{
    /// <summary>Length of one FCI entry.</summary>
    public const int EntryLength = 8;

    private readonly ReadOnlySpan<byte> _entries;

    private FullIntraRequest(uint senderSsrc, ReadOnlySpan<byte> entries)
    {
        SenderSsrc = senderSsrc;
        _entries = entries;
    }

    /// <summary>SSRC of the requester.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Number of FCI entries (trailing bytes short of an entry are ignored).</summary>
    public int Count => _entries.Length / EntryLength;

    /// <summary>Reads a FIR; false if the packet is anything else.</summary>
    public static bool TryParse(in RtcpPacket packet, out FullIntraRequest request)
    {
        request = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormats.FullIntraRequest, out var feedback))
        {
            return false;
        }

        request = new FullIntraRequest(feedback.SenderSsrc, feedback.Fci);
        return true;
    }

    /// <summary>The entry at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public FirEntry GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var entry = _entries[(index * EntryLength)..];
        return new FirEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    /// <summary>The length of a FIR with <paramref name="entryCount"/> entries.</summary>
    public static int GetLength(int entryCount) => RtcpFeedback.HeaderLength + (entryCount * EntryLength);

    /// <summary>Writes a FIR with at least one entry.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ReadOnlySpan<FirEntry> entries, out int written)
    {
        written = 0;
        var length = GetLength(entries.Length);
        if (entries.IsEmpty || length > destination.Length || length > RtcpHeader.MaxPacketLength)
        {
            return false;
        }

        RtcpFeedback.WriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormats.FullIntraRequest, senderSsrc, 0, length);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = destination[(RtcpFeedback.HeaderLength + (i * EntryLength))..];
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], (uint)entries[i].SequenceNumber << 24);
        }

        written = length;
        return true;
    }
}
