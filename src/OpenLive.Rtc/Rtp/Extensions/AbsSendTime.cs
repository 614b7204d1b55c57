namespace OpenLive.Rtc.Rtp.Extensions;

/// <summary>
/// The abs-send-time header extension (<see cref="RtpExtensionUris.AbsSendTime"/>): the send time as 24-bit
/// unsigned 6.18 fixed-point seconds, wrapping every 64 s, big-endian in 3 data bytes.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  seconds  |       fraction of a second (18)   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static class AbsSendTime
{
    /// <summary>Length of the element data.</summary>
    public const int Length = 3;

    /// <summary>Units per second (2^18).</summary>
    public const int UnitsPerSecond = 1 << 18;

    private const long WrapTicks = 64 * TimeSpan.TicksPerSecond;

    /// <summary>The 24-bit value for a time on any clock; only the time modulo 64 s survives.</summary>
    public static uint FromTime(TimeSpan time)
    {
        // Reducing modulo the 64 s wrap first keeps the shift far from overflow.
        var ticks = ((time.Ticks % WrapTicks) + WrapTicks) % WrapTicks;
        return (uint)((ticks << 18) / TimeSpan.TicksPerSecond) & 0xFFFFFF;
    }

    /// <summary>The time within the 64 s wrap that a 24-bit value stands for.</summary>
    public static TimeSpan ToTime(uint value) =>
        TimeSpan.FromTicks(((long)(value & 0xFFFFFF) * TimeSpan.TicksPerSecond) >> 18);

    /// <summary>Writes the 24-bit value into 3 bytes.</summary>
    public static void Write(Span<byte> destination, uint value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }

    /// <summary>Reads the value from element data; false unless it is exactly 3 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out uint value)
    {
        if (data.Length != Length)
        {
            value = 0;
            return false;
        }

        value = (uint)((data[0] << 16) | (data[1] << 8) | data[2]);
        return true;
    }

    /// <summary>Overwrites the abs-send-time element with local id <paramref name="id"/> in place; false if absent or malformed.</summary>
    public static bool TryRewrite(Span<byte> packet, in RtpHeader header, int id, uint value)
    {
        if (!RtpExtensions.TryGetExtension(packet, header, id, out var offset, out var length) || length != Length)
        {
            return false;
        }

        Write(packet[offset..], value);
        return true;
    }
}
