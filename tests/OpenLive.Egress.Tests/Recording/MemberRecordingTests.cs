using OpenLive.Egress.Media;
using OpenLive.Egress.Recording;
using OpenLive.Egress.Tests.Depacketizing;

namespace OpenLive.Egress.Tests.Recording;

/// <summary>
/// The in-process pipeline end to end with real encoders: ffmpeg encodes and packetizes RTP (one RTP output per track,
/// as a WebRTC publisher sends one SSRC per track), the test plays the packets into the tap feeds in arrival order as
/// the SFU's media thread would, the worker's passes depacketize and write, and ffprobe / ffmpeg read the file.
/// </summary>
public sealed class MemberRecordingTests : IDisposable
{
    private const int Seconds = 4;
    private const int FrameRate = 30;
    private const string Video = "-re -f lavfi -t 4 -i testsrc=size=320x240:rate=30";
    private const string Audio = "-re -f lavfi -t 4 -i sine=frequency=440:sample_rate=48000";
    private const string Vp8Out = "-c:v libvpx -deadline realtime -cpu-used 8 -b:v 600k -g 30 -f rtp";
    private const string H264Out = "-pix_fmt yuv420p -c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline -g 30 -f rtp";
    private const string OpusOut = "-c:a libopus -ac 2 -b:a 64k -f rtp";

