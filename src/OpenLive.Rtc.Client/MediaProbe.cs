using System.Buffers.Binary;

namespace OpenLive.Rtc.Client;

/// <summary>
/// A 12-byte marker the synthetic sources put at the very end of each frame (the tail of its last packet, the one
/// with the marker bit; every packet for audio), so a receiver can measure latency and count frames without
/// decoding. Forwarding rewrites headers, never payload tails, so it survives the SFU.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      'O'      |      'L'      |      'p'      |      'r'      |  magic
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         send time: Unix time in microseconds, low 32 bits     |  wraps every 71.6 min
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         frame number                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The send time is wall-clock time, so latency across machines is only as good as their clock sync.
/// </remarks>
/// <param name="SendTime">Microseconds of the Unix time at sending, modulo 2^32.</param>
/// <param name="FrameNumber">The source's frame (or audio packet) counter.</param>
public readonly record struct MediaProbe(uint SendTime, uint FrameNumber)
{
    /// <summary>Bytes a probe takes.</summary>
    public const int Length = 12;

    private const uint Magic = 0x4F4C7072; // "OLpr"

    /// <summary>The probe send time for <paramref name="time"/>'s current UTC time.</summary>
    public static uint Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return (uint)((time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>Writes the probe into the last <see cref="Length"/> bytes of <paramref name="destination"/>; false if it is shorter.</summary>
    public bool TryWriteAtEnd(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            return false;
        }

        var probe = destination[^Length..];
        BinaryPrimitives.WriteUInt32BigEndian(probe, Magic);
        BinaryPrimitives.WriteUInt32BigEndian(probe[4..], SendTime);
        BinaryPrimitives.WriteUInt32BigEndian(probe[8..], FrameNumber);
        return true;
    }

    /// <summary>Reads a probe from the last <see cref="Length"/> bytes of an RTP payload; false, never an exception, when there is none.</summary>
    public static bool TryReadAtEnd(ReadOnlySpan<byte> payload, out MediaProbe probe)
    {
        probe = default;
        if (payload.Length < Length)
        {
            return false;
        }

        var tail = payload[^Length..];
        if (BinaryPrimitives.ReadUInt32BigEndian(tail) != Magic)
        {
            return false;
        }

        probe = new MediaProbe(BinaryPrimitives.ReadUInt32BigEndian(tail[4..]), BinaryPrimitives.ReadUInt32BigEndian(tail[8..]));
        return true;
    }

    /// <summary>Time since sending, given a receive time from <see cref="Now"/> (modular, so the 32-bit wrap does not matter).</summary>
    public TimeSpan LatencyAt(uint receiveTime) => TimeSpan.FromMicroseconds(unchecked(receiveTime - SendTime));
}
