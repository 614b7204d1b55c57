namespace OpenLive.Rtc.Rtp;

/// <summary>Lookup and in-place rewriting of RFC 8285 header extension elements by their negotiated local id.</summary>
public static class RtpExtensions
{
    /// <summary>The elements of the packet's header extension, for foreach.</summary>
    public static RtpExtensionEnumerator Enumerate(ReadOnlySpan<byte> packet, in RtpHeader header) => new(packet, header);

    /// <summary>Finds the first element with local id <paramref name="id"/>; false if absent, if id is 0, or if the block is not RFC 8285.</summary>
    public static bool TryGetExtension(ReadOnlySpan<byte> packet, in RtpHeader header, int id, out int offset, out int length)
    {
        if (id > 0)
        {
            foreach (var element in new RtpExtensionEnumerator(packet, header))
            {
                if (element.Id == id)
                {
                    offset = element.Offset;
                    length = element.Length;
                    return true;
                }
            }
        }

        offset = 0;
        length = 0;
        return false;
    }

    /// <summary>The data of the first element with local id <paramref name="id"/>, as a slice of the packet.</summary>
    public static bool TryGetValue(ReadOnlySpan<byte> packet, in RtpHeader header, int id, out ReadOnlySpan<byte> value)
    {
        if (TryGetExtension(packet, header, id, out var offset, out var length))
        {
            value = packet.Slice(offset, length);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Overwrites the data of the element with local id <paramref name="id"/> in place; false (packet untouched)
    /// if it is absent or its length differs from <paramref name="value"/>'s.
    /// </summary>
    public static bool TryOverwrite(Span<byte> packet, in RtpHeader header, int id, ReadOnlySpan<byte> value)
    {
        if (!TryGetExtension(packet, header, id, out var offset, out var length) || length != value.Length)
        {
            return false;
        }

        value.CopyTo(packet.Slice(offset, length));
        return true;
    }
}
