using BenchmarkDotNet.Attributes;
using OpenLive.Egress.Media;
using OpenLive.Egress.Mp4;

namespace OpenLive.Benchmarks.Egress;

/// <summary>
/// The fragmented MP4 writer recording one camera + microphone: one operation is one second of media, 30 H.264 access
/// units (~1 Mbit/s: a 30 KB keyframe with AUD, SPS, PPS every 2 s, 4 KB delta pictures) and 50 Opus packets of 160
/// bytes, interleaved in capture order, into a stream that copies what it is given into memory (<see cref="MemorySink"/>:
/// the disk is not measured, the copy a write costs is). The baseline writes the same frames' bytes to the same kind of
/// stream, frame by frame: what any recorder must do at least. Frames per CPU-second = 80 / time
/// per operation (one thread, so wall time is CPU time).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FragmentedMp4WriterBenchmarks : IDisposable
{
    private const int FramesPerSecond = 30;
    private const int PacketsPerSecond = 50;
    private const int Gop = 60;

    private static readonly byte[] Sps = Convert.FromHexString("6742C01EDA0280BFE5FFC000C00104000003000400000300F03C58BA80");
    private static readonly byte[] Pps = Convert.FromHexString("68CE0FC8");

    private readonly ReadOnlyMemory<byte>[] pictures = new ReadOnlyMemory<byte>[Gop];
    private readonly ReadOnlyMemory<byte> packet = Payload(160, 0x78);
    private readonly MemorySink sink = new();
    private FragmentedMp4Writer writer = null!;
    private long second;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Gop; i++)
        {
            pictures[i] = i == 0 ? Keyframe() : AccessUnit(0x41, Payload(4000, 0x9A));
        }

        writer = new FragmentedMp4Writer(sink, new EgressTrack(EgressCodec.H264, 90_000, 0), new EgressTrack(EgressCodec.Opus, 48_000, 2));
        for (var i = 0; i < 10; i++)
        {
            WriteOneSecond(); // grows the writer's buffers to a fragment's size
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        writer.Dispose();
        sink.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The same bytes copied to the same stream, frame by frame.</summary>
    [Benchmark(Baseline = true)]
    public void CopyOneSecond()
    {
        int v = 0, a = 0;
        while (v < FramesPerSecond || a < PacketsPerSecond)
        {
            if (v < FramesPerSecond && (a >= PacketsPerSecond || v * PacketsPerSecond <= a * FramesPerSecond))
            {
                sink.Write(pictures[(int)((second * FramesPerSecond + v) % Gop)].Span);
                v++;
            }
            else
            {
                sink.Write(packet.Span);
                a++;
            }
        }

        second++;
    }

    /// <summary>One second of camera and microphone through the writer.</summary>
    [Benchmark]
    public void WriteOneSecond()
    {
        int v = 0, a = 0;
        while (v < FramesPerSecond || a < PacketsPerSecond)
        {
            if (v < FramesPerSecond && (a >= PacketsPerSecond || v * PacketsPerSecond <= a * FramesPerSecond))
            {
                var index = (second * FramesPerSecond) + v;
                writer.WriteVideo(new MediaFrame(pictures[(int)(index % Gop)], 1_000_000 + (index * 3000), index % Gop == 0));
                v++;
            }
            else
            {
                var index = (second * PacketsPerSecond) + a;
                writer.WriteAudio(new MediaFrame(packet, 2_000_000 + (index * 960), true));
                a++;
            }
        }

        second++;
    }

    private static byte[] Keyframe()
    {
        var slice = AccessUnit(0x65, Payload(30_000, 0x88));
        return [.. "\0\0\0\u0001"u8, 0x09, 0x10, .. "\0\0\0\u0001"u8, .. Sps, .. "\0\0\0\u0001"u8, .. Pps, .. slice[6..]];
    }

    /// <summary>An access unit: AUD, then one slice NAL of <paramref name="nalHeader"/>.</summary>
    private static byte[] AccessUnit(byte nalHeader, ReadOnlySpan<byte> body) =>
        [0, 0, 0, 1, 0x09, 0x30, 0, 0, 0, 1, nalHeader, .. body];

    /// <summary>Coded bytes: never 00 00 0x, as in a real escaped bitstream.</summary>
    private static byte[] Payload(int length, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] == 0 ? (byte)1 : bytes[i];
        }

        return bytes;
    }

    /// <summary>A write-only stream that copies into a fixed 8 MiB ring (a page cache that never fills): no allocation.</summary>
    private sealed class MemorySink : Stream
    {
        private readonly byte[] ring = new byte[8 * 1024 * 1024];
        private int at;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                var room = Math.Min(buffer.Length, ring.Length - at);
                buffer[..room].CopyTo(ring.AsSpan(at));
                at = (at + room) % ring.Length;
                buffer = buffer[room..];
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
