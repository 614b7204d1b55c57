using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Generic NACK (RFC 4585 §6.2.1): RTPFB FMT 1 whose FCI entries each name a lost packet (PID) and a bitmask of
/// the 16 following ones also lost (BLP, bit i = PID + i + 1).
/// </summary>
/// <remarks>
/// FCI entry (repeated):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            PID                |             BLP               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct GenericNack
{
    /// <summary>Length of one PID/BLP entry.</summary>
    public const int EntryLength = 4;

    private readonly ReadOnlySpan<byte> _entries;

    private GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> entries)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _entries = entries;
    }

    /// <summary>SSRC of the requester.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the stream whose packets were lost.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Number of PID/BLP entries.</summary>
    public int EntryCount => _entries.Length / EntryLength;

    /// <summary>Reads a generic NACK; false if the packet is anything else.</summary>
    public static bool TryParse(in RtcpPacket packet, out GenericNack nack)
    {
        nack = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormats.GenericNack, out var feedback))
        {
            return false;
        }

        var fci = feedback.Fci;
        nack = new GenericNack(feedback.SenderSsrc, feedback.MediaSsrc, fci[..(fci.Length / EntryLength * EntryLength)]);
        return true;
    }

    /// <summary>Every lost sequence number, entry by entry, PID first then the BLP bits in order.</summary>
    public Enumerator GetEnumerator() => new(_entries);

    /// <summary>How many PID/BLP entries <paramref name="lost"/> packs into (ascending, wrap-aware input packs best).</summary>
    public static int CountEntries(ReadOnlySpan<ushort> lost)
    {
        var entries = 0;
        ushort pid = 0;
        foreach (var sequence in lost)
        {
            var distance = (ushort)(sequence - pid);
            if (entries == 0 || distance > 16)
            {
                entries++;
                pid = sequence;
            }
        }

        return entries;
    }

    /// <summary>The length of a NACK for <paramref name="lost"/>.</summary>
    public static int GetLength(ReadOnlySpan<ushort> lost) => RtcpFeedback.HeaderLength + (CountEntries(lost) * EntryLength);

    /// <summary>
    /// Writes a NACK for the sequence numbers in <paramref name="lost"/>, packing each run within 16 of an entry's
    /// PID into its BLP. False if the list is empty or the packet does not fit.
    /// </summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost, out int written)
    {
        written = 0;
        var length = GetLength(lost);
        if (lost.IsEmpty || length > destination.Length || length > RtcpHeader.MaxPacketLength)
        {
            return false;
        }

        RtcpFeedback.WriteHeader(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormats.GenericNack, senderSsrc, mediaSsrc, length);
        var position = RtcpFeedback.HeaderLength - EntryLength;
        ushort pid = 0;
        ushort blp = 0;
        foreach (var sequence in lost)
        {
            var distance = (ushort)(sequence - pid);
            if (position < RtcpFeedback.HeaderLength || distance > 16)
            {
                if (position >= RtcpFeedback.HeaderLength)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 2)..], blp);
                }

                position += EntryLength;
                pid = sequence;
                blp = 0;
                BinaryPrimitives.WriteUInt16BigEndian(destination[position..], pid);
            }
            else if (distance > 0)
            {
                blp |= (ushort)(1 << (distance - 1));
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 2)..], blp);
        written = length;
        return true;
    }

    /// <summary>Yields the lost sequence numbers of a NACK's entries.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _entries;
        private int _position;
        private int _bit;
        private ushort _pid;
        private ushort _blp;

        internal Enumerator(ReadOnlySpan<byte> entries)
        {
            _entries = entries;
            _position = -EntryLength;
            _bit = 16;
            _pid = 0;
            _blp = 0;
            Current = 0;
        }

        /// <summary>The lost sequence number the last <see cref="MoveNext"/> found.</summary>
        public ushort Current { get; private set; }

        /// <summary>Moves to the next lost sequence number.</summary>
        public bool MoveNext()
        {
            while (true)
            {
                while (_bit < 16)
                {
                    var bit = _bit++;
                    if ((_blp & (1 << bit)) != 0)
                    {
                        Current = (ushort)(_pid + bit + 1);
                        return true;
                    }
                }

                _position += EntryLength;
                if (_position + EntryLength > _entries.Length)
                {
                    _position = _entries.Length;
                    return false;
                }

                _pid = BinaryPrimitives.ReadUInt16BigEndian(_entries[_position..]);
                _blp = BinaryPrimitives.ReadUInt16BigEndian(_entries[(_position + 2)..]);
                _bit = 0;
                Current = _pid;
                return true;
            }
        }
    }
}