    private readonly string _directory = Directory.CreateTempSubdirectory("openlive-recording-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Vp8AndOpus_BecomeAWebM_WithEveryFrame_InSync()
    {
        var captures = await FfmpegTool.CaptureRtpAsync($"{Video} {Audio} -map 0:v {Vp8Out} {{0}} -map 1:a {OpusOut} {{1}}", 2);
        var replay = new RecordingReplay();
        replay.AddTrack(RecordedTrackKind.Video);
        replay.AddTrack(RecordedTrackKind.Audio);
        var outputs = new FileOutputs(Path.Combine(_directory, "vp8-opus"));
        var recording = new MemberRecording(replay.Inputs, outputs, replay.Options, replay.Time);
        replay.Worker.Add(recording);

        replay.Play([.. RecordingReplay.Track(0, "VP8", 90_000, 0, RecordingReplay.Paced(captures[0].Rtp, 90_000)), .. RecordingReplay.Track(1, "opus", 48_000, 2, RecordingReplay.Paced(captures[1].Rtp, 48_000))]);
        recording.Stop("test over");
        var result = await replay.FinishAsync(recording);

        Assert.Null(result.Error);
        Assert.Equal(RecordingContainer.WebM, result.Container);
        Assert.Equal([EgressCodec.Vp8, EgressCodec.Opus], result.Tracks.Select(t => t.Codec));
        Assert.True(replay.VideoKeyframes.Requests >= 1, "no keyframe was asked for as the file started");
        Assert.Equal(new FileInfo(outputs.Path!).Length, result.Bytes);
        Assert.InRange(result.Duration.TotalSeconds, Seconds * 0.95, Seconds * 1.05);
        await AssertPlaysAsync(outputs.Path!, "vp8", "opus");
    }

    [Fact]
    public async Task H264AndOpus_BecomeAFragmentedMp4_WithEveryFrame_InSync()
    {
        var captures = await FfmpegTool.CaptureRtpAsync($"{Video} {Audio} -map 0:v {H264Out} {{0}} -map 1:a {OpusOut} {{1}}", 2);
        var replay = new RecordingReplay();
        replay.AddTrack(RecordedTrackKind.Audio); // Either order: the file's track 1 is the video.
        replay.AddTrack(RecordedTrackKind.Video);
        var outputs = new FileOutputs(Path.Combine(_directory, "h264-opus"));
        var recording = new MemberRecording(replay.Inputs, outputs, replay.Options, replay.Time);
        replay.Worker.Add(recording);

        replay.Play([.. RecordingReplay.Track(1, "H264", 90_000, 0, RecordingReplay.Paced(captures[0].Rtp, 90_000)), .. RecordingReplay.Track(0, "opus", 48_000, 2, RecordingReplay.Paced(captures[1].Rtp, 48_000))]);
        recording.Stop("test over");
        var result = await replay.FinishAsync(recording);

        Assert.Null(result.Error);
        Assert.Equal(RecordingContainer.Mp4, result.Container);
        Assert.EndsWith(".mp4", outputs.Path, StringComparison.Ordinal);
        await AssertPlaysAsync(outputs.Path!, "h264", "opus");
    }

    [Fact]
    public async Task ASenderReportForOneTrackOnly_IsNotMixedWithTheOthersArrivalClock()
    {
        // Audio's report says its first sample was taken 300 ms before it arrived (the path's delay); video has none.
        // Placing audio by its report and video by its arrival would put them 300 ms apart: both go by arrival.
        var captures = await FfmpegTool.CaptureRtpAsync($"{Video} {Audio} -map 0:v {Vp8Out} {{0}} -map 1:a {OpusOut} {{1}}", 2);
        var video = RecordingReplay.Paced(captures[0].Rtp, 90_000);
        var audio = RecordingReplay.Paced(captures[1].Rtp, 48_000);
        var (replay, recording, outputs) = Start("one-report");
        var origin = replay.Time.GetUtcNow();
        replay.Play([
            new SenderReportEvent(audio[0].At - 2, 1, TestRtp.TimestampOf(audio[0].Bytes), origin - TimeSpan.FromMilliseconds(300)),
            .. RecordingReplay.Track(0, "VP8", 90_000, 0, video), .. RecordingReplay.Track(1, "opus", 48_000, 2, audio)]);
        recording.Stop("test over");

        Assert.Null((await replay.FinishAsync(recording)).Error);
        await AssertPlaysAsync(outputs.Path!, "vp8", "opus");
    }

    [Fact]
    public async Task SenderReportsForEveryTrack_PlaceThem_WhenOneArrivesLate()
    {
        // Video arrives 250 ms after the audio sampled with it (a slow encoder); both reports say when each was
        // sampled, so the file has them in sync where arrival times would put video 250 ms late.
        var captures = await FfmpegTool.CaptureRtpAsync($"{Video} {Audio} -map 0:v {Vp8Out} {{0}} -map 1:a {OpusOut} {{1}}", 2);
        var late = (long)(0.25 * System.Diagnostics.Stopwatch.Frequency);
        var video = RecordingReplay.Paced(captures[0].Rtp, 90_000).Select(p => p with { At = p.At + late }).ToList();
        var audio = RecordingReplay.Paced(captures[1].Rtp, 48_000);
        var (replay, recording, outputs) = Start("every-report");
        var origin = replay.Time.GetUtcNow();
        replay.Play([
            new SenderReportEvent(audio[0].At - 2, 0, TestRtp.TimestampOf(video[0].Bytes), origin),
            new SenderReportEvent(audio[0].At - 2, 1, TestRtp.TimestampOf(audio[0].Bytes), origin),
            .. RecordingReplay.Track(0, "VP8", 90_000, 0, video), .. RecordingReplay.Track(1, "opus", 48_000, 2, audio)]);
        recording.Stop("test over");

        Assert.Null((await replay.FinishAsync(recording)).Error);
        await AssertPlaysAsync(outputs.Path!, "vp8", "opus");
    }

    [Fact]
    public async Task APublisherReconnect_NewSsrcAndTimestamps_ContinuesTheSameFile()
    {
        // The second half comes back as a new attach: another SSRC, sequence numbers and RTP timestamp base, 700 ms later.
        var captures = await FfmpegTool.CaptureRtpAsync($"{Video} {Audio} -map 0:v {Vp8Out} {{0}} -map 1:a {OpusOut} {{1}}", 2);
        var events = new List<TapEvent>();
        var gap = System.Diagnostics.Stopwatch.Frequency * 7 / 10;
        for (var track = 0; track < 2; track++)
        {
            var packets = RecordingReplay.Paced(captures[track].Rtp, track == 0 ? 90_000 : 48_000);
            var half = packets.Count / 2;
            var (codec, rate, channels) = track == 0 ? ("VP8", 90_000, 0) : ("opus", 48_000, 2);
            events.AddRange(RecordingReplay.Track(track, codec, rate, channels, packets[..half]));
            events.Add(new DetachEvent(packets[half - 1].At + 1, track));
            var moved = packets[half..].Select(p => new FfmpegTool.Arrival(p.At + gap, Reconnected(p.Bytes))).ToList();
            events.AddRange(RecordingReplay.Track(track, codec, rate, channels, moved));
        }

        var replay = new RecordingReplay();
        replay.AddTrack(RecordedTrackKind.Video);
        replay.AddTrack(RecordedTrackKind.Audio);
        var outputs = new FileOutputs(Path.Combine(_directory, "reconnect"));
        var recording = new MemberRecording(replay.Inputs, outputs, replay.Options, replay.Time);
        replay.Worker.Add(recording);
        replay.Play(events);
        recording.Stop("test over");
        var result = await replay.FinishAsync(recording);

        Assert.Null(result.Error);
        Assert.True(replay.VideoKeyframes.Requests >= 2, $"{replay.VideoKeyframes.Requests} keyframe requests: the new attach needs one too");
        var probe = await FfmpegTool.ProbeAsync(outputs.Path!);
        // Four seconds of media and the 0.7 s gap; frames until the first keyframe after the reconnect (≤ 1 s) are lost.
        Assert.InRange(probe.Duration, Seconds + 0.6, Seconds + 0.8);
        Assert.True(probe.Stream("video").Frames >= (Seconds - 1) * FrameRate, $"{probe.Stream("video").Frames} video frames");
        Assert.True(probe.Stream("audio").Frames >= Seconds * 50 * 0.95, $"{probe.Stream("audio").Frames} audio frames");
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(outputs.Path!));
    }

