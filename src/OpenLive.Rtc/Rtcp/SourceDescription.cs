using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>One SDES chunk: a source and its CNAME (empty if the chunk has none; other items are skipped).</summary>
public readonly ref struct SdesChunk
{
    internal SdesChunk(uint ssrc, ReadOnlySpan<byte> cname)
    {
        Ssrc = ssrc;
        Cname = cname;
    }

    /// <summary>The SSRC or CSRC the chunk describes.</summary>
    public uint Ssrc { get; }

    /// <summary>The CNAME item's text as a slice of the packet; empty if absent.</summary>
    public ReadOnlySpan<byte> Cname { get; }
}

/// <summary>
/// A source description packet (RFC 3550 §6.5): SC chunks, each an SSRC and a list of items ended by a zero
/// byte and padded to a 32-bit boundary. Only CNAME (item 1) is surfaced.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    SC   |  PT=SDES=202  |             length            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                          SSRC/CSRC_1                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    CNAME=1    |     length    | user and domain name        ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ... other items ...          |   END = 0     | 0 to next word|
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                          SSRC/CSRC_2 ...                      |
/// </code>
/// </remarks>
public readonly ref struct SourceDescription
{
    /// <summary>SDES item type of CNAME.</summary>
    public const byte CnameItem = 1;

    private readonly ReadOnlySpan<byte> _body;

    private SourceDescription(ReadOnlySpan<byte> body, int count)
    {
        _body = body;
        ChunkCount = count;
    }

    /// <summary>Number of chunks (SC).</summary>
    public int ChunkCount { get; }

    /// <summary>
    /// Reads an SDES packet; false if it is another type or any of its SC chunks is malformed
    /// (an item overrunning the packet, or no END item).
    /// </summary>
    public static bool TryParse(in RtcpPacket packet, out SourceDescription description)
    {
        description = default;
        if (packet.Type != RtcpPacketType.SourceDescription)
        {
            return false;
        }

        var body = packet.Body;
        var position = 0;
        for (var i = 0; i < packet.Count; i++)
        {
            if (!TryReadChunk(body, ref position, out _, out _))
            {
                return false;
            }
        }

        description = new SourceDescription(body, packet.Count);
        return true;
    }

    /// <summary>The chunks, for foreach.</summary>
    public Enumerator GetEnumerator() => new(_body, ChunkCount);

    /// <summary>The length of an SDES packet with one chunk carrying a CNAME of <paramref name="cnameLength"/> bytes.</summary>
    public static int GetLength(int cnameLength) => RtcpHeader.Align(RtcpHeader.Length + 4 + 2 + cnameLength + 1);

    /// <summary>Writes an SDES packet with one chunk: <paramref name="ssrc"/> and its CNAME (at most 255 bytes).</summary>
    public static bool TryWrite(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname, out int written)
    {
        written = 0;
        var length = GetLength(cname.Length);
        if (cname.Length > byte.MaxValue || length > destination.Length)
        {
            return false;
        }

        RtcpHeader.Write(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = CnameItem;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination[10..]);

        // The END item and the padding to the word boundary are all zero bytes.
        destination[(10 + cname.Length)..length].Clear();
        written = length;
        return true;
    }

    private static bool TryReadChunk(ReadOnlySpan<byte> body, scoped ref int position, out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        ssrc = 0;
        cname = default;
        if (position + 4 > body.Length)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(body[position..]);
        position += 4;
        while (position < body.Length)
        {
            var type = body[position];
            if (type == 0)
            {
                position = RtcpHeader.Align(position + 1);
                return position <= body.Length;
            }

            if (position + 2 > body.Length)
            {
                return false;
            }

            var length = body[position + 1];
            if (position + 2 + length > body.Length)
            {
                return false;
            }

            if (type == CnameItem && cname.IsEmpty)
            {
                cname = body.Slice(position + 2, length);
            }

            position += 2 + length;
        }

        return false;
    }

    /// <summary>Walks the chunks of a packet <see cref="TryParse"/> accepted.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private readonly int _count;
        private int _index;
        private int _position;

        internal Enumerator(ReadOnlySpan<byte> body, int count)
        {
            _body = body;
            _count = count;
            _index = 0;
            _position = 0;
            Current = default;
        }

        /// <summary>The chunk the last <see cref="MoveNext"/> read.</summary>
        public SdesChunk Current { get; private set; }

        /// <summary>Moves to the next chunk.</summary>
        public bool MoveNext()
        {
            if (_index >= _count || !TryReadChunk(_body, ref _position, out var ssrc, out var cname))
            {
                return false;
            }

            _index++;
            Current = new SdesChunk(ssrc, cname);
            return true;
        }
    }
}
