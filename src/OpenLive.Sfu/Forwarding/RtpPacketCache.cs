namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// The last <see cref="Capacity"/> packets of one incoming RTP stream, by sequence number, kept so a subscriber's NACK
/// can be answered without asking the publisher again. One contiguous array of fixed-size slots: storing a packet is a
/// copy and nothing is allocated after construction. Used only by the media thread.
/// </summary>
internal sealed class RtpPacketCache
{
    /// <summary>Largest packet a slot holds; bigger ones are not cached (a WebRTC sender keeps under ~1200 bytes).</summary>
    public const int SlotSize = 1500;

    private readonly byte[] _slots;
    private readonly int[] _lengths;
    private readonly ushort[] _sequences;
    private readonly int _mask;

    /// <param name="capacity">Slots; rounded up to a power of two (512 for video, 128 for audio suits loss recovery within ~1 s).</param>
    public RtpPacketCache(int capacity)
    {
        Capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 16));
        _mask = Capacity - 1;
        _slots = GC.AllocateUninitializedArray<byte>(Capacity * SlotSize);
        _lengths = new int[Capacity];
        _sequences = new ushort[Capacity];
    }

    /// <summary>Number of packets the cache can hold.</summary>
    public int Capacity { get; }

    /// <summary>Keeps a copy of <paramref name="packet"/> (a plain RTP packet) as sequence number <paramref name="sequence"/>.</summary>
    public void Store(ushort sequence, ReadOnlySpan<byte> packet)
    {
        var index = sequence & _mask;
        if (packet.Length > SlotSize)
        {
            _lengths[index] = 0;
            return;
        }

        packet.CopyTo(_slots.AsSpan(index * SlotSize, SlotSize));
        _lengths[index] = packet.Length;
        _sequences[index] = sequence;
    }

    /// <summary>The cached packet with this sequence number, if it is still there.</summary>
    public bool TryGet(ushort sequence, out ReadOnlySpan<byte> packet)
    {
        var index = sequence & _mask;
        var length = _lengths[index];
        if (length == 0 || _sequences[index] != sequence)
        {
            packet = default;
            return false;
        }

        packet = _slots.AsSpan(index * SlotSize, length);
        return true;
    }
}
