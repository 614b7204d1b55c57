using System.Buffers.Binary;

namespace OpenLive.Egress.Tests.WebM;

/// <summary>A block as the test reader found it: track, absolute time (ms), keyframe flag, data length.</summary>
internal sealed record TestBlock(int Track, long TimeMs, bool Keyframe, int Length);

/// <summary>What the test reader found in a WebM file.</summary>
internal sealed record TestWebM(long SegmentSize, List<TestBlock> Blocks, List<long> ClusterTimes, int CuePoints, bool HasSeekHead, double? DurationMs, int Clusters);

/// <summary>
/// A minimal EBML walker for assertions on the writer's output (ffprobe is the real reader in the recording tests):
/// descends into Segment, Cluster, Cues and Info, reads SimpleBlocks, cluster timestamps and the Duration.
/// </summary>
internal static class TestEbmlReader
{
    private const uint Segment = 0x18538067;
    private const uint Cluster = 0x1F43B675;
    private const uint Info = 0x1549A966;
    private const uint Cues = 0x1C53BB6B;

    public static TestWebM Read(byte[] file)
    {
        var blocks = new List<TestBlock>();
        var clusters = new List<long>();
        var cuePoints = 0;
        var seekHead = false;
        double? duration = null;
        long segmentSize = -1;
        var position = 0;
        long clusterTime = 0;
        var end = file.Length;
        while (position < end)
        {
            var id = ReadId(file, ref position);
            var size = ReadSize(file, ref position, out var unknown);
            if (id == Segment)
            {
                segmentSize = unknown ? -1 : size;
                continue;
            }

            if (id == Cluster)
            {
                clusters.Add(-1);
                continue;
            }

            if (id is Info or Cues)
            {
                continue;
            }

            var body = file.AsSpan(position, (int)Math.Min(size, file.Length - position));
            switch (id)
            {
                case 0x114D9B74:
                    seekHead = true;
                    break;
                case 0xBB:
                    cuePoints++;
                    break;
                case 0x4489:
                    duration = BinaryPrimitives.ReadDoubleBigEndian(body);
                    break;
                case 0xE7:
                    clusterTime = ReadUInt(body);
                    clusters[^1] = clusterTime;
                    break;
                case 0xA3:
                    var track = body[0] & 0x7F;
                    var relative = BinaryPrimitives.ReadInt16BigEndian(body[1..]);
                    blocks.Add(new TestBlock(track, clusterTime + relative, (body[3] & 0x80) != 0, body.Length - 4));
                    break;
            }

            position += body.Length;
        }

        return new TestWebM(segmentSize, blocks, clusters, cuePoints, seekHead, duration, clusters.Count);
    }

    private static uint ReadId(byte[] file, ref int position)
    {
        var first = file[position];
        var length = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : 4;
        uint id = 0;
        for (var i = 0; i < length; i++)
        {
            id = (id << 8) | file[position++];
        }

        return id;
    }

    private static long ReadSize(byte[] file, ref int position, out bool unknown)
    {
        var first = file[position];
        var length = 1;
        while (length <= 8 && (first & (0x80 >> (length - 1))) == 0)
        {
            length++;
        }

        long value = first & (0xFF >> length);
        var allOnes = value == (0xFF >> length);
        for (var i = 1; i < length; i++)
        {
            var b = file[position + i];
            allOnes &= b == 0xFF;
            value = (value << 8) | b;
        }

        position += length;
        unknown = allOnes;
        return value;
    }

    private static long ReadUInt(ReadOnlySpan<byte> body)
    {
        long value = 0;
        foreach (var b in body)
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
