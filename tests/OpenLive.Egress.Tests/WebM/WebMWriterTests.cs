using Microsoft.Extensions.Time.Testing;
using OpenLive.Egress.Media;
using OpenLive.Egress.WebM;

namespace OpenLive.Egress.Tests.WebM;

public sealed class WebMWriterTests
{
    private const long VideoStart = (1L << 32) + 1000;
    private const long AudioStart = (1L << 32) + 5000;
    private static readonly EgressTrack Vp8 = new(EgressCodec.Vp8, 90_000, 0);
    private static readonly EgressTrack Opus = new(EgressCodec.Opus, 48_000, 2);
    private static readonly DateTimeOffset Wall = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ClockMappings_PlaceTracksOnTheCommonClock()
    {
        using var output = new MemoryStream();
        using (var writer = new WebMWriter(output, [Vp8, Opus], time: new FakeTimeProvider(Wall)))
        {
            // The sender reports say the audio's first frame was captured 250 ms after the video's.
            writer.SetClockMapping(0, new TrackClockMapping(1000, Wall));
            writer.SetClockMapping(1, new TrackClockMapping(5000, Wall.AddMilliseconds(250)));
            Feed(writer, seconds: 2, audioFirstFrameOffset: 0);
            Assert.True(writer.Finish());
        }

        var file = TestEbmlReader.Read(output.ToArray());
        Assert.Equal(0, file.Blocks.First(b => b.Track == 1).TimeMs);
        Assert.Equal(250, file.Blocks.First(b => b.Track == 2).TimeMs);
    }

    [Fact]
    public void WithoutMappings_ArrivalTimesPutTheTracksOnOneClock_AndAudioBeforeTheFirstKeyframeIsDropped()
    {
        var time = new FakeTimeProvider(Wall);
        using var output = new MemoryStream();
        using (var writer = new WebMWriter(output, [Vp8, Opus], time: time))
        {
            // Audio arrives 100 ms before the first video keyframe: the file starts at the keyframe.
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(WebMWriteStatus.Accepted, writer.WriteFrame(1, TestFrames.Audio(AudioStart + (i * 960))));
                time.Advance(TimeSpan.FromMilliseconds(20));
            }

            Assert.Equal(WebMWriteStatus.Dropped, writer.WriteFrame(0, TestFrames.Video(VideoStart - 3000, key: false)));
            Assert.Equal(WebMWriteStatus.Accepted, writer.WriteFrame(0, TestFrames.Video(VideoStart, key: true)));
            for (var i = 5; i < 50; i++)
            {
                writer.WriteFrame(1, TestFrames.Audio(AudioStart + (i * 960)));
                if (i % 3 == 0)
                {
                    writer.WriteFrame(0, TestFrames.Video(VideoStart + (i / 3 * 3000), key: false));
                }
            }

            Assert.True(writer.Finish());
        }

