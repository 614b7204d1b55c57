using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>Where an <see cref="RtcpReader"/> stands.</summary>
public enum RtcpReadStatus
{
    /// <summary>Packets may follow.</summary>
    Reading,

    /// <summary>Every byte was consumed by well-formed packets.</summary>
    End,

    /// <summary>Fewer than 4 bytes remain, or a packet's length runs past the end.</summary>
    Truncated,

    /// <summary>A packet's version is not 2.</summary>
    BadVersion,

    /// <summary>A packet other than the last has the P bit set (RFC 3550 §6.4.1).</summary>
    PaddingNotLast,

    /// <summary>The padding count is 0 or longer than the packet body.</summary>
    BadPadding,
}

/// <summary>
/// Walks a compound RTCP packet (RFC 3550 §6.1), or a reduced-size one that may start with any type (RFC 5506),
/// one packet at a time without allocating. Never throws: on malformed input it stops and says why in
/// <see cref="Status"/>; packets returned before that are well-formed.
/// </summary>
public ref struct RtcpReader
{
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Reads the compound packet in <paramref name="compound"/> (already decrypted).</summary>
    public RtcpReader(ReadOnlySpan<byte> compound)
    {
        _remaining = compound;
        Status = compound.IsEmpty ? RtcpReadStatus.End : RtcpReadStatus.Reading;
    }

    /// <summary>Why reading stopped, or <see cref="RtcpReadStatus.Reading"/> while packets may follow.</summary>
    public RtcpReadStatus Status { get; private set; }

    /// <summary>The next packet; false at the end or on malformed input (see <see cref="Status"/>).</summary>
    public bool TryRead(out RtcpPacket packet)
    {
        packet = default;
        if (Status != RtcpReadStatus.Reading)
        {
            return false;
        }

        if (_remaining.Length < RtcpHeader.Length)
        {
            return Stop(RtcpReadStatus.Truncated);
        }

        var first = _remaining[0];
        if (first >> 6 != 2)
        {
            return Stop(RtcpReadStatus.BadVersion);
        }

        var length = (BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]) + 1) * 4;
        if (length > _remaining.Length)
        {
            return Stop(RtcpReadStatus.Truncated);
        }

        var padding = 0;
        if ((first & 0x20) != 0)
        {
            if (length != _remaining.Length)
            {
                return Stop(RtcpReadStatus.PaddingNotLast);
            }

            padding = _remaining[length - 1];
            if (padding == 0 || padding > length - RtcpHeader.Length)
            {
                return Stop(RtcpReadStatus.BadPadding);
            }
        }

        packet = new RtcpPacket(_remaining[..length], padding);
        _remaining = _remaining[length..];
        if (_remaining.IsEmpty)
        {
            Status = RtcpReadStatus.End;
        }

        return true;
    }

    private bool Stop(RtcpReadStatus status)
    {
        Status = status;
        _remaining = default;
        return false;
    }
}
