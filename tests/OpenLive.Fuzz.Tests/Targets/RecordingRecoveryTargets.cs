using System.Buffers.Binary;
using OpenLive.Egress.Mp4;
using OpenLive.Egress.WebM;
using OpenLive.Fuzz.Tests.Engine;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// Crash recovery of a WebM recording (<see cref="WebMRecovery.FindPlayableLength"/>): the element walk over a file a
/// crash or a full disk cut anywhere. Seeds are WebM layouts as the recorder writes them: the EBML header, a Segment of
/// unknown size, SeekHead/Info/Tracks, whole clusters, and one cut mid-cluster.
/// </summary>
internal sealed class WebMRecoveryTarget : FuzzTarget<MemoryStream>
{
    public override string Name => "WebM recovery";

    protected override IReadOnlyList<byte[]> Seeds { get; } = RecoverySeeds.WebM();

    protected override long AllocationBound(int inputLength) => 0;

    protected override MemoryStream Prepare(byte[] bytes) => new(bytes, writable: false);

    protected override void Parse(MemoryStream input)
    {
        var status = WebMRecovery.FindPlayableLength(input, out var length);
        if (length < 0 || length > input.Length || (status is WebMRecoveryStatus.Whole && length != input.Length)
            || (status is WebMRecoveryStatus.Truncated && length >= input.Length))
        {
            throw new InvalidOperationException($"{status} with a playable length of {length} of {input.Length} bytes");
        }
    }
}

/// <summary>
/// Crash recovery of a fragmented MP4 recording (<see cref="Mp4Recovery.FindPlayableLength"/>): the top-level box walk
/// over a file cut anywhere. Seeds: ftyp, moov, moof+mdat pairs, a 64-bit box size, and a cut fragment.
/// </summary>
internal sealed class Mp4RecoveryTarget : FuzzTarget<MemoryStream>
{
    public override string Name => "MP4 recovery";

    protected override IReadOnlyList<byte[]> Seeds { get; } = RecoverySeeds.Mp4();

    protected override long AllocationBound(int inputLength) => 0;

    protected override MemoryStream Prepare(byte[] bytes) => new(bytes, writable: false);

    protected override void Parse(MemoryStream input)
    {
        var status = Mp4Recovery.FindPlayableLength(input, out var length);
        if (length < 0 || length > input.Length || (status is Mp4RecoveryStatus.Whole && length != input.Length)
            || (status is Mp4RecoveryStatus.Truncated && length >= input.Length))
        {
            throw new InvalidOperationException($"{status} with a playable length of {length} of {input.Length} bytes");
        }
    }
}

/// <summary>Recording layouts as the writers lay them out, payloads shortened (the walkers read headers only).</summary>
internal static class RecoverySeeds
{
    public static IReadOnlyList<byte[]> WebM()
    {
        byte[] header = [.. Element(0x1A45DFA3, Element(0x4282, "webm"u8.ToArray()))];
        byte[] segmentStart = [0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        byte[] top = [.. Element(0x114D9B74, new byte[20]), .. Element(0x1549A966, new byte[16]), .. Element(0x1654AE6B, Element(0xAE, new byte[24]))];
        byte[] cluster = [.. ClusterWithEightByteSize(Element(0xE7, [0x00]), Element(0xA3, new byte[40]))];
        byte[] whole = [.. header, .. segmentStart, .. top, .. cluster, .. cluster];
        return [whole, whole[..^17], [.. header, .. segmentStart, .. top], whole[..(header.Length + 20)]];
    }

    public static IReadOnlyList<byte[]> Mp4()
    {
        byte[] init = [.. Box("ftyp", new byte[16]), .. Box("moov", Box("mvhd", new byte[100]))];
        byte[] fragment = [.. Box("moof", Box("mfhd", new byte[8])), .. Box("mdat", new byte[64])];
        byte[] large = [0, 0, 0, 1, .. "mdat"u8, 0, 0, 0, 0, 0, 0, 0, 24, .. new byte[8]];
        byte[] whole = [.. init, .. fragment, .. fragment];
        return [whole, whole[..^20], [.. init, .. Box("moof", new byte[8]), .. large], init[..30]];
    }

    private static byte[] Element(uint id, byte[] payload)
    {
        var idBytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(idBytes, id);
        var idLength = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
        return [.. idBytes[(4 - idLength)..], 0x01, 0, 0, 0, 0, 0, 0, (byte)payload.Length, .. payload];
    }

    private static byte[] ClusterWithEightByteSize(params byte[][] children)
    {
        byte[] body = [.. children.SelectMany(c => c)];
        return [0x1F, 0x43, 0xB6, 0x75, 0x01, 0, 0, 0, 0, 0, 0, (byte)body.Length, .. body];
    }

    private static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        payload.CopyTo(box, 8);
        return box;
    }
}