        var file = TestEbmlReader.Read(output.ToArray());
        Assert.True(file.Blocks[0] is { Track: 1, TimeMs: 0, Keyframe: true }, file.Blocks[0].ToString());
        Assert.Equal(0, file.Blocks.First(b => b.Track == 2).TimeMs);
        Assert.Equal(45, file.Blocks.Count(b => b.Track == 2));
    }

    [Fact]
    public void Blocks_AreInterleavedInTimeOrder_AndClustersStartAtVideoKeyframes()
    {
        using var output = new MemoryStream();
        using (var writer = new WebMWriter(output, [Vp8, Opus], time: new FakeTimeProvider(Wall)))
        {
            writer.SetClockMapping(0, new TrackClockMapping(1000, Wall));
            writer.SetClockMapping(1, new TrackClockMapping(5000, Wall));

            // Audio arrives 200 ms behind the video (within the interleaving wait).
            Feed(writer, seconds: 4, audioFirstFrameOffset: 10);
            Assert.True(writer.Finish());
        }

        var file = TestEbmlReader.Read(output.ToArray());
        for (var i = 1; i < file.Blocks.Count; i++)
        {
            Assert.True(file.Blocks[i].TimeMs >= file.Blocks[i - 1].TimeMs, $"block {i} at {file.Blocks[i].TimeMs} ms after one at {file.Blocks[i - 1].TimeMs} ms");
        }

        // Keyframes every second: 4 clusters, each opened by a video keyframe, and one cue point each.
        Assert.Equal([0, 1000, 2000, 3000], file.ClusterTimes);
        Assert.Equal(4, file.CuePoints);
        foreach (var clusterTime in file.ClusterTimes)
        {
            Assert.Contains(file.Blocks, b => b is { Track: 1, Keyframe: true } && b.TimeMs == clusterTime);
        }
    }

    [Fact]
    public void SeekableOutput_IsFinishedWithSeekHeadCuesDurationAndSegmentSize()
    {
        using var output = new MemoryStream();
        using (var writer = new WebMWriter(output, [Vp8, Opus], time: new FakeTimeProvider(Wall)))
        {
            Feed(writer, seconds: 3, audioFirstFrameOffset: 0);
            Assert.True(writer.Finish());
        }

        var bytes = output.ToArray();
        var file = TestEbmlReader.Read(bytes);
        Assert.True(file.HasSeekHead);
        Assert.Equal(3, file.CuePoints);
        Assert.NotNull(file.DurationMs);
        Assert.InRange(file.DurationMs!.Value, 2950, 3050);
        var segmentDataStart = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x18, 0x53, 0x80, 0x67]) + 4 + 8;
        Assert.Equal(bytes.Length - segmentDataStart, file.SegmentSize);
    }

    [Fact]
    public void NonSeekableOutput_IsALiveFile_UnknownSegmentSizeAndNoIndex()
    {
        using var inner = new MemoryStream();
        using (var output = new NonSeekableStream(inner))
        using (var writer = new WebMWriter(output, [Vp8, Opus], time: new FakeTimeProvider(Wall)))
        {
            Feed(writer, seconds: 3, audioFirstFrameOffset: 0);
            Assert.True(writer.Finish());
        }

        var file = TestEbmlReader.Read(inner.ToArray());
        Assert.Equal(-1, file.SegmentSize);
        Assert.False(file.HasSeekHead);
        Assert.Equal(0, file.CuePoints);
        Assert.Null(file.DurationMs);
        Assert.Equal(3, file.Clusters);
    }

    [Fact]
    public void EachCluster_IsOnTheStreamWhenTheNextStarts()
    {
        using var output = new MemoryStream();
        using var writer = new WebMWriter(output, [Vp8], time: new FakeTimeProvider(Wall));
        for (var i = 0; i < 30; i++)
        {
            writer.WriteFrame(0, TestFrames.Video(VideoStart + (i * 3000), key: i == 0));
        }

        var beforeKeyframe = output.Length;
        writer.WriteFrame(0, TestFrames.Video(VideoStart + (30 * 3000), key: true));
        writer.WriteFrame(0, TestFrames.Video(VideoStart + (31 * 3000), key: false));
        var file = TestEbmlReader.Read(output.ToArray());
        Assert.True(output.Length > beforeKeyframe);
        Assert.Single(file.ClusterTimes);
        Assert.Equal(30, file.Blocks.Count);
    }

    [Fact]
    public void WithoutKeyframes_AClusterIsClosedEveryMaxClusterDuration()
    {
        using var output = new MemoryStream();
        using (var writer = new WebMWriter(output, [Vp8], time: new FakeTimeProvider(Wall)))
        {
            for (var i = 0; i < 12 * 30; i++)
            {
                writer.WriteFrame(0, TestFrames.Video(VideoStart + (i * 3000), key: i == 0));
            }

            Assert.True(writer.Finish());
        }

        var file = TestEbmlReader.Read(output.ToArray());
        Assert.Equal([0, 5000, 10_000], file.ClusterTimes);
        Assert.Equal(12 * 30, file.Blocks.Count);

        // Only the cluster that starts at a keyframe is a seek point.
        Assert.Equal(1, file.CuePoints);
    }

    [Fact]
    public void FailingStream_EndsWithFailedAndTheError_NeverAnException()
    {
        using var output = new FailingStream(failAfterBytes: 2000);
        using var writer = new WebMWriter(output, [Vp8], time: new FakeTimeProvider(Wall));
        var statuses = new List<WebMWriteStatus>();
        for (var i = 0; i < 200; i++)
        {
            statuses.Add(writer.WriteFrame(0, TestFrames.Video(VideoStart + (i * 3000), key: i % 30 == 0)));
        }

        Assert.Contains(WebMWriteStatus.Failed, statuses);
        Assert.IsType<IOException>(writer.Failure);
        Assert.False(writer.Finish());
    }

    [Fact]
    public void H264Track_IsRefusedAtConstruction()
    {
        using var output = new MemoryStream();
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebMWriter(output, [new EgressTrack(EgressCodec.H264, 90_000, 0)]));
    }

    /// <summary>Video at 30 fps with a keyframe every second and Opus at 50 fps, audio <paramref name="audioFirstFrameOffset"/> frames behind.</summary>
    [Fact]
    public void AudioLaggingPastTheInterleaveWait_KeepsItsOwnTimes_BeforeTheClusterTheVideoOpened_NeverTwoBlocksAtOneTime()
    {
        using var output = new MemoryStream();
        long dropped;
        using (var writer = new WebMWriter(output, [Vp8, Opus], time: new FakeTimeProvider(Wall)))
        {
            writer.SetClockMapping(0, new TrackClockMapping(1000, Wall));
            writer.SetClockMapping(1, new TrackClockMapping(5000, Wall));

            // Audio 800 ms behind the video (as after a publisher's reconnect whose tracks resumed apart), beyond the
            // 500 ms interleave wait: video keyframes open clusters before the audio of their time has arrived. The
            // writer once clamped such audio to the cluster's start, writing runs of blocks at one time.
            Feed(writer, seconds: 4, audioFirstFrameOffset: 40);
            Assert.True(writer.Finish());
            dropped = writer.LateFramesDropped;
        }

        var file = TestEbmlReader.Read(output.ToArray());
        foreach (var track in new[] { 1, 2 })
        {
            var times = file.Blocks.Where(b => b.Track == track).Select(b => b.TimeMs).ToArray();
            for (var i = 1; i < times.Length; i++)
            {
                Assert.True(times[i] > times[i - 1], $"track {track}: a block at {times[i]} ms after one at {times[i - 1]} ms");
            }
        }

        Assert.Equal(200, file.Blocks.Count(b => b.Track == 2)); // every audio frame, none dropped or merged
        Assert.Equal(0, dropped);
    }

    private static void Feed(WebMWriter writer, int seconds, int audioFirstFrameOffset)
    {
        var audioFrames = seconds * 50;
        var videoFrames = seconds * 30;
        var audio = -audioFirstFrameOffset;
        for (var v = 0; v < videoFrames; v++)
        {
            writer.WriteFrame(0, TestFrames.Video(VideoStart + (v * 3000), key: v % 30 == 0));
            var audioUpTo = ((v + 1) * 50 / 30) - audioFirstFrameOffset;
            for (; audio < audioUpTo; audio++)
            {
                if (audio >= 0 && audio < audioFrames)
                {
                    writer.WriteFrame(1, TestFrames.Audio(AudioStart + (audio * 960)));
                }
            }
        }

        for (; audio < audioFrames; audio++)
        {
            writer.WriteFrame(1, TestFrames.Audio(AudioStart + (audio * 960)));
        }
    }

    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }

    private sealed class FailingStream(int failAfterBytes) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _written += buffer.Length;
            if (_written > failAfterBytes)
            {
                throw new IOException("No space left on device");
            }
        }
    }
}
