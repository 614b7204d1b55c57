using System.Buffers.Binary;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>
/// Splits a finished WebM or fragmented MP4 file the way a live writer emits it: one header (what a new reader needs
/// first), then whole clusters/fragments. Just enough EBML (RFC 8794) and ISO BMFF (ISO/IEC 14496-12) for ffmpeg's
/// own output; a test helper, not a parser of network bytes.
/// </summary>
internal static class ContainerSplitter
{
    private const uint EbmlHeaderId = 0x1A45DFA3;
    private const uint SegmentId = 0x18538067;
    private const uint InfoId = 0x1549A966;
    private const uint TracksId = 0x1654AE6B;
    private const uint ClusterId = 0x1F43B675;
    private const uint SimpleBlockId = 0xA3;
    private const uint BlockGroupId = 0xA0;
    private const uint BlockId = 0xA1;
    private const uint ReferenceBlockId = 0xFB;
    private const ulong VideoTrackNumber = 1; // ffmpeg writes the first mapped stream (video) as track 1

    /// <summary>
    /// WebM: the EBML header, a Segment of unknown size (as a live writer writes it), Info and Tracks; then each
    /// Cluster, marked when its first video block is a keyframe. SeekHead, Cues and Tags (file-only) are left out.
    /// </summary>
    public static (byte[] Header, List<(byte[] Bytes, bool Keyframe)> Chunks) SplitWebM(byte[] file)
    {
        using var header = new MemoryStream();
        var chunks = new List<(byte[], bool)>();
        var position = 0;
        var (id, size, dataStart) = ReadElement(file, position);
        if (id != EbmlHeaderId)
        {
            throw new InvalidDataException("not an EBML file");
        }

        header.Write(file, position, dataStart + (int)size - position);
        position = dataStart + (int)size;
        (id, _, dataStart) = ReadElement(file, position);
        if (id != SegmentId)
        {
            throw new InvalidDataException("no Segment after the EBML header");
        }

        header.Write([0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        position = dataStart;
        while (position < file.Length)
        {
            (id, size, dataStart) = ReadElement(file, position);
            var end = dataStart + (int)size;
            if (id is InfoId or TracksId)
            {
                header.Write(file, position, end - position);
            }
            else if (id == ClusterId)
            {
                chunks.Add((file[position..end], ClusterStartsWithVideoKeyframe(file, dataStart, end)));
            }

            position = end;
        }

        return (header.ToArray(), chunks);
    }

    /// <summary>Fragmented MP4: ftyp + moov, then each moof with its mdat (ffmpeg's frag_keyframe starts each at a keyframe).</summary>
    public static (byte[] Header, List<(byte[] Bytes, bool Keyframe)> Chunks) SplitFragmentedMp4(byte[] file)
    {
        using var header = new MemoryStream();
        var chunks = new List<(byte[], bool)>();
        var position = 0;
        var fragmentStart = -1;
        while (position + 8 <= file.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(position));
            var type = System.Text.Encoding.ASCII.GetString(file, position + 4, 4);
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan(position + 8));
            }
            else if (size == 0)
            {
                size = file.Length - position;
            }

            var end = position + (int)size;
            switch (type)
            {
                case "ftyp" or "moov":
                    header.Write(file, position, end - position);
                    break;
                case "moof":
                    fragmentStart = position;
                    break;
                case "mdat" when fragmentStart >= 0:
                    chunks.Add((file[fragmentStart..end], true));
                    fragmentStart = -1;
                    break;
            }

            position = end;
        }

        return (header.ToArray(), chunks);
    }

    private static bool ClusterStartsWithVideoKeyframe(byte[] file, int position, int end)
    {
        while (position < end)
        {
            var (id, size, dataStart) = ReadElement(file, position);
            var elementEnd = dataStart + (int)size;
            if (id == SimpleBlockId && BlockTrack(file, dataStart, out var flagsAt) == VideoTrackNumber)
            {
                return (file[flagsAt] & 0x80) != 0;
            }

            if (id == BlockGroupId)
            {
                var isVideo = false;
                var referenced = false;
                for (var child = dataStart; child < elementEnd;)
                {
                    var (childId, childSize, childData) = ReadElement(file, child);
                    isVideo |= childId == BlockId && BlockTrack(file, childData, out _) == VideoTrackNumber;
                    referenced |= childId == ReferenceBlockId;
                    child = childData + (int)childSize;
                }

                if (isVideo)
                {
                    return !referenced;
                }
            }

            position = elementEnd;
        }

        return false;
    }

    private static ulong BlockTrack(byte[] file, int position, out int flagsAt)
    {
        var (track, length) = ReadVint(file, position, keepMarker: false);
        flagsAt = position + length + 2;
        return track;
    }

    private static (uint Id, ulong Size, int DataStart) ReadElement(byte[] file, int position)
    {
        var (id, idLength) = ReadVint(file, position, keepMarker: true);
        var (size, sizeLength) = ReadVint(file, position + idLength, keepMarker: false);
        var dataStart = position + idLength + sizeLength;
        var unknown = size == (1UL << (7 * sizeLength)) - 1;
        return ((uint)id, unknown ? (ulong)(file.Length - dataStart) : size, dataStart);
    }

    private static (ulong Value, int Length) ReadVint(byte[] file, int position, bool keepMarker)
    {
        var first = file[position];
        var length = System.Numerics.BitOperations.LeadingZeroCount((uint)first) - 23;
        ulong value = keepMarker ? first : (ulong)(first & (0xFF >> length));
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | file[position + i];
        }

        return (value, length);
    }
}
