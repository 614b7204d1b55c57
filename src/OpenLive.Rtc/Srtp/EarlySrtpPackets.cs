namespace OpenLive.Rtc.Srtp;

/// <summary>
/// SRTP/SRTCP datagrams that arrive between the peer finishing DTLS and this side's keys being in place — typically
/// the first packets of a keyframe — kept (a few, bounded) so they can be decrypted once the keys exist instead of
/// being lost. One fixed buffer, allocated on first use; not thread-safe (the receive thread owns it).
/// </summary>
public sealed class EarlySrtpPackets
{
    /// <summary>Most datagrams kept; later ones are dropped (the peer's NACK/PLI handling repairs them).</summary>
    public const int Capacity = 64;

    /// <summary>Longest datagram kept.</summary>
    public const int MaxLength = 1500;

    private readonly int[] _lengths = new int[Capacity];
    private byte[]? _data;

    /// <summary>Datagrams kept.</summary>
    public int Count { get; private set; }

    /// <summary>Keeps a copy of <paramref name="datagram"/>; false when full or too long (the datagram is dropped).</summary>
    public bool TryKeep(ReadOnlySpan<byte> datagram)
    {
        if (Count == Capacity || datagram.Length > MaxLength)
        {
            return false;
        }

        _data ??= new byte[Capacity * MaxLength];
        datagram.CopyTo(_data.AsSpan(Count * MaxLength));
        _lengths[Count++] = datagram.Length;
        return true;
    }

    /// <summary>The kept datagram at <paramref name="index"/> (writable: SRTP decrypts in place).</summary>
    public Span<byte> this[int index] => (uint)index < (uint)Count ? _data.AsSpan(index * MaxLength, _lengths[index]) : [];

    /// <summary>Forgets every kept datagram (after they were replayed).</summary>
    public void Clear() => Count = 0;
}
