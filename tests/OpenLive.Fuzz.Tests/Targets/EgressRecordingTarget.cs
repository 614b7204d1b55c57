using System.Buffers.Binary;
using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Media;
using OpenLive.Egress.WebM;
using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// The egress recording path (issue 14) as a hostile publisher drives it: RTP packets of one track (the input's first
/// byte picks the codec, then packets each behind a 2-byte length) through the reorder window and the codec's
/// depacketizer (VP8, VP9, AV1, H.264, Opus) into the WebM writer (for all but H.264), whose keyframe readers (VP8
/// frame header, VP9 uncompressed header, AV1 sequence header) see whatever frames come out. Seeds are well-formed
/// streams of each codec.
/// </summary>
internal sealed class EgressRecordingTarget : FuzzTarget<byte[]>
{
    private static readonly EgressCodec[] Codecs = Enum.GetValues<EgressCodec>();

    public override string Name => "Egress RTP → WebM";

    protected override IReadOnlyList<byte[]> Seeds { get; } = BuildSeeds();

    protected override int MaxRandomLength => 6000;

    // Per input: a depacketizer and a writer (their pooled buffers come from the shared pool after the first input),
    // their small arrays and queues, the header and codec private of a file that starts. Nothing grows with the input
    // but frame copies that the pool has not seen yet.
    protected override long AllocationBound(int inputLength) => 256 * 1024;

    protected override byte[] Prepare(byte[] bytes) => bytes;

    protected override void Parse(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var codec = Codecs[input[0] % Codecs.Length];
        var track = new EgressTrack(codec, codec == EgressCodec.Opus ? 48_000 : 90_000, codec == EgressCodec.Opus ? 2 : 0);
        using var writer = codec == EgressCodec.H264 ? null : new WebMWriter(System.IO.Stream.Null, [track]);
        var sink = writer is null ? (IMediaFrameSink)new DiscardingSink() : writer.SinkFor(0);
        using var depacketizer = new RtpDepacketizer(track, sink, null, new RtpDepacketizerOptions { ReorderWindowPackets = 16, MaxFrameBytes = 64 * 1024 });
        var position = 1;
        while (position + 2 <= input.Length)
        {
            var length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(position)), input.Length - position - 2);
            _ = depacketizer.Push(input.AsSpan(position + 2, length));
            position += 2 + length;
        }

        depacketizer.Flush();
        _ = depacketizer.Counters;
        writer?.Finish();
    }

    private static List<byte[]> BuildSeeds()
    {
        byte[][] vp8Key = [[0x10, 0x10, 0x00, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00, 0xAA], [0x00, 0xBB, 0xCC]];
        byte[][] vp9Key = [[0x8C, 0x01, 0x82, 0x49, 0x83, 0x42, 0x00, 0x13, 0xF0, 0x0E, 0xF0]];
        byte[][] av1 = [[0x18, 0x0B, 0x0A, 0x0B, 0x00, 0x00, 0x00, 0x24, 0xCE, 0x3F, 0x8F, 0xBF, 0x00, 0x32, 0x00, 0x11], [0x80, 0x01, 0x02]];
        byte[][] h264 = [[0x18, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xCE, 0x00, 0x02, 0x65, 0x88], [0x7C, 0x85, 0x88, 0x84], [0x7C, 0x45, 0x00]];
        byte[][] opus = [[0xFC, 0xFF, 0xFE], [0xFC, 0x01]];
        return
        [
            Packets(EgressCodec.Vp8, vp8Key),
            Packets(EgressCodec.Vp9, vp9Key),
            Packets(EgressCodec.Av1, av1),
            Packets(EgressCodec.H264, h264),
            Packets(EgressCodec.Opus, opus),
        ];
    }

    /// <summary>The payloads as RTP packets of consecutive frames (two each), marker on each frame's last.</summary>
    private static byte[] Packets(EgressCodec codec, byte[][] payloads)
    {
        var output = new List<byte> { (byte)Array.IndexOf(Codecs, codec) };
        ushort sequence = 65_530;
        for (var frame = 0; frame < 4; frame++)
        {
            for (var p = 0; p < payloads.Length; p++)
            {
                var buffer = new byte[RtpHeader.FixedLength + payloads[p].Length];
                var writer = new RtpPacketWriter(buffer, 96, sequence++, (uint)(frame * 3000), 0xCAFE, p == payloads.Length - 1);
                writer.TryFinish(payloads[p], 0, out var length);
                output.Add((byte)(length >> 8));
                output.Add((byte)length);
                output.AddRange(buffer.AsSpan(0, length));
            }
        }

        return [.. output];
    }

    private sealed class DiscardingSink : IMediaFrameSink
    {
        public void OnFrame(in MediaFrame frame)
        {
        }
    }
}
