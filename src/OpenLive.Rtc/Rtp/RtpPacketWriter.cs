using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtp;

/// <summary>
/// Writes an RTP packet into a caller buffer: the fixed header and CSRCs (RFC 3550 §5.1), then RFC 8285 header
/// extension elements in the encoding chosen up front, then the payload and optional padding. Never allocates;
/// every step returns false once the buffer is too small or an element does not fit the encoding, and the
/// writer then stays failed.
/// </summary>
/// <remarks>
/// Layout written (see <see cref="RtpHeader"/> for the fixed header):
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fixed header (12) | CSRCs (4 each)                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  0xBEDE or 0x1000             |  length in 32-bit words       |  (RFC 8285 §4.1)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | elements ...                  | zero padding to a word        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | payload ...                   | padding | count |               (RFC 3550 §5.1)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public ref struct RtpPacketWriter
{
    private readonly Span<byte> _buffer;
    private readonly RtpExtensionEncoding _encoding;
    private readonly int _extensionStart;
    private int _position;
    private bool _failed;
    private bool _hasElements;

    /// <summary>Starts a packet with the fixed header and CSRCs; extension elements may follow in <paramref name="encoding"/>.</summary>
    public RtpPacketWriter(
        Span<byte> destination,
        byte payloadType,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        bool marker,
        RtpExtensionEncoding encoding = RtpExtensionEncoding.OneByte,
        ReadOnlySpan<uint> csrcs = default)
    {
        _buffer = destination;
        _encoding = encoding;
        _hasElements = false;
        var headerLength = RtpHeader.FixedLength + (csrcs.Length * 4);
        _extensionStart = headerLength;
        _position = headerLength;
        _failed = payloadType > 127
            || csrcs.Length > 15
            || encoding is not (RtpExtensionEncoding.None or RtpExtensionEncoding.OneByte or RtpExtensionEncoding.TwoByte)
            || destination.Length < headerLength;
        if (_failed)
        {
            return;
        }

        destination[0] = (byte)((RtpHeader.Version << 6) | csrcs.Length);
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        for (var i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(RtpHeader.FixedLength + (i * 4))..], csrcs[i]);
        }
    }

    /// <summary>Whether a step failed; the buffer content is then unspecified.</summary>
    public readonly bool Failed => _failed;

    /// <summary>Adds an element with local id <paramref name="id"/> and the given data.</summary>
    public bool TryAddExtension(int id, ReadOnlySpan<byte> value)
    {
        if (!TryAddExtension(id, value.Length, out var data))
        {
            return false;
        }

        value.CopyTo(data);
        return true;
    }

    /// <summary>Adds an element of <paramref name="length"/> data bytes and hands back its data span to fill.</summary>
    public bool TryAddExtension(int id, int length, out Span<byte> value)
    {
        value = default;
        var fits = _encoding == RtpExtensionEncoding.OneByte ? RtpExtensionProfiles.FitsOneByte(id, length)
            : _encoding == RtpExtensionEncoding.TwoByte && RtpExtensionProfiles.FitsTwoByte(id, length);
        if (_failed || !fits)
        {
            return Fail();
        }

        var headerBytes = _encoding == RtpExtensionEncoding.OneByte ? 1 : 2;
        var start = _hasElements ? _position : _extensionStart + 4;
        if (start + headerBytes + length > _buffer.Length)
        {
            return Fail();
        }

        if (_encoding == RtpExtensionEncoding.OneByte)
        {
            _buffer[start] = (byte)((id << 4) | (length - 1));
        }
        else
        {
            _buffer[start] = (byte)id;
            _buffer[start + 1] = (byte)length;
        }

        _hasElements = true;
        _position = start + headerBytes + length;
        value = _buffer.Slice(start + headerBytes, length);
        return true;
    }

    /// <summary>Closes the header: pads the extension block to a 32-bit boundary and writes its profile and length.</summary>
    public bool TryFinishHeader(out int headerLength)
    {
        headerLength = 0;
        if (_failed)
        {
            return false;
        }

        if (_hasElements)
        {
            var padded = (_position + 3) & ~3;
            if (padded > _buffer.Length)
            {
                return Fail();
            }

            _buffer[_position..padded].Clear();
            _position = padded;
            var profile = _encoding == RtpExtensionEncoding.OneByte ? RtpExtensionProfiles.OneByte : RtpExtensionProfiles.TwoByte;
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[_extensionStart..], profile);
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_extensionStart + 2)..], (ushort)((padded - _extensionStart - 4) / 4));
            _buffer[0] |= 0x10;
        }

        headerLength = _position;
        return true;
    }

    /// <summary>Closes the header, copies the payload after it and appends <paramref name="paddingLength"/> padding bytes (0–255).</summary>
    public bool TryFinish(ReadOnlySpan<byte> payload, int paddingLength, out int packetLength)
    {
        packetLength = 0;
        if (paddingLength is < 0 or > 255 || !TryFinishHeader(out var headerLength))
        {
            return Fail();
        }

        var end = headerLength + payload.Length + paddingLength;
        if (end > _buffer.Length)
        {
            return Fail();
        }

        payload.CopyTo(_buffer[headerLength..]);
        if (paddingLength > 0)
        {
            var padding = _buffer.Slice(headerLength + payload.Length, paddingLength);
            padding.Clear();
            padding[^1] = (byte)paddingLength;
            _buffer[0] |= 0x20;
        }

        packetLength = end;
        return true;
    }

    private bool Fail()
    {
        _failed = true;
        return false;
    }
}
