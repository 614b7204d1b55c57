using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLive.Egress.Recording;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Benchmarks.Egress;

/// <summary>
/// N concurrent camera+microphone recordings on one node's recording worker, one second of media per operation: for
/// each recording the SFU side's tap events (30 VP8 frames of two 1,100-byte packets with a keyframe a second, 50 Opus
/// packets of 100 bytes) go into its rings, then one worker pass drains every ring, depacketizes and writes each WebM
/// (into a stream that copies like a page-cache write). The baseline, in the same run, does the same hand-off into
/// the same rings and drains them into nothing: the cost of getting packets off the media thread at all. One thread:
/// wall time is CPU time, so CPU per recorded track = mean / (2 N) per second of media.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ConcurrentRecordingBenchmarks : IDisposable
{
    private const int VideoFrames = 30;
    private const int AudioFrames = 50;
    private readonly List<(bool Video, byte[] Packet)> _second = [];
    private readonly RecordingOptions _options = new() { TrackWait = TimeSpan.Zero };
    private readonly Discard _discard = new();
    private RecordingWorker _worker = null!;
    private (RecordingTrackFeed Video, RecordingTrackFeed Audio)[] _recorded = [];
    private (RecordingTrackFeed Video, RecordingTrackFeed Audio)[] _handedOff = [];
    private MemberRecording[] _recordings = [];
    private CountingOutputs _outputs = null!;
    private int _seconds;
    private int _recordedSeconds;

    /// <summary>Concurrent recordings.</summary>
    [Params(100)]
    public int Recordings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BuildSecond();
        _outputs = new CountingOutputs();
        _worker = new RecordingWorker(_options, TimeProvider.System, NullLogger<RecordingWorker>.Instance);
        _recorded = new (RecordingTrackFeed, RecordingTrackFeed)[Recordings];
        _handedOff = new (RecordingTrackFeed, RecordingTrackFeed)[Recordings];
        _recordings = new MemberRecording[Recordings];
        for (var i = 0; i < Recordings; i++)
        {
            _recorded[i] = (NewFeed(true), NewFeed(false));
            _handedOff[i] = (NewFeed(true), NewFeed(false));
            _recorded[i].Video.OnTrackAttached("VP8", 90_000, 0, null);
            _recorded[i].Audio.OnTrackAttached("opus", 48_000, 2, null);
            _recordings[i] = new MemberRecording(
                [new RecordedTrackInput(_recorded[i].Video, RecordedTrackKind.Video, null), new RecordedTrackInput(_recorded[i].Audio, RecordedTrackKind.Audio, null)],
                _outputs, _options, TimeProvider.System);
            _worker.Add(_recordings[i]);
        }

        for (var i = 0; i < 5; i++)
        {
            RecordOneSecond();
            HandOffOneSecond();
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        // The figures only count when nothing was lost: every packet handed off, every frame written.
        var dropped = _recorded.Sum(r => r.Video.DroppedPackets + r.Audio.DroppedPackets) + _handedOff.Sum(r => r.Video.DroppedPackets + r.Audio.DroppedPackets);
        foreach (var recording in _recordings)
        {
            recording.Stop("benchmark over");
        }

        _worker.PumpAll();
        var frames = _recordings.Select(r => r.Completion.Result.FramesPerTrack.Sum()).ToArray();
        Console.WriteLine($"// recordings: {Recordings}, seconds recorded: {_recordedSeconds}, packets dropped: {dropped}, "
            + $"frames written per recording: {frames.Min()}–{frames.Max()} (sent {(VideoFrames + AudioFrames) * _recordedSeconds}), bytes written: {_outputs.Bytes}");
        _worker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public void HandOffOneSecond()
    {
        Advance();
        foreach (var (video, audio) in _handedOff)
        {
            foreach (var (isVideo, packet) in _second)
            {
                (isVideo ? video : audio).OnRtp(packet);
            }

            video.Ring.Drain(_discard);
            audio.Ring.Drain(_discard);
        }
    }

    [Benchmark]
    public void RecordOneSecond()
    {
        Advance();
        _recordedSeconds++;
        foreach (var (video, audio) in _recorded)
        {
            foreach (var (isVideo, packet) in _second)
            {
                (isVideo ? video : audio).OnRtp(packet);
            }
        }

        _worker.PumpAll();
    }

    private RecordingTrackFeed NewFeed(bool video) => new(video ? _options.VideoRingSlots : _options.AudioRingSlots, _options.MaxPacketBytes, TimeProvider.System);

    private void BuildSecond()
    {
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
    }

    private static byte[] Packet(byte payloadType, bool marker, byte[] payload)
    {
        var buffer = new byte[RtpHeader.FixedLength + payload.Length];
        var writer = new RtpPacketWriter(buffer, payloadType, 0, 0, payloadType, marker);
        writer.TryFinish(payload, 0, out _);
        return buffer;
    }

    // The next second of the same streams (both benchmarks pay this once per operation).
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

    private sealed class Discard : IPacketConsumer
    {
        public void OnPacket(ReadOnlySpan<byte> packet)
        {
        }
    }

    /// <summary>Each recording's file: a stream that copies into a fixed ring (a page-cache write without the disk) and counts bytes.</summary>
    private sealed class CountingOutputs : IRecordingOutputs
    {
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public Stream Create(RecordingContainer container) => new CountingStream(this);

        public void Closed(RecordingContainer container, bool failed)
        {
        }

        private sealed class CountingStream(CountingOutputs owner) : Stream
        {
            private readonly byte[] _ring = new byte[256 * 1024];
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
                Interlocked.Add(ref owner._bytes, buffer.Length);
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
}
