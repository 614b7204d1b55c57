using System.Buffers;
using System.Numerics;

namespace OpenLive.Egress.Depacketizing;

/// <summary>What <see cref="RtpReorderBuffer.Insert"/> did with a packet.</summary>
internal enum ReorderStatus
{
    Accepted,
    Late,
    Duplicate,
    TooLarge,
}

/// <summary>
/// Puts one track's RTP packets back in sequence order within a fixed window, so reordered datagrams and NACK-filled
/// retransmissions (which arrive a round trip late) still complete their frames. Keyed by the extended (64-bit)
/// sequence number. A gap is given up as lost when a packet arrives a whole window beyond it: the packets after it go
/// on, flagged <c>lossBefore</c>, and the frame that needed it is dropped downstream.
/// </summary>
/// <remarks>
/// Memory is one slab of <c>capacity × maxPacketBytes</c>, rented once from the shared pool: a packet is copied into
/// its slot (the caller's buffer is the SFU's, reused for the next datagram) and nothing is allocated per packet.
/// The same practice as libwebrtc's packet buffer (a power-of-two ring indexed by sequence number) and mediasoup's
/// and LiveKit's egress jitter buffers, minus their time-based release: here only a newer packet, or
/// <see cref="Flush"/> at the end, moves past a gap.
/// </remarks>
internal sealed class RtpReorderBuffer : IDisposable
{
    private readonly int _capacity;
    private readonly int _mask;
    private readonly int _slotBytes;
    private readonly byte[] _slab;
    private readonly int[] _lengths;
    private readonly long[] _sequences;
    private readonly IOrderedPacketSink _sink;
    private long _next;
    private bool _started;
    private bool _lossPending;
    private int _held;
    private bool _disposed;

    public RtpReorderBuffer(int windowPackets, int maxPacketBytes, IOrderedPacketSink sink)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowPackets, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketBytes, 1);
        _capacity = (int)BitOperations.RoundUpToPowerOf2((uint)windowPackets);
        _mask = _capacity - 1;
        _slotBytes = maxPacketBytes;
        _slab = ArrayPool<byte>.Shared.Rent(_capacity * maxPacketBytes);
        _lengths = new int[_capacity];
        _sequences = new long[_capacity];
        _sink = sink;
    }

    /// <summary>Packets given up as lost so far.</summary>
    public long LostPackets { get; private set; }

    /// <summary>Packets held, waiting for a gap before them.</summary>
    public int Held => _held;

    /// <summary>Takes one packet (copied) and hands on every packet that is now in order.</summary>
    public ReorderStatus Insert(ReadOnlySpan<byte> packet, long sequence)
    {
        if (packet.Length > _slotBytes || packet.IsEmpty)
        {
            return ReorderStatus.TooLarge;
        }

        if (!_started)
        {
            _started = true;
            _next = sequence;
        }
        else if (sequence < _next)
        {
            return ReorderStatus.Late;
        }

        if (sequence - _next >= _capacity)
        {
            MakeRoomFor(sequence);
        }

        var slot = (int)(sequence & _mask);
        if (_lengths[slot] != 0)
        {
            return ReorderStatus.Duplicate;
        }

        packet.CopyTo(_slab.AsSpan(slot * _slotBytes, _slotBytes));
        _lengths[slot] = packet.Length;
        _sequences[slot] = sequence;
        _held++;
        DrainInOrder();
        return ReorderStatus.Accepted;
    }

    /// <summary>Hands on every held packet in order, whatever gaps remain (the end of a recording).</summary>
    public void Flush()
    {
        while (_held > 0)
        {
            if (!TryRelease(_next))
            {
                _lossPending = true;
                LostPackets++;
            }

            _next++;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<byte>.Shared.Return(_slab);
    }

    private void MakeRoomFor(long sequence)
    {
        // Everything older than a window behind the newcomer is released; gaps there are lost. A jump of more than a
        // window (a sender restart, a long outage) releases what is held and starts again just behind the newcomer.
        var target = sequence - _capacity + 1;
        while (_next < target && _held > 0)
        {
            if (!TryRelease(_next))
            {
                _lossPending = true;
                LostPackets++;
            }

            _next++;
        }

        if (_next < target)
        {
            LostPackets += target - _next;
            _lossPending = true;
            _next = target;
        }
    }

    private void DrainInOrder()
    {
        while (_held > 0 && TryRelease(_next))
        {
            _next++;
        }
    }

    private bool TryRelease(long sequence)
    {
        var slot = (int)(sequence & _mask);
        var length = _lengths[slot];
        if (length == 0 || _sequences[slot] != sequence)
        {
            return false;
        }

        _lengths[slot] = 0;
        _held--;
        var lossBefore = _lossPending;
        _lossPending = false;
        _sink.OnOrderedPacket(_slab.AsSpan(slot * _slotBytes, length), lossBefore);
        return true;
    }
}
