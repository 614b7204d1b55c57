using OpenLive.Egress.Mp4;
using OpenLive.Egress.Recording;
using OpenLive.Egress.Tests.Depacketizing;
using OpenLive.Egress.WebM;

namespace OpenLive.Egress.Tests.Recording;

/// <summary>
/// Crash recovery (<see cref="WebMRecovery"/>, <see cref="Mp4Recovery"/>): a recording made by the pipeline from
/// ffmpeg-encoded RTP, cut as a crash or a full disk cuts it — inside a cluster / fragment — is trimmed to its last
/// whole one, after which ffmpeg decodes it without an error. The crash image is the file as it is on disk while
/// the recording runs (Segment size unknown, no index), cut at several points.
/// </summary>
public sealed class RecordingRecoveryTests : IDisposable
{
    private const string Sources = "-re -f lavfi -t 4 -i testsrc=size=320x240:rate=30 -re -f lavfi -t 4 -i sine=frequency=440:sample_rate=48000";

    private readonly string _directory = Directory.CreateTempSubdirectory("openlive-recovery-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task AWebMCutInsideAnyCluster_IsTrimmedToItsLastWholeCluster_AndDecodesCleanly()
    {
        var (path, bytes) = await RecordAsync("VP8", "-map 0:v -c:v libvpx -deadline realtime -cpu-used 8 -b:v 600k -g 30 -f rtp {0}");
        using (var whole = File.OpenRead(path))
        {
            Assert.Equal(WebMRecoveryStatus.Whole, WebMRecovery.FindPlayableLength(whole, out var length));
            Assert.Equal(whole.Length, length);
        }

        foreach (var fraction in new[] { 0.6, 0.8, 0.97 })
        {
            var cut = Path.Combine(_directory, $"cut-{fraction}.webm");
            await File.WriteAllBytesAsync(cut, bytes[..(int)(bytes.Length * fraction)]);
            long playable;
            await using (var file = new FileStream(cut, FileMode.Open))
            {
                Assert.Equal(WebMRecoveryStatus.Truncated, WebMRecovery.Recover(file, out playable));
            }

            Assert.Equal(playable, new FileInfo(cut).Length);

            Assert.True(bytes.AsSpan((int)playable, 4).SequenceEqual((ReadOnlySpan<byte>)[0x1F, 0x43, 0xB6, 0x75]), $"cut at {fraction}: the kept part does not end where a cluster starts");
            Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(cut));
            Assert.True((await FfmpegTool.ProbeAsync(cut)).Stream("video").Frames >= 30 * fraction, $"cut at {fraction}: too few frames kept");
        }
    }

    [Fact]
    public async Task AnMp4CutInsideAnyFragment_IsTrimmedToItsLastWholeFragment_AndDecodesCleanly()
    {
        var (path, bytes) = await RecordAsync("H264", "-map 0:v -pix_fmt yuv420p -c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline -g 30 -f rtp {0}");
        using (var whole = File.OpenRead(path))
        {
            Assert.Equal(Mp4RecoveryStatus.Whole, Mp4Recovery.FindPlayableLength(whole, out _));
        }

        foreach (var fraction in new[] { 0.6, 0.8, 0.97 })
        {
            var cut = Path.Combine(_directory, $"cut-{fraction}.mp4");
            await File.WriteAllBytesAsync(cut, bytes[..(int)(bytes.Length * fraction)]);
            long playable;
            await using (var file = new FileStream(cut, FileMode.Open))
            {
                Assert.Equal(Mp4RecoveryStatus.Truncated, Mp4Recovery.Recover(file, out playable));
            }

            Assert.Equal(playable, new FileInfo(cut).Length);

            Assert.True(bytes.AsSpan((int)playable + 4, 4).SequenceEqual("moof"u8), $"cut at {fraction}: the kept part does not end where a fragment starts");
            Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(cut));
        }
    }

    [Fact]
    public void ForeignFiles_AreNotRecognized()
    {
        using var text = new MemoryStream("not a recording at all"u8.ToArray());
        Assert.Equal(WebMRecoveryStatus.NotWebM, WebMRecovery.FindPlayableLength(text, out _));
        Assert.Equal(Mp4RecoveryStatus.NotMp4, Mp4Recovery.FindPlayableLength(text, out _));
        using var empty = new MemoryStream();
        Assert.Equal(WebMRecoveryStatus.NotWebM, WebMRecovery.FindPlayableLength(empty, out _));
        Assert.Equal(Mp4RecoveryStatus.InitIncomplete, Mp4Recovery.FindPlayableLength(empty, out _));
    }

    /// <summary>Records, and returns the finished file and the crash image: the bytes on disk just before the recording was stopped.</summary>
    private async Task<(string Path, byte[] CrashImage)> RecordAsync(string codec, string videoOut)
    {
        var captures = await FfmpegTool.CaptureRtpAsync($"{Sources} {videoOut} -map 1:a -c:a libopus -ac 2 -b:a 64k -f rtp {{1}}", 2);
        var replay = new RecordingReplay();
        replay.AddTrack(RecordedTrackKind.Video);
        replay.AddTrack(RecordedTrackKind.Audio);
        var outputs = new FileOutputs(Path.Combine(_directory, "recording"));
        var recording = new MemberRecording(replay.Inputs, outputs, replay.Options, replay.Time);
        replay.Worker.Add(recording);
        replay.Play([.. RecordingReplay.Track(0, codec, 90_000, 0, RecordingReplay.Paced(captures[0].Rtp, 90_000)), .. RecordingReplay.Track(1, "opus", 48_000, 2, RecordingReplay.Paced(captures[1].Rtp, 48_000))]);
        byte[] image;
        await using (var running = new FileStream(outputs.Path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            image = new byte[running.Length];
            await running.ReadExactlyAsync(image);
        }

        recording.Stop("test over");
        Assert.Null((await replay.FinishAsync(recording)).Error);
        return (outputs.Path!, image);
    }
}
