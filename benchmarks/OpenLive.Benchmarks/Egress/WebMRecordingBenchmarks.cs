using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Media;
using OpenLive.Egress.WebM;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Benchmarks.Egress;

/// <summary>
/// One second of a camera+microphone recording per operation: 30 VP8 frames (two 1,100-byte RTP packets each, a
/// keyframe at the start of every second, so one cluster a second) and 50 Opus packets (100 bytes), through the
/// reorder window, the depacketizers and the WebM writer into a stream. The baseline copies the same packet bytes
/// into the same stream: what any recorder pays at the least. Frames per CPU-second = 80 / mean; recordings a core
/// can carry = 1 s / mean.
/// </summary>
[MemoryDiagnoser]
public class WebMRecordingBenchmarks : IDisposable
{
    private const int VideoFrames = 30;
    private const int AudioFrames = 50;
    private readonly List<(bool Video, byte[] Packet)> _second = [];
    private RecyclingStream _stream = null!;
    private WebMWriter _writer = null!;
    private RtpDepacketizer _video = null!;
    private RtpDepacketizer _audio = null!;
    private int _seconds;

    [GlobalSetup]
    public void Setup()
    {
        _stream = new RecyclingStream(4 * 1024 * 1024);
        var videoTrack = new EgressTrack(EgressCodec.Vp8, 90_000, 0);
        var audioTrack = new EgressTrack(EgressCodec.Opus, 48_000, 2);
        _writer = new WebMWriter(_stream, [videoTrack, audioTrack]);
        _video = new RtpDepacketizer(videoTrack, _writer.SinkFor(0));
        _audio = new RtpDepacketizer(audioTrack, _writer.SinkFor(1));

        var key = new byte[2200];
        key[0] = 0x10;
        key[3] = 0x9D;
        key[4] = 0x01;
        key[5] = 0x2A;
        BinaryPrimitives.WriteUInt16LittleEndian(key.AsSpan(6), 640);
        BinaryPrimitives.WriteUInt16LittleEndian(key.AsSpan(8), 360);
        var inter = new byte[2200];
        inter[0] = 0x11;
        var audioSent = 0;
        for (var f = 0; f < VideoFrames; f++)
        {
            for (var p = 0; p < 2; p++)
            {
                byte[] payload = [(byte)(p == 0 ? 0x10 : 0x00), .. (f == 0 ? key : inter).AsSpan(p * 1100, 1100)];
                _second.Add((true, Packet(96, p == 1, payload)));
            }

            for (; audioSent < (f + 1) * AudioFrames / VideoFrames; audioSent++)
            {
                _second.Add((false, Packet(111, false, new byte[100])));
            }
        }

        for (var i = 0; i < 20; i++)
        {
            RecordOneSecond();
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _video.Dispose();
        _audio.Dispose();
        _writer.Dispose();
        _stream.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public void CopyPacketsToStream()
    {
        Advance();
        foreach (var (_, packet) in _second)
        {
            _stream.Write(packet);
        }
    }

    [Benchmark]
    public void RecordOneSecond()
    {
        Advance();
        foreach (var (video, packet) in _second)
        {
            (video ? _video : _audio).Push(packet);
        }
    }

    private static byte[] Packet(byte payloadType, bool marker, byte[] payload)
    {
        var buffer = new byte[RtpHeader.FixedLength + payload.Length];
        var writer = new RtpPacketWriter(buffer, payloadType, 0, 0, payloadType, marker);
        writer.TryFinish(payload, 0, out _);
        return buffer;
    }

    // The next second of the same streams: sequence numbers and timestamps move on (both benchmarks pay this).
    private void Advance()
    {
        ushort videoSequence = (ushort)(_seconds * VideoFrames * 2);
        ushort audioSequence = (ushort)(_seconds * AudioFrames);
        int videoIndex = 0, audioIndex = 0;
        foreach (var (video, packet) in _second)
        {
            if (video)
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), videoSequence++);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(((_seconds * VideoFrames) + (videoIndex++ / 2)) * 3000));
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), audioSequence++);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(((_seconds * AudioFrames) + audioIndex++) * 960));
            }
        }

        _seconds++;
    }

    /// <summary>A write-only stream that copies into a fixed ring (the memory cost of a write to the page cache, no growth).</summary>
    private sealed class RecyclingStream(int capacity) : Stream
    {
        private readonly byte[] _ring = new byte[capacity];
        private int _position;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                if (_position == _ring.Length)
                {
                    _position = 0;
                }

                var count = Math.Min(buffer.Length, _ring.Length - _position);
                buffer[..count].CopyTo(_ring.AsSpan(_position));
                _position += count;
                buffer = buffer[count..];
            }
        }
    }
}
