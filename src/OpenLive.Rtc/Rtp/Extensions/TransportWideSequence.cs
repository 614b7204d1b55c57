using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtp.Extensions;

/// <summary>
/// The transport-wide sequence number header extension (<see cref="RtpExtensionUris.TransportWideCc"/>,
/// draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): one 16-bit counter across all streams of a transport.
/// An SFU rewrites it on every forwarded packet with its own per-subscriber counter.
/// </summary>
/// <remarks>
/// <code>
///  0                   1
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | transport-wide sequence number|
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static class TransportWideSequence
{
    /// <summary>Length of the element data.</summary>
    public const int Length = 2;

    /// <summary>Reads the number from element data; false unless it is exactly 2 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out ushort sequenceNumber)
    {
        if (data.Length != Length)
        {
            sequenceNumber = 0;
            return false;
        }

        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(data);
        return true;
    }

    /// <summary>Reads the number from the packet's element with local id <paramref name="id"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, in RtpHeader header, int id, out ushort sequenceNumber)
    {
        if (RtpExtensions.TryGetValue(packet, header, id, out var data))
        {
            return TryRead(data, out sequenceNumber);
        }

        sequenceNumber = 0;
        return false;
    }

    /// <summary>Writes the number into 2 bytes.</summary>
    public static void Write(Span<byte> destination, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(destination, sequenceNumber);

    /// <summary>Overwrites the packet's element with local id <paramref name="id"/> in place; false if absent or malformed.</summary>
    public static bool TryRewrite(Span<byte> packet, in RtpHeader header, int id, ushort sequenceNumber)
    {
        if (!RtpExtensions.TryGetExtension(packet, header, id, out var offset, out var length) || length != Length)
        {
            return false;
        }

        Write(packet[offset..], sequenceNumber);
        return true;
    }
}
