namespace OpenLive.Rtc.Rtcp;

/// <summary>One packet of a compound RTCP packet, as <see cref="RtcpReader"/> found it: a view of the bytes, nothing copied.</summary>
public readonly ref struct RtcpPacket
{
    internal RtcpPacket(ReadOnlySpan<byte> raw, int paddingLength)
    {
        Raw = raw;
        PaddingLength = paddingLength;
    }

    /// <summary>The whole packet as on the wire: header, body and padding.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>The packet type.</summary>
    public RtcpPacketType Type => (RtcpPacketType)Raw[1];

    /// <summary>The 5-bit count field: report count, source count, or the feedback message type (FMT).</summary>
    public int Count => Raw[0] & 0x1F;

    /// <summary>Whether the P bit was set.</summary>
    public bool HasPadding => PaddingLength > 0;

    /// <summary>Number of padding bytes at the end, including the count byte.</summary>
    public int PaddingLength { get; }

    /// <summary>The bytes after the 4-byte header, padding removed.</summary>
    public ReadOnlySpan<byte> Body => Raw[RtcpHeader.Length..^PaddingLength];
}
