using System.Buffers.Binary;

namespace OpenLive.Rtc.Transport;

/// <summary>Writes RFC 4571 frames (a 16-bit big-endian length, then the packet) into a caller's buffer; allocates nothing.</summary>
public static class Rfc4571FrameWriter
{
    /// <summary>
    /// Writes <paramref name="packet"/> framed into <paramref name="destination"/>. False (nothing written) when the
    /// packet is empty, longer than 65535 bytes, or does not fit; otherwise <paramref name="written"/> is its length + 2.
    /// </summary>
    public static bool TryWrite(ReadOnlySpan<byte> packet, Span<byte> destination, out int written)
    {
        written = 0;
        if (packet.IsEmpty || packet.Length > ushort.MaxValue || destination.Length < Rfc4571FrameReader.HeaderLength + packet.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)packet.Length);
        packet.CopyTo(destination[Rfc4571FrameReader.HeaderLength..]);
        written = Rfc4571FrameReader.HeaderLength + packet.Length;
        return true;
    }
}
