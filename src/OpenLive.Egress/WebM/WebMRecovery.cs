namespace OpenLive.Egress.WebM;

/// <summary>What <see cref="WebMRecovery.FindPlayableLength"/> found.</summary>
public enum WebMRecoveryStatus
{
    /// <summary>Every element is whole: nothing to cut.</summary>
    Whole,

    /// <summary>The file ends inside an element: cut at <c>length</c>, the end of the last whole cluster (or the header).</summary>
    Truncated,

    /// <summary>Not a WebM file: no EBML header followed by a Segment.</summary>
    NotWebM,

    /// <summary>The file ends inside the header (EBML header, SeekHead, Info, Tracks): nothing playable to keep.</summary>
    HeaderIncomplete,

    /// <summary>A top-level element of unknown size (another muxer's live cluster): the whole-cluster rule cannot be applied.</summary>
    UnknownSizeElement,
}

/// <summary>
/// Crash recovery of a live-written WebM (<see cref="WebMWriter"/>): finds where the last whole element of the Segment
/// ends, so a file cut mid-cluster by a crash or a full disk can be trimmed to what plays. Walks only the element
/// headers (EBML IDs and sizes, RFC 8794 §4–§6) — never the payloads — so a file of any size is read in a few
/// kilobytes per cluster:
/// <code>
/// EBML header | Segment (size unknown while live) ──┬── SeekHead | Info | Tracks
///                                                   ├── Cluster (whole: ID, 8-byte size, Timestamp, SimpleBlocks)
///                                                   ├── Cluster …
///                                                   └── Cluster (cut) ← dropped
/// </code>
/// Never throws on the file's bytes: a status says what was found (I/O errors of the stream are the caller's).
/// </summary>
public static class WebMRecovery
{
    /// <summary>
    /// Finds the playable length and, when the file ends inside an element, cuts it there (<paramref name="file"/> must
    /// be writable and seekable); a Segment size written before the cut (a finished file cut later) is set to what
    /// is kept, so players do not look past the end.
    /// </summary>
    public static WebMRecoveryStatus Recover(Stream file, out long length)
    {
        var status = Find(file, out length, out var segmentSizeAt, out var segmentSizeLength, out var segmentDataStart);
        if (status != WebMRecoveryStatus.Truncated)
        {
            return status;
        }

        file.SetLength(length);
        if (segmentSizeLength > 0)
        {
            Span<byte> size = stackalloc byte[8];
            var value = (ulong)(length - segmentDataStart);
            size = size[..segmentSizeLength];
            for (var i = segmentSizeLength - 1; i >= 0; i--, value >>= 8)
            {
                size[i] = (byte)value;
            }

            size[0] |= (byte)(0x80 >> (segmentSizeLength - 1));
            file.Position = segmentSizeAt;
            file.Write(size);
        }

        file.Flush();
        return status;
    }

    /// <summary>Finds the playable length of the WebM in <paramref name="file"/> (read from position 0).</summary>
    public static WebMRecoveryStatus FindPlayableLength(Stream file, out long length) => Find(file, out length, out _, out _, out _);

    private static WebMRecoveryStatus Find(Stream file, out long length, out long segmentSizeAt, out int segmentSizeLength, out long segmentDataStart)
    {
        ArgumentNullException.ThrowIfNull(file);
        length = 0;
        segmentSizeAt = 0;
        segmentSizeLength = 0;
        segmentDataStart = 0;
        var total = file.Length;
        Span<byte> head = stackalloc byte[12];
        if (!TryReadHeader(file, 0, total, head, out var id, out var size, out var headerLength) || id != EbmlIds.Ebml || size is null)
        {
            return WebMRecoveryStatus.NotWebM;
        }

        var position = headerLength + size.Value;
        if (position > total)
        {
            return WebMRecoveryStatus.HeaderIncomplete;
        }

        if (!TryReadHeader(file, position, total, head, out id, out var segmentSize, out headerLength) || id != EbmlIds.Segment)
        {
            return position + 12 > total ? WebMRecoveryStatus.HeaderIncomplete : WebMRecoveryStatus.NotWebM;
        }

        var segmentEnd = segmentSize is { } known ? Math.Min(total, position + headerLength + known) : total;
        if (segmentSize is not null)
        {
            // A known size can be rewritten in place with the same length (the ID is 4 bytes).
            segmentSizeAt = position + 4;
            segmentSizeLength = headerLength - 4;
        }

        position += headerLength;
        segmentDataStart = position;
        var playable = -1L;
        var sawTracks = false;
        while (position < segmentEnd)
        {
            if (!TryReadHeader(file, position, segmentEnd, head, out id, out size, out headerLength))
            {
                break; // The file ends inside an element's header.
            }

            if (size is null)
            {
                return WebMRecoveryStatus.UnknownSizeElement;
            }

            var end = position + headerLength + size.Value;
            if (end > segmentEnd || end < position)
            {
                break; // The file ends inside this element.
            }

            // Nothing plays without the track list; from it on every whole element (clusters, cues) is kept.
            sawTracks |= id == EbmlIds.Tracks;
            position = end;
            if (sawTracks)
            {
                playable = position;
            }
        }

        if (playable < 0)
        {
            return WebMRecoveryStatus.HeaderIncomplete;
        }

        length = playable;
        return length == total ? WebMRecoveryStatus.Whole : WebMRecoveryStatus.Truncated;
    }

    /// <summary>Reads an element's ID and size at <paramref name="position"/>; size null when "unknown" (all ones). False when they do not fit before <paramref name="limit"/> or are malformed.</summary>
    private static bool TryReadHeader(Stream file, long position, long limit, Span<byte> buffer, out uint id, out long? size, out int headerLength)
    {
        id = 0;
        size = null;
        headerLength = 0;
        var available = (int)Math.Min(buffer.Length, limit - position);
        if (available < 2)
        {
            return false;
        }

        file.Position = position;
        var read = file.ReadAtLeast(buffer[..available], available, throwOnEndOfStream: false);
        var bytes = buffer[..read];
        if (!TryReadVint(bytes, keepMarker: true, maxLength: 4, out var rawId, out var idLength, out _) || !TryReadVint(bytes[idLength..], keepMarker: false, maxLength: 8, out var rawSize, out var sizeLength, out var unknown))
        {
            return false;
        }

        id = (uint)rawId;
        size = unknown || rawSize > long.MaxValue / 2 ? null : (long)rawSize;
        headerLength = idLength + sizeLength;
        return true;
    }

    /// <summary>An EBML variable-length integer (RFC 8794 §4): its length from the leading zeros of the first byte.</summary>
    private static bool TryReadVint(ReadOnlySpan<byte> bytes, bool keepMarker, int maxLength, out ulong value, out int length, out bool allOnes)
    {
        value = 0;
        length = 0;
        allOnes = false;
        if (bytes.IsEmpty || bytes[0] == 0)
        {
            return false;
        }

        length = System.Numerics.BitOperations.LeadingZeroCount((uint)bytes[0]) - 24 + 1;
        if (length > maxLength || length > bytes.Length)
        {
            return false;
        }

        var marker = 0x80 >> (length - 1);
        value = keepMarker ? bytes[0] : (ulong)(bytes[0] & (marker - 1));
        allOnes = (bytes[0] & (marker - 1)) == marker - 1;
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | bytes[i];
            allOnes &= bytes[i] == 0xFF;
        }

        return true;
    }
}
