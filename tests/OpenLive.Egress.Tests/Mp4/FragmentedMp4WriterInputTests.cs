using OpenLive.Egress.Media;
using OpenLive.Egress.Mp4;

namespace OpenLive.Egress.Tests.Mp4;

/// <summary>
/// The writer under what a live recording meets: a full disk, an audio-only publisher, hostile or broken video, a
/// keyframe that comes late.
/// </summary>
public sealed class FragmentedMp4WriterInputTests(EncodedMedia media) : IClassFixture<EncodedMedia>
{
    [Fact]
    public async Task AFullDisk_EndsTheRecordingWithOutputFailed_AndWhatWasWrittenStaysPlayable()
    {
        // The disk fills up during the second fragment: part of it is written, then the write fails.
        using var disk = new FillingStream(capacity: 0);
        long firstFragmentEnd = 0;
        var statuses = new List<Mp4WriteStatus>();
        using (var writer = new FragmentedMp4Writer(disk, RecordingFeed.H264Track, RecordingFeed.OpusTrack))
        {
            var (video, audio) = new RecordingFeed().AddVideo(media.Video).AddAudio(media.Audio).WriteTo(writer, w =>
            {
                if (w.FragmentsWritten == 1 && firstFragmentEnd == 0)
                {
                    firstFragmentEnd = w.BytesWritten;
                    disk.DiskSize = firstFragmentEnd + 1000;
                }
            });
            statuses.AddRange(video.Concat(audio));
            Assert.NotNull(writer.Fault);
            Assert.Equal(Mp4WriteStatus.Closed, writer.Finish());
        }

        Assert.Equal(1, statuses.Count(s => s == Mp4WriteStatus.OutputFailed));
        Assert.True(statuses.Count(s => s == Mp4WriteStatus.Closed) > 100, "frames after the failure are refused");
        // The part of the second fragment that fitted is cut off again: ffmpeg refuses a file ending inside a 'moof'.
        Assert.Equal(firstFragmentEnd, disk.Length);
        var file = Path.Combine(media.Directory, "full-disk.mp4");
        await File.WriteAllBytesAsync(file, disk.ToArray());
        var (streams, _) = await Ffprobe.ProbeAsync(file);
        Assert.Equal(EncodedMedia.Gop, Assert.Single(streams, s => s.CodecType == "video").Frames);
        Assert.Equal("", await Ffprobe.DecodeErrorsAsync(file));
    }

    [Fact]
    public async Task AnAudioOnlyRecording_PlaysItsPacketsForTheirDuration()
    {
        var file = Path.Combine(media.Directory, "audio-only.mp4");
        await using (var output = File.Create(file))
        {
            using var writer = new FragmentedMp4Writer(output, null, RecordingFeed.OpusTrack);
            Assert.Equal(Mp4WriteStatus.NoSuchTrack, writer.WriteVideo(new MediaFrame(media.Video[0], 0, true)));
            var (_, audio) = new RecordingFeed().AddAudio(media.Audio).WriteTo(writer);
            Assert.All(audio, s => Assert.Equal(Mp4WriteStatus.Accepted, s));
            writer.Finish();
            Assert.Equal(4, writer.FragmentsWritten); // every 2 s of audio, then the 301st packet
        }

        var (streams, duration) = await Ffprobe.ProbeAsync(file);
        var a = Assert.Single(streams);
        Assert.Equal(("opus", media.Audio.Count), (a.CodecName, a.Frames));
        Assert.True(Math.Abs(duration - EncodedMedia.Seconds) < 0.05 * EncodedMedia.Seconds, $"duration {duration} s");
        Assert.Equal("", await Ffprobe.DecodeErrorsAsync(file));
    }

