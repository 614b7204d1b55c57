using System.Buffers.Binary;

namespace OpenLive.Rtc.Transport;

/// <summary>
/// Reads RFC 4571 frames (the framing ICE-TCP uses, RFC 6544 §3) from one TCP connection's byte stream, incrementally,
/// over one bounded buffer the reader owns: the connection writes received bytes into <see cref="FreeSpace"/> and
/// <see cref="Commit"/>s them, then takes complete frames with <see cref="TryRead"/> until it says
/// <see cref="Rfc4571FrameStatus.NeedMore"/>. Nothing throws and nothing is allocated after construction: a hostile
/// stream can only produce a status, and a connection's memory is the buffer's size.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |             LENGTH            |  STUN / DTLS / SRTP packet    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///             RFC 4571 §2: LENGTH is the packet's size in bytes, big-endian, without itself.
/// </code>
/// A frame is returned as a span of the buffer, valid until the next <see cref="FreeSpace"/>: consumed bytes are
/// moved to the front only when room is asked for, so a burst of small frames costs one copy at most.
/// </remarks>
public sealed class Rfc4571FrameReader
{
    /// <summary>Bytes of the length prefix.</summary>
    public const int HeaderLength = 2;

    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    /// <param name="maxFrameLength">Largest packet accepted (1..65535); a longer length prefix is <see cref="Rfc4571FrameStatus.Oversized"/>.</param>
    /// <param name="capacity">Buffer size: at least one maximal frame with its prefix (the default); more lets one read carry many frames.</param>
    public Rfc4571FrameReader(int maxFrameLength, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameLength, ushort.MaxValue);
        MaxFrameLength = maxFrameLength;
        _buffer = GC.AllocateArray<byte>(Math.Max(capacity, HeaderLength + maxFrameLength), pinned: true);
    }

    /// <summary>Largest packet accepted.</summary>
    public int MaxFrameLength { get; }

    /// <summary>Bytes received and not yet returned as frames.</summary>
    public int Buffered => _end - _start;

    /// <summary>
    /// Where the next received bytes go (never empty while the last status was not an error: the buffer holds a
    /// whole maximal frame). Compacts the buffer, so spans of earlier frames are invalid afterwards.
    /// </summary>
    public Memory<byte> FreeSpace
    {
        get
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            return _buffer.AsMemory(_end);
        }
    }

    /// <summary>Marks <paramref name="count"/> bytes written into <see cref="FreeSpace"/> as received. False when more than fit.</summary>
    public bool Commit(int count)
    {
        if (count < 0 || count > _buffer.Length - _end)
        {
            return false;
        }

        _end += count;
        return true;
    }

    /// <summary>What <see cref="TryRead"/> would return now, without consuming anything.</summary>
    public Rfc4571FrameStatus Peek()
    {
        var start = _start;
        var status = TryRead(out _);
        _start = start;
        return status;
    }

    /// <summary>
    /// The next complete frame's payload, or why there is none. After <see cref="Rfc4571FrameStatus.ZeroLength"/> or
    /// <see cref="Rfc4571FrameStatus.Oversized"/> the stream cannot be resynchronised: the caller closes the connection.
    /// </summary>
    public Rfc4571FrameStatus TryRead(out Span<byte> frame)
    {
        frame = default;
        var buffered = _buffer.AsSpan(_start, _end - _start);
        if (buffered.Length < HeaderLength)
        {
            return Rfc4571FrameStatus.NeedMore;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(buffered);
        if (length == 0)
        {
            return Rfc4571FrameStatus.ZeroLength;
        }

        if (length > MaxFrameLength)
        {
            return Rfc4571FrameStatus.Oversized;
        }

        if (buffered.Length < HeaderLength + length)
        {
            return Rfc4571FrameStatus.NeedMore;
        }

        frame = buffered.Slice(HeaderLength, length);
        _start += HeaderLength + length;
        return Rfc4571FrameStatus.Frame;
    }
}
