using OpenLive.Egress.Media;
using OpenLive.Egress.Mp4;

namespace OpenLive.Egress.Tests.Mp4;

/// <summary>
/// The fragmented MP4 writer fed by real encoders (libx264, libopus) and checked by real players' demuxer and decoders
/// (ffprobe, ffmpeg): codecs, frame counts, duration, A/V start, crash safety, non-seekable output, resolution change.
/// </summary>
public sealed class FragmentedMp4WriterTests(EncodedMedia media) : IClassFixture<EncodedMedia>
{
    private const double Tolerance = 0.05;

    [Fact]
    public async Task RealH264AndOpus_PlayInFfmpeg_WithTheirFramesDurationAndStart()
    {
        var file = Path.Combine(media.Directory, "full.mp4");
        await using (var output = File.Create(file))
        {
            using var writer = new FragmentedMp4Writer(output, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
            var (video, audio) = new RecordingFeed().AddVideo(media.Video).AddAudio(media.Audio).WriteTo(writer);
            Assert.All(video, s => Assert.Equal(Mp4WriteStatus.Accepted, s));
            Assert.All(audio, s => Assert.Equal(Mp4WriteStatus.Accepted, s));
            Assert.Equal(Mp4WriteStatus.Accepted, writer.Finish());
            Assert.Equal(3, writer.FragmentsWritten); // keyframes every 2 s in 6 s
        }

        var (streams, duration) = await Ffprobe.ProbeAsync(file);
        var v = Assert.Single(streams, s => s.CodecType == "video");
        var a = Assert.Single(streams, s => s.CodecType == "audio");
        Assert.Equal(("h264", "avc3", 320, 240), (v.CodecName, v.CodecTag, v.Width, v.Height));
        Assert.Equal(("opus", "Opus"), (a.CodecName, a.CodecTag));
        Assert.True(v.Frames >= 0.95 * media.Video.Count, $"{v.Frames} of {media.Video.Count} video frames");
        Assert.True(a.Frames >= 0.95 * media.Audio.Count, $"{a.Frames} of {media.Audio.Count} audio packets");
        Assert.True(Math.Abs(duration - EncodedMedia.Seconds) <= Tolerance * EncodedMedia.Seconds, $"duration {duration} s for {EncodedMedia.Seconds} s published");
        Assert.True(Math.Abs(v.StartTime - a.StartTime) < 0.1, $"video starts at {v.StartTime} s, audio at {a.StartTime} s");
        Assert.Equal("", await Ffprobe.DecodeErrorsAsync(file));

        // A seekable output ends with the 'mfra' index; 'mfro' is its last box.
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal("mfro"u8.ToArray(), bytes[^12..^8]);
    }

    [Fact]
    public async Task AFileCutAfterTheSecondFragment_StillPlaysItsFrames()
    {
        using var output = new MemoryStream();
        var ends = new List<long>();
        using (var writer = new FragmentedMp4Writer(output, RecordingFeed.H264Track, RecordingFeed.OpusTrack))
        {
            new RecordingFeed().AddVideo(media.Video).AddAudio(media.Audio).WriteTo(writer, w =>
            {
                if (w.FragmentsWritten > ends.Count)
                {
                    ends.Add(w.BytesWritten);
                }
            });
        }

        // As a crash would leave it: the init segment and two whole fragments, and half of the third.
        Assert.Equal(2, ends.Count);
        var cut = Path.Combine(media.Directory, "cut.mp4");
        var third = output.Length - ends[1];
        await File.WriteAllBytesAsync(cut, output.ToArray()[..(int)(ends[1] + (third / 2))]);

        var (streams, _) = await Ffprobe.ProbeAsync(cut);
        var v = Assert.Single(streams, s => s.CodecType == "video");
        // Fragments 1 and 2 hold pictures 0..119 (cut at the keyframes); ffmpeg also plays what of the third arrived.
        Assert.InRange(v.Frames, 2 * EncodedMedia.Gop, media.Video.Count - 1);
        Assert.True(Assert.Single(streams, s => s.CodecType == "audio").Frames >= 190, "audio of the first 4 s");

        // Cut exactly after the second fragment: exactly its pictures, all decodable.
        var whole = Path.Combine(media.Directory, "cut-at-boundary.mp4");
        await File.WriteAllBytesAsync(whole, output.ToArray()[..(int)ends[1]]);
        Assert.Equal(2 * EncodedMedia.Gop, Assert.Single((await Ffprobe.ProbeAsync(whole)).Streams, s => s.CodecType == "video").Frames);
        Assert.Equal("", await Ffprobe.DecodeErrorsAsync(whole));
    }

    [Fact]
    public async Task ANonSeekableOutput_ReachesFfprobeOverAPipe()
    {
        var (streams, duration) = await Ffprobe.ProbePipeAsync(async stdin =>
        {
            using var writer = new FragmentedMp4Writer(stdin, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
            Assert.False(stdin.CanSeek);
            new RecordingFeed().AddVideo(media.Video).AddAudio(media.Audio).WriteTo(writer);
            Assert.Equal(Mp4WriteStatus.Accepted, writer.Finish());
            await stdin.FlushAsync();
        });

        Assert.Equal(media.Video.Count, Assert.Single(streams, s => s.CodecType == "video").Frames);
        Assert.Equal(media.Audio.Count, Assert.Single(streams, s => s.CodecType == "audio").Frames);
        Assert.True(duration > 0, "no duration"); // read from the first fragment: a pipe cannot be scanned ahead
    }

    [Fact]
    public async Task AResolutionChange_PlaysOnAtTheNewSize()
    {
        // Two seconds at 320x240, then the publisher's encoder restarts at 640x360: a new SPS (same id) before its IDR.
        var file = Path.Combine(media.Directory, "resize.mp4");
        var first = media.Video.Take(EncodedMedia.Gop).ToList();
        await using (var output = File.Create(file))
        {
            using var writer = new FragmentedMp4Writer(output, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
            var (video, _) = new RecordingFeed()
                .AddVideo(first)
                .AddVideo(media.LargerVideo, firstIndex: first.Count)
                .AddAudio(media.Audio.Take(200))
                .WriteTo(writer);
            Assert.All(video, s => Assert.Equal(Mp4WriteStatus.Accepted, s));
            writer.Finish();
            Assert.Equal((320, 240), writer.InitialVideoSize);
        }

        var sizes = await Ffprobe.FrameSizesAsync(file);
        Assert.Equal(first.Count + media.LargerVideo.Count, sizes.Count);
        Assert.All(sizes[..first.Count], s => Assert.Equal((320, 240), s));
        Assert.All(sizes[first.Count..], s => Assert.Equal((640, 360), s));
        Assert.Equal("", await Ffprobe.DecodeErrorsAsync(file));
    }

    [Fact]
    public async Task VideoBeforeTheFirstKeyframe_IsDropped_AudioStartsAtOnce_AndTheOffsetIsKept()
    {
        // The recording starts mid-GOP (picture 10); the next keyframe is picture 60, 50 pictures later.
        const int joinedAt = 10;
        var file = Path.Combine(media.Directory, "mid-gop.mp4");
        await using (var output = File.Create(file))
        {
            using var writer = new FragmentedMp4Writer(output, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
            var (video, audio) = new RecordingFeed()
                .AddVideo(media.Video.Skip(joinedAt), firstIndex: joinedAt)
                .AddAudio(media.Audio.Skip(joinedAt * 50 / 30), firstIndex: joinedAt * 50 / 30)
                .WriteTo(writer);
            Assert.Equal(EncodedMedia.Gop - joinedAt, video.Count(s => s == Mp4WriteStatus.DroppedBeforeKeyframe));
            Assert.All(audio, s => Assert.Equal(Mp4WriteStatus.Accepted, s));
            writer.Finish();
        }

        var (streams, _) = await Ffprobe.ProbeAsync(file);
        var v = Assert.Single(streams, s => s.CodecType == "video");
        var a = Assert.Single(streams, s => s.CodecType == "audio");
        Assert.Equal(media.Video.Count - EncodedMedia.Gop, v.Frames);
        var expected = (EncodedMedia.Gop - joinedAt) / (double)EncodedMedia.FramesPerSecond;
        Assert.True(Math.Abs(v.StartTime - a.StartTime - expected) < 0.025, $"video starts at {v.StartTime} s, audio at {a.StartTime} s; expected {expected:F3} s apart");
        Assert.Equal("", await Ffprobe.DecodeErrorsAsync(file));
    }

    [Fact]
    public async Task TrackClocks_PlaceEachTrackOnTheCommonClock()
    {
        // Sender reports say: the first video frame was captured 250 ms after the first audio packet.
        var file = Path.Combine(media.Directory, "clocks.mp4");
        await using (var output = File.Create(file))
        {
            using var writer = new FragmentedMp4Writer(output, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
            writer.SetClockMapping(0, new TrackClockMapping(unchecked((uint)RecordingFeed.VideoRtpStart), DateTimeOffset.UnixEpoch.AddSeconds(100.25)));
            writer.SetClockMapping(1, new TrackClockMapping(unchecked((uint)RecordingFeed.AudioRtpStart), DateTimeOffset.UnixEpoch.AddSeconds(100)));
            new RecordingFeed().AddVideo(media.Video).AddAudio(media.Audio).WriteTo(writer);
            writer.Finish();
        }

        var (streams, _) = await Ffprobe.ProbeAsync(file);
        var v = Assert.Single(streams, s => s.CodecType == "video");
        var a = Assert.Single(streams, s => s.CodecType == "audio");
        Assert.True(Math.Abs(v.StartTime - a.StartTime - 0.25) < 0.005, $"video starts at {v.StartTime} s, audio at {a.StartTime} s");
    }
}
