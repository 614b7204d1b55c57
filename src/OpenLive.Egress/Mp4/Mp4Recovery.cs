using System.Buffers.Binary;

namespace OpenLive.Egress.Mp4;

/// <summary>What <see cref="Mp4Recovery.FindPlayableLength"/> found.</summary>
public enum Mp4RecoveryStatus
{
    /// <summary>Every box is whole and every fragment has its media: nothing to cut.</summary>
    Whole,

    /// <summary>The file ends inside a box or after a 'moof' without its 'mdat': cut at <c>length</c>, the end of the last whole fragment (or the init segment).</summary>
    Truncated,

    /// <summary>Not an ISO BMFF file: no 'ftyp' box first.</summary>
    NotMp4,

    /// <summary>The file ends before the init segment ('ftyp' and 'moov') is whole: nothing playable to keep.</summary>
    InitIncomplete,

    /// <summary>A malformed box header (a size smaller than its header).</summary>
    Malformed,
}

/// <summary>
/// Crash recovery of a fragmented MP4 (<see cref="FragmentedMp4Writer"/>): finds the end of the last whole
/// 'moof'+'mdat' pair, so a file cut mid-fragment by a crash or a full disk can be trimmed to what plays. Walks only
/// the top-level box headers (ISO/IEC 14496-12 §4.2):
/// <code>
/// ftyp | moov | moof mdat | moof mdat | … | moof mda(cut) ← dropped
///  size(32) type(32) [largesize(64) when size = 1]; size 0 = to the end of the file
/// </code>
/// Never throws on the file's bytes: a status says what was found (I/O errors of the stream are the caller's).
/// </summary>
public static class Mp4Recovery
{
    private const uint Ftyp = 0x66747970;
    private const uint Moov = 0x6D6F6F76;
    private const uint Moof = 0x6D6F6F66;
    private const uint Mdat = 0x6D646174;

    /// <summary>Finds the playable length and, when the file ends inside a fragment, cuts it there (<paramref name="file"/> must be writable).</summary>
    public static Mp4RecoveryStatus Recover(Stream file, out long length)
    {
        var status = FindPlayableLength(file, out length);
        if (status == Mp4RecoveryStatus.Truncated)
        {
            file.SetLength(length);
            file.Flush();
        }

        return status;
    }

    /// <summary>Finds the playable length of the fragmented MP4 in <paramref name="file"/> (read from position 0).</summary>
    public static Mp4RecoveryStatus FindPlayableLength(Stream file, out long length)
    {
        ArgumentNullException.ThrowIfNull(file);
        length = 0;
        var total = file.Length;
        Span<byte> head = stackalloc byte[16];
        long position = 0;
        long playable = -1;
        var sawFtyp = false;
        var sawMoov = false;
        var openFragment = false;
        while (position < total)
        {
            var available = (int)Math.Min(head.Length, total - position);
            if (available < 8)
            {
                break;
            }

            file.Position = position;
            var read = file.ReadAtLeast(head[..available], available, throwOnEndOfStream: false);
            if (read < 8)
            {
                break;
            }

            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(head);
            var type = BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
            var headerLength = 8;
            if (size == 1)
            {
                if (read < 16)
                {
                    break;
                }

                var large = BinaryPrimitives.ReadUInt64BigEndian(head[8..]);
                size = large > long.MaxValue ? -1 : (long)large;
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = total - position;
            }

            if (size < headerLength)
            {
                return position == 0 ? Mp4RecoveryStatus.NotMp4 : Mp4RecoveryStatus.Malformed;
            }

            if (position == 0 && type != Ftyp)
            {
                return Mp4RecoveryStatus.NotMp4;
            }

            var end = position + size;
            if (end > total || end < position)
            {
                break; // The file ends inside this box.
            }

            switch (type)
            {
                case Ftyp:
                    sawFtyp = true;
                    break;
                case Moov:
                    sawMoov = true;
                    break;
                case Moof:
                    openFragment = true;
                    break;
                case Mdat:
                    openFragment = false;
                    break;
            }

            position = end;
            if (sawFtyp && sawMoov && !openFragment)
            {
                playable = position;
            }
        }

        if (playable < 0)
        {
            return sawFtyp || position == 0 ? Mp4RecoveryStatus.InitIncomplete : Mp4RecoveryStatus.NotMp4;
        }

        length = playable;
        return playable == total ? Mp4RecoveryStatus.Whole : Mp4RecoveryStatus.Truncated;
    }
}
