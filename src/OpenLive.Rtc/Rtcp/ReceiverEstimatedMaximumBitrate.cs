using System.Buffers.Binary;
using System.Numerics;

namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Receiver estimated maximum bitrate, REMB (draft-alvestrand-rmcat-remb-03 §2.2): PSFB FMT 15 with the
/// "REMB" identifier, a bitrate as a 6-bit exponent and 18-bit mantissa, and the SSRCs it applies to.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| FMT=15  |   PT=206      |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source (0)                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   SSRC feedback (Num SSRC times)                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct ReceiverEstimatedMaximumBitrate
{
    /// <summary>The largest mantissa (18 bits).</summary>
    public const uint MaxMantissa = (1 << 18) - 1;

    private const uint Identifier = 0x52454D42; // "REMB"

    private readonly ReadOnlySpan<byte> _ssrcs;

    private ReceiverEstimatedMaximumBitrate(uint senderSsrc, ulong bitrate, ReadOnlySpan<byte> ssrcs)
    {
        SenderSsrc = senderSsrc;
        Bitrate = bitrate;
        _ssrcs = ssrcs;
    }

    /// <summary>SSRC of the estimator.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The estimate in bits per second (mantissa × 2^exp, saturating at <see cref="ulong.MaxValue"/>).</summary>
    public ulong Bitrate { get; }

    /// <summary>Number of SSRCs the estimate applies to.</summary>
    public int SsrcCount => _ssrcs.Length / 4;

    /// <summary>Reads a REMB; false if the packet is anything else or its SSRC list overruns it.</summary>
    public static bool TryParse(in RtcpPacket packet, out ReceiverEstimatedMaximumBitrate remb)
    {
        remb = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormats.ApplicationLayer, out var feedback))
        {
            return false;
        }

        var fci = feedback.Fci;
        if (fci.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
        {
            return false;
        }

        var word = BinaryPrimitives.ReadUInt32BigEndian(fci[4..]);
        var count = (int)(word >> 24);
        if (8 + (count * 4) > fci.Length)
        {
            return false;
        }

        remb = new ReceiverEstimatedMaximumBitrate(feedback.SenderSsrc, Decode((int)((word >> 18) & 0x3F), word & MaxMantissa), fci.Slice(8, count * 4));
        return true;
    }

    /// <summary>The SSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="SsrcCount"/>).</summary>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs[(index * 4)..]);
    }

    /// <summary>The closest bitrate REMB can carry that is not above <paramref name="bitrate"/>.</summary>
    public static ulong Representable(ulong bitrate)
    {
        var (exponent, mantissa) = Encode(bitrate);
        return Decode(exponent, mantissa);
    }

    /// <summary>The length of a REMB listing <paramref name="ssrcCount"/> SSRCs.</summary>
    public static int GetLength(int ssrcCount) => RtcpFeedback.HeaderLength + 8 + (ssrcCount * 4);

    /// <summary>Writes a REMB for up to 255 SSRCs; the bitrate is rounded down to the closest representable one.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs, out int written)
    {
        written = 0;
        var length = GetLength(ssrcs.Length);
        if (ssrcs.Length > byte.MaxValue || length > destination.Length)
        {
            return false;
        }

        RtcpFeedback.WriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormats.ApplicationLayer, senderSsrc, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Identifier);
        var (exponent, mantissa) = Encode(bitrate);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], ((uint)ssrcs.Length << 24) | ((uint)exponent << 18) | mantissa);
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(20 + (i * 4))..], ssrcs[i]);
        }

        written = length;
        return true;
    }

    private static (int Exponent, uint Mantissa) Encode(ulong bitrate)
    {
        // The smallest exponent that fits the mantissa in 18 bits keeps the most precision; the shift rounds down.
        var exponent = 0;
        while ((bitrate >> exponent) > MaxMantissa)
        {
            exponent++;
        }

        return (exponent, (uint)(bitrate >> exponent));
    }

    private static ulong Decode(int exponent, uint mantissa) =>
        mantissa == 0 ? 0
        : BitOperations.Log2(mantissa) + 1 + exponent > 64 ? ulong.MaxValue
        : (ulong)mantissa << exponent;
}
