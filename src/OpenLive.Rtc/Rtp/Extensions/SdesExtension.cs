namespace OpenLive.Rtc.Rtp.Extensions;

/// <summary>
/// SDES items carried in header extensions (RFC 7941): the mid (RFC 8843), rid and repaired rid (RFC 8852).
/// The data is the ASCII text itself, no terminator; a NUL byte ends the text early, as some senders pad with it.
/// Values are compared as bytes against the identifiers a session knows, so nothing becomes a string per packet.
/// </summary>
/// <remarks>
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ID   | len-1 | 'h'           | 'i' ...       |   one-byte form: 1–16 characters
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static class SdesExtension
{
    /// <summary>The identifier text of element data, cut at the first NUL; false if that leaves nothing.</summary>
    public static bool TryReadValue(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> value)
    {
        var end = data.IndexOf((byte)0);
        value = end < 0 ? data : data[..end];
        return !value.IsEmpty;
    }

    /// <summary>The identifier text of the packet's element with local id <paramref name="id"/>, as a slice of the packet.</summary>
    public static bool TryGetValue(ReadOnlySpan<byte> packet, in RtpHeader header, int id, out ReadOnlySpan<byte> value)
    {
        if (RtpExtensions.TryGetValue(packet, header, id, out var data))
        {
            return TryReadValue(data, out value);
        }

        value = default;
        return false;
    }

    /// <summary>Whether the packet's element with local id <paramref name="id"/> carries exactly <paramref name="expected"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> packet, in RtpHeader header, int id, ReadOnlySpan<byte> expected) =>
        TryGetValue(packet, header, id, out var value) && value.SequenceEqual(expected);
}
