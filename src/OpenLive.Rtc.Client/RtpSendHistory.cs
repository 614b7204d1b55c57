namespace OpenLive.Rtc.Client;

/// <summary>
/// The last sent packets of one RTP stream, by sequence number, so a NACK can be answered (RFC 4585 §6.2.1,
/// RFC 4588). Plain RTP is kept (before SRTP), in one preallocated array of fixed-size slots; storing overwrites
/// the slot of the sequence number <c>capacity</c> packets older. Allocation-free after construction. Not
/// thread-safe: the connection's send lock guards it.
/// </summary>
internal sealed class RtpSendHistory
{
    /// <summary>Largest packet a slot holds; longer ones are sent but cannot be retransmitted.</summary>
    public const int SlotSize = 1500;

    private readonly byte[] _slots;
    private readonly int[] _lengths;
    private readonly int[] _sequences;
    private readonly int _mask;

    /// <summary>A history of at least <paramref name="packets"/> packets (rounded up to a power of two, at least 16).</summary>
    public RtpSendHistory(int packets)
    {
        var capacity = 16;
        while (capacity < packets)
        {
            capacity <<= 1;
        }

        _slots = new byte[capacity * SlotSize];
        _lengths = new int[capacity];
        _sequences = new int[capacity];
        _sequences.AsSpan().Fill(-1);
        _mask = capacity - 1;
    }

    /// <summary>Packets kept at most.</summary>
    public int Capacity => _lengths.Length;

    /// <summary>Keeps a copy of <paramref name="packet"/> under <paramref name="sequenceNumber"/>; false (nothing kept) when it is too long.</summary>
    public bool Store(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        var slot = sequenceNumber & _mask;
        if (packet.Length > SlotSize)
        {
            _sequences[slot] = -1;
            return false;
        }

        packet.CopyTo(_slots.AsSpan(slot * SlotSize, SlotSize));
        _lengths[slot] = packet.Length;
        _sequences[slot] = sequenceNumber;
        return true;
    }

    /// <summary>The packet sent with <paramref name="sequenceNumber"/>, if still kept.</summary>
    public bool TryGet(ushort sequenceNumber, out ReadOnlySpan<byte> packet)
    {
        var slot = sequenceNumber & _mask;
        if (_sequences[slot] != sequenceNumber)
        {
            packet = default;
            return false;
        }

        packet = _slots.AsSpan(slot * SlotSize, _lengths[slot]);
        return true;
    }
}
