namespace OpenLive.Egress.Recording;

/// <summary>
/// A bounded single-producer, single-consumer queue of packets between the SFU's media thread and a recording's worker:
/// the media thread copies each packet into a fixed slot (<see cref="TryWrite(ReadOnlySpan{byte})"/>: never blocks, never allocates; a full
/// ring or an oversized packet is dropped and counted, so a slow disk can never hold up forwarding), and the worker
/// takes them out in order (<see cref="Drain"/>). Memory is fixed at construction: capacity × slot size.
/// </summary>
/// <remarks>
/// One producer thread and one consumer thread at a time. The producer publishes a slot by advancing the write index
/// with a release write after filling it; the consumer frees a slot by advancing the read index after using it. A
/// packet dropped for a full ring is a loss to the recording like a network loss: the depacketizer's reorder window
/// gives it up and asks for a keyframe.
/// </remarks>
public sealed class PacketRing
{
    private readonly byte[] _slots;
    private readonly int[] _lengths;
    private readonly int _slotSize;
    private readonly int _mask;
    private long _written;
    private long _read;
    private long _droppedFull;
    private long _droppedOversized;

    /// <summary>A ring of <paramref name="capacity"/> slots (a power of two) of <paramref name="slotSize"/> bytes each.</summary>
    public PacketRing(int capacity, int slotSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 16);
        if ((capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a power of two");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 12);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slotSize, 65_535);
        _slots = new byte[capacity * slotSize];
        _lengths = new int[capacity];
        _slotSize = slotSize;
        _mask = capacity - 1;
        Capacity = capacity;
    }

    /// <summary>Slots in the ring.</summary>
    public int Capacity { get; }

    /// <summary>Packets waiting for the consumer.</summary>
    public int Count => (int)(Volatile.Read(ref _written) - Volatile.Read(ref _read));

    /// <summary>Packets dropped because the consumer had not freed a slot.</summary>
    public long DroppedFull => Interlocked.Read(ref _droppedFull);

    /// <summary>Packets dropped because they were larger than a slot.</summary>
    public long DroppedOversized => Interlocked.Read(ref _droppedOversized);

    /// <summary>Producer: copies <paramref name="packet"/> into the next slot; false (and counted) when full or oversized.</summary>
    public bool TryWrite(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > _slotSize)
        {
            Interlocked.Increment(ref _droppedOversized);
            return false;
        }

        var written = _written; // Only the producer writes it.
        if (written - Volatile.Read(ref _read) >= Capacity)
        {
            Interlocked.Increment(ref _droppedFull);
            return false;
        }

        var slot = (int)(written & _mask);
        packet.CopyTo(_slots.AsSpan(slot * _slotSize, _slotSize));
        _lengths[slot] = packet.Length;
        Volatile.Write(ref _written, written + 1); // Release: the slot's bytes are visible before the index moves.
        return true;
    }

    /// <summary>
    /// Producer: writes <paramref name="head"/> then <paramref name="body"/> into the next slot as one packet (a tagged
    /// record without a copy into a scratch buffer first); false (and counted) when oversized or when fewer than
    /// <paramref name="reserve"/> + 1 slots are free. A reserve keeps room for the rare records that must not be lost
    /// (a track's attach or end) while bulk packets fill the ring.
    /// </summary>
    public bool TryWrite(ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, int reserve = 0)
    {
        var length = head.Length + body.Length;
        if (length > _slotSize)
        {
            Interlocked.Increment(ref _droppedOversized);
            return false;
        }

        var written = _written; // Only the producer writes it.
        if (written - Volatile.Read(ref _read) >= Capacity - Math.Clamp(reserve, 0, Capacity - 1))
        {
            Interlocked.Increment(ref _droppedFull);
            return false;
        }

        var slot = (int)(written & _mask);
        var target = _slots.AsSpan(slot * _slotSize, _slotSize);
        head.CopyTo(target);
        body.CopyTo(target[head.Length..]);
        _lengths[slot] = length;
        Volatile.Write(ref _written, written + 1); // Release: the slot's bytes are visible before the index moves.
        return true;
    }

    /// <summary>Consumer: hands at most <paramref name="max"/> waiting packets to <paramref name="consumer"/>, oldest first; returns how many.</summary>
    public int Drain(IPacketConsumer consumer, int max = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var read = _read; // Only the consumer writes it.
        var available = Volatile.Read(ref _written) - read; // Acquire: the slots up to here are filled.
        var count = (int)Math.Min(available, max);
        for (var i = 0; i < count; i++)
        {
            var slot = (int)((read + i) & _mask);
            consumer.OnPacket(_slots.AsSpan(slot * _slotSize, _lengths[slot]));
            Volatile.Write(ref _read, read + i + 1); // The slot is free for the producer once used.
        }

        return count;
    }
}
