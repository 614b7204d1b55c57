using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>A BYE packet (RFC 3550 §6.6): the sources leaving, and an optional reason.</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           SSRC/CSRC  (SC times)               |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |     length    |       reason for leaving (optional)         ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _ssrcs;

    private Goodbye(ReadOnlySpan<byte> ssrcs, ReadOnlySpan<byte> reason)
    {
        _ssrcs = ssrcs;
        Reason = reason;
    }

    /// <summary>Number of sources leaving.</summary>
    public int Count => _ssrcs.Length / 4;

    /// <summary>The reason text as a slice of the packet; empty if absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>Reads a BYE; false if it is another type, or its SSRCs or reason overrun the packet.</summary>
    public static bool TryParse(in RtcpPacket packet, out Goodbye goodbye)
    {
        goodbye = default;
        var body = packet.Body;
        var ssrcLength = packet.Count * 4;
        if (packet.Type != RtcpPacketType.Goodbye || body.Length < ssrcLength)
        {
            return false;
        }

        ReadOnlySpan<byte> reason = default;
        if (body.Length > ssrcLength)
        {
            var length = body[ssrcLength];
            if (ssrcLength + 1 + length > body.Length)
            {
                return false;
            }

            reason = body.Slice(ssrcLength + 1, length);
        }

        goodbye = new Goodbye(body[..ssrcLength], reason);
        return true;
    }

    /// <summary>The SSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs[(index * 4)..]);
    }

    /// <summary>The length of a BYE for <paramref name="ssrcCount"/> sources and a reason of <paramref name="reasonLength"/> bytes (0 = none).</summary>
    public static int GetLength(int ssrcCount, int reasonLength) =>
        RtcpHeader.Length + (ssrcCount * 4) + (reasonLength > 0 ? RtcpHeader.Align(1 + reasonLength) : 0);

    /// <summary>Writes a BYE for up to 31 sources with an optional reason of at most 255 bytes.</summary>
    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason, out int written)
    {
        written = 0;
        var length = GetLength(ssrcs.Length, reason.Length);
        if (ssrcs.Length > 31 || reason.Length > byte.MaxValue || length > destination.Length)
        {
            return false;
        }

        RtcpHeader.Write(destination, ssrcs.Length, RtcpPacketType.Goodbye, length);
        var position = RtcpHeader.Length;
        foreach (var ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[position..], ssrc);
            position += 4;
        }

        if (!reason.IsEmpty)
        {
            destination[position] = (byte)reason.Length;
            reason.CopyTo(destination[(position + 1)..]);
            destination[(position + 1 + reason.Length)..length].Clear();
        }

        written = length;
        return true;
    }
}
