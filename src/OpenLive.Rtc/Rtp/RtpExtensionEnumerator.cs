namespace OpenLive.Rtc.Rtp;

/// <summary>
/// Walks the elements of an RFC 8285 header extension block without allocating. Stops at the end of the block,
/// at a one-byte id 15 (RFC 8285 §4.2), or at an element that overruns the block (then <see cref="IsMalformed"/>).
/// Padding bytes (id 0) are skipped.
/// </summary>
/// <remarks>
/// One-byte form (RFC 8285 §4.2), after the 0xBEDE profile and length word:
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ID   | len-1 |  data (len bytes) ...         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Two-byte form (RFC 8285 §4.3), after the 0x100x profile and length word:
/// <code>
///  0                   1                   2
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       ID      |     length    | data ...      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public ref struct RtpExtensionEnumerator
{
    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _end;
    private readonly bool _twoByte;
    private int _position;

    /// <summary>Enumerates the elements of the packet <paramref name="header"/> was parsed from; none unless its encoding is one- or two-byte.</summary>
    public RtpExtensionEnumerator(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        _packet = packet;
        var encoding = header.ExtensionEncoding;
        _twoByte = encoding == RtpExtensionEncoding.TwoByte;
        var usable = encoding is RtpExtensionEncoding.OneByte or RtpExtensionEncoding.TwoByte
            && header.ExtensionOffset + header.ExtensionLength <= packet.Length;
        _position = usable ? header.ExtensionOffset : 0;
        _end = usable ? header.ExtensionOffset + header.ExtensionLength : 0;
        Current = default;
        IsMalformed = false;
    }

    /// <summary>The element the last successful <see cref="MoveNext"/> found.</summary>
    public RtpExtensionElement Current { get; private set; }

    /// <summary>Enumeration stopped at an element that overran the extension block.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Returns this enumerator, so it works in foreach.</summary>
    public readonly RtpExtensionEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next element; false at the end of the block or on a malformed element.</summary>
    public bool MoveNext()
    {
        while (_position < _end)
        {
            int id = _packet[_position];
            if (id == 0)
            {
                _position++;
                continue;
            }

            int dataOffset;
            int length;
            if (_twoByte)
            {
                if (_position + 2 > _end)
                {
                    return Stop(malformed: true);
                }

                length = _packet[_position + 1];
                dataOffset = _position + 2;
            }
            else
            {
                length = (id & 0x0F) + 1;
                id >>= 4;
                if (id == 15)
                {
                    // Reserved: the rest of the block must be ignored (RFC 8285 §4.2).
                    return Stop(malformed: false);
                }

                dataOffset = _position + 1;
            }

            if (dataOffset + length > _end)
            {
                return Stop(malformed: true);
            }

            Current = new RtpExtensionElement(id, dataOffset, length);
            _position = dataOffset + length;
            return true;
        }

        return false;
    }

    private bool Stop(bool malformed)
    {
        IsMalformed = malformed;
        _position = _end;
        return false;
    }
}