    [Fact]
    public async Task BrokenAndHostileVideo_IsDropped_AndTheRecordingStartsAtTheFirstGoodKeyframe()
    {
        var file = Path.Combine(media.Directory, "hostile.mp4");
        var keyframe = media.Video[0];
        await using (var output = File.Create(file))
        {
            using var writer = new FragmentedMp4Writer(output, RecordingFeed.H264Track, null);
            var random = new Random(14);
            for (var i = 0; i < 200; i++)
            {
                var noise = new byte[random.Next(0, 3000)];
                random.NextBytes(noise);
                var status = writer.WriteVideo(new MediaFrame(noise, i, true));
                Assert.True(status is Mp4WriteStatus.DroppedBeforeKeyframe or Mp4WriteStatus.DroppedEmpty or Mp4WriteStatus.DroppedBadParameterSets, $"noise #{i}: {status}");
            }

            Assert.Equal(Mp4WriteStatus.DroppedEmpty, writer.WriteVideo(new MediaFrame(new byte[] { 0, 0, 1, 0, 0, 1 }, 0, true)));

            // A keyframe whose SPS says a 0-pixel-wide picture (cropped away): not a start.
            byte[] badSps = [0, 0, 0, 1, .. new SpsBuilder().Bits(66, 8).Bits(0xC0, 8).Bits(30, 8).Ue(0).Ue(0).Ue(2).Ue(1).Bits(0, 1)
                .Ue(19).Ue(14).Bits(1, 1).Bits(1, 1).Bits(1, 1).Ue(0).Ue(160).Ue(0).Ue(0).Bits(0, 1).ToNal()];
            byte[] pps = [0, 0, 0, 1, 0x68, 0xCE, 0x0F, 0xC8];
            byte[] idr = [0, 0, 0, 1, 0x65, 0x88, 0x84];
            Assert.Equal(Mp4WriteStatus.DroppedBadParameterSets, writer.WriteVideo(new MediaFrame((byte[])[.. badSps, .. pps, .. idr], 0, true)));
            Assert.Equal(0, writer.BytesWritten);

            var (video, _) = new RecordingFeed().AddVideo(media.Video.Take(90)).WriteTo(writer);
            Assert.All(video, s => Assert.Equal(Mp4WriteStatus.Accepted, s));
            Assert.Equal((320, 240), writer.InitialVideoSize);
        }

        var (streams, _) = await Ffprobe.ProbeAsync(file);
        Assert.Equal(90, Assert.Single(streams).Frames);
        Assert.Equal("", await Ffprobe.DecodeErrorsAsync(file));
    }

    [Fact]
    public async Task AudioWaitingForALateKeyframe_KeepsAtMostAFragmentOfIt_OnTheCommonClock()
    {
        // The camera's first frame (a keyframe) comes 4 s after the microphone's first packet.
        var file = Path.Combine(media.Directory, "late-video.mp4");
        long dropped;
        await using (var output = File.Create(file))
        {
            using var writer = new FragmentedMp4Writer(output, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
            writer.SetClockMapping(0, new TrackClockMapping(unchecked((uint)RecordingFeed.VideoRtpStart), DateTimeOffset.UnixEpoch));
            writer.SetClockMapping(1, new TrackClockMapping(unchecked((uint)RecordingFeed.AudioRtpStart), DateTimeOffset.UnixEpoch));
            new RecordingFeed().AddVideo(media.Video.Skip(2 * EncodedMedia.Gop), firstIndex: 2 * EncodedMedia.Gop).AddAudio(media.Audio).WriteTo(writer);
            writer.Finish();
            dropped = writer.AudioFramesDroppedWaitingForVideo;
        }

        Assert.InRange(dropped, 100, 200);
        var (streams, _) = await Ffprobe.ProbeAsync(file);
        var v = Assert.Single(streams, s => s.CodecType == "video");
        var a = Assert.Single(streams, s => s.CodecType == "audio");
        Assert.True(Math.Abs(v.StartTime - 4.0) < 0.01, $"video starts at {v.StartTime} s");
        Assert.InRange(a.StartTime, 1.99, 4.0);
        Assert.Equal(media.Audio.Count - dropped, a.Frames);
    }

    /// <summary>A disk of <see cref="DiskSize"/> bytes: a write past it writes what fits, then fails as ENOSPC does.</summary>
    private sealed class FillingStream(long capacity) : MemoryStream
    {
        public long DiskSize { get; set; } = capacity == 0 ? long.MaxValue : capacity;

        public override void Write(byte[] buffer, int offset, int count)
        {
            var room = (int)Math.Min(count, Math.Max(0, DiskSize - Length));
            base.Write(buffer, offset, room);
            if (room < count)
            {
                throw new IOException("No space left on device");
            }
        }
    }
}