    [Fact]
    public async Task OnlyAudioAttaching_StartsAnAudioOnlyFile_AfterTheTrackWait()
    {
        var captures = await FfmpegTool.CaptureRtpAsync($"{Audio} {OpusOut} {{0}}", 1);
        var replay = new RecordingReplay(new RecordingOptions { TrackWait = TimeSpan.FromSeconds(1) });
        replay.AddTrack(RecordedTrackKind.Video);
        replay.AddTrack(RecordedTrackKind.Audio);
        var outputs = new FileOutputs(Path.Combine(_directory, "audio-only"));
        var recording = new MemberRecording(replay.Inputs, outputs, replay.Options, replay.Time);
        replay.Worker.Add(recording);

        replay.Play(RecordingReplay.Track(1, "opus", 48_000, 2, RecordingReplay.Paced(captures[0].Rtp, 48_000)));
        recording.Stop("test over");
        var result = await replay.FinishAsync(recording);

        Assert.Null(result.Error);
        Assert.Equal([EgressCodec.Opus], result.Tracks.Select(t => t.Codec));
        var probe = await FfmpegTool.ProbeAsync(outputs.Path!);
        var audio = Assert.Single(probe.Streams);
        // The first second waited for the camera: the rest is in the file.
        Assert.True(audio.Frames >= (Seconds - 1) * 50 * 0.95, $"{audio.Frames} audio frames");
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(outputs.Path!));
    }

    [Fact]
    public async Task AnUnsupportedCodec_EndsTheRecording_WithAClearError_AndNoFile()
    {
        var replay = new RecordingReplay(new RecordingOptions { TrackWait = TimeSpan.Zero });
        var feed = replay.AddTrack(RecordedTrackKind.Video);
        var outputs = new FileOutputs(Path.Combine(_directory, "none"));
        var recording = new MemberRecording(replay.Inputs, outputs, replay.Options, replay.Time);
        replay.Worker.Add(recording);
        feed.OnTrackAttached("H265", 90_000, 0, null);
        feed.OnClosed();

        var result = await replay.FinishAsync(recording);

        Assert.Equal("the member's track has a codec egress cannot record", result.Error);
        Assert.Null(result.Container);
        Assert.Null(outputs.Path);
    }

    [Fact]
    public async Task AnUncreatableFile_EndsTheRecording_WithTheError()
    {
        var replay = new RecordingReplay(new RecordingOptions { TrackWait = TimeSpan.Zero });
        var feed = replay.AddTrack(RecordedTrackKind.Audio);
        // A directory where the file should go: creating it fails as an unwritable place does.
        var blocked = Path.Combine(_directory, "blocked");
        Directory.CreateDirectory(blocked + ".webm");
        var outputs = new FileOutputs(blocked);
        var recording = new MemberRecording(replay.Inputs, outputs, replay.Options, replay.Time);
        replay.Worker.Add(recording);
        feed.OnTrackAttached("opus", 48_000, 2, null);

        var result = await replay.FinishAsync(recording);

        Assert.StartsWith("cannot create the recording file: ", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, replay.Worker.Count);
    }

    [Fact]
    public async Task ClosedTaps_EndTheRecording_AndFinalizeTheFile()
    {
        // The publisher leaves and the room closes its taps: the recording ends by itself with Duration and Cues written.
        var captures = await FfmpegTool.CaptureRtpAsync($"{Video} {Vp8Out} {{0}}", 1);
        var replay = new RecordingReplay(new RecordingOptions { TrackWait = TimeSpan.Zero });
        var feed = replay.AddTrack(RecordedTrackKind.Video);
        var outputs = new FileOutputs(Path.Combine(_directory, "closed"));
        var recording = new MemberRecording(replay.Inputs, outputs, replay.Options, replay.Time);
        replay.Worker.Add(recording);
        replay.Play(RecordingReplay.Track(0, "VP8", 90_000, 0, RecordingReplay.Paced(captures[0].Rtp, 90_000)));
        feed.OnTrackDetached();
        feed.OnClosed();

        var result = await replay.FinishAsync(recording);

        Assert.Null(result.Error);
        var (exit, duration) = await FfmpegTool.RunAsync("sh", $"-c \"ffprobe -v error -show_entries format=duration -of csv=p=0 '{outputs.Path}' 1>&2\"");
        Assert.Equal(0, exit);
        Assert.InRange(double.Parse(duration, System.Globalization.CultureInfo.InvariantCulture), Seconds * 0.95, Seconds * 1.05);
        var bytes = await File.ReadAllBytesAsync(outputs.Path!);
        Assert.True(bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x1C, 0x53, 0xBB, 0x6B]) > 0, "no Cues element: the file was not finalized");
    }

    private (RecordingReplay Replay, MemberRecording Recording, FileOutputs Outputs) Start(string name)
    {
        var replay = new RecordingReplay();
        replay.AddTrack(RecordedTrackKind.Video);
        replay.AddTrack(RecordedTrackKind.Audio);
        var outputs = new FileOutputs(Path.Combine(_directory, name));
        var recording = new MemberRecording(replay.Inputs, outputs, replay.Options, replay.Time);
        replay.Worker.Add(recording);
        return (replay, recording, outputs);
    }

    private static async Task AssertPlaysAsync(string path, string videoCodec, string audioCodec)
    {
        var probe = await FfmpegTool.ProbeAsync(path);
        var video = probe.Stream("video");
        var audio = probe.Stream("audio");
        Assert.Equal(videoCodec, video.Codec);
        Assert.Equal(audioCodec, audio.Codec);
        Assert.True(video.Frames >= Seconds * FrameRate * 0.95, $"{video.Frames} of {Seconds * FrameRate} video frames");
        Assert.True(audio.Frames >= Seconds * 50 * 0.95, $"{audio.Frames} of {Seconds * 50} audio frames (audio starts {audio.StartTime:F3} s, video {video.StartTime:F3} s, {video.Frames} video frames, {probe.Duration:F3} s)");
        Assert.InRange(probe.Duration, Seconds * 0.95, Seconds * 1.05);
        Assert.True(Math.Abs(video.StartTime - audio.StartTime) < 0.1, $"A/V start offset {video.StartTime - audio.StartTime:F3} s");
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(path));
    }

    private static byte[] Reconnected(byte[] packet) => TestRtp.Rewrite(
        RewriteSsrc(packet, 0x0BAD_F00D),
        (ushort)(TestRtp.SequenceOf(packet) + 20_000),
        TestRtp.TimestampOf(packet) + 0x7000_0000);

    private static byte[] RewriteSsrc(byte[] packet, uint ssrc)
    {
        var copy = (byte[])packet.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(8), ssrc);
        return copy;
    }
}
