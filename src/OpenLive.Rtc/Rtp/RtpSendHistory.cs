using System.Numerics;

namespace OpenLive.Rtc.Rtp;

/// <summary>
/// The last packets of one RTP stream, by sequence number, kept so a NACK can be answered with a retransmission
/// (RFC 4585 §6.2.1, RFC 4588) instead of asking the source again. A client keeps what it sent; the SFU keeps what a
/// publisher sent, for every subscriber's NACKs. Plain RTP is kept (before SRTP).
/// </summary>
/// <remarks>
/// One preallocated array of fixed-size slots indexed by the sequence number's low bits: storing is a copy that
/// overwrites the packet <see cref="Capacity"/> sequence numbers older, a lookup checks the slot still holds the number
/// asked for, and nothing is allocated after construction. Not thread-safe: the owner serializes access (the SFU's media
/// thread, the client's send lock).
/// </remarks>
public sealed class RtpSendHistory
{
    /// <summary>Largest packet a slot holds; longer ones are sent but cannot be retransmitted (WebRTC senders keep under ~1200 bytes).</summary>
    public const int SlotSize = 1500;

    private const int MinCapacity = 16;
    private const int NoPacket = -1;

    private readonly byte[] _slots;
    private readonly int[] _lengths;
    private readonly int[] _sequences;
    private readonly int _mask;

    /// <summary>A history of at least <paramref name="packets"/> packets, rounded up to a power of two and at least 16 (512 for video and 128 for audio cover loss recovery within about a second).</summary>
    public RtpSendHistory(int packets)
    {
        Capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(packets, MinCapacity));
        _mask = Capacity - 1;
        _slots = GC.AllocateUninitializedArray<byte>(Capacity * SlotSize);
        _lengths = new int[Capacity];
        _sequences = new int[Capacity];
        _sequences.AsSpan().Fill(NoPacket);
    }

    /// <summary>Packets kept at most.</summary>
    public int Capacity { get; }

    /// <summary>Keeps a copy of <paramref name="packet"/> under <paramref name="sequenceNumber"/>; false (nothing kept, and the slot's older packet forgotten) when it is longer than a slot.</summary>
    public bool Store(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        var slot = sequenceNumber & _mask;
        if (packet.Length > SlotSize)
        {
            _sequences[slot] = NoPacket;
            return false;
        }

        packet.CopyTo(_slots.AsSpan(slot * SlotSize, SlotSize));
        _lengths[slot] = packet.Length;
        _sequences[slot] = sequenceNumber;
        return true;
    }

    /// <summary>The packet stored with <paramref name="sequenceNumber"/>, if it is still kept.</summary>
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
