using System.Buffers.Binary;
using OpenLive.Egress.Media;
using OpenLive.Egress.Tests.Depacketizing;
using OpenLive.Egress.Tests.Recording;
using OpenLive.Egress.WebM;

namespace OpenLive.Egress.Tests.WebM;

/// <summary>
/// Real peers at both ends: ffmpeg encodes and sends RTP (one RTP output per stream, as a WebRTC publisher sends one
/// SSRC per track), the depacketizers and the WebM writer record in-process, and ffprobe / ffmpeg read the file.
/// </summary>
public sealed class WebMRecordingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openlive-egress-webm-").FullName;

    private const int Seconds = 4;
    private const int FrameRate = 30;
    private const int SentFrames = Seconds * FrameRate;

    private static readonly EgressTrack Vp8 = new(EgressCodec.Vp8, 90_000, 0);
    private static readonly EgressTrack Vp9 = new(EgressCodec.Vp9, 90_000, 0);
    private static readonly EgressTrack Av1 = new(EgressCodec.Av1, 90_000, 0);
    private static readonly EgressTrack Opus = new(EgressCodec.Opus, 48_000, 2);

    private static ReadOnlySpan<byte> ClusterId => [0x1F, 0x43, 0xB6, 0x75];

    private static string Video(string size = "320x240", int seconds = Seconds) =>
        $"-re -f lavfi -t {seconds} -i testsrc=size={size}:rate={FrameRate}";

    private static string Audio(int seconds = Seconds) => $"-re -f lavfi -t {seconds} -i sine=frequency=440:sample_rate=48000";

    private const string Vp8Out = "-c:v libvpx -deadline realtime -cpu-used 8 -b:v 600k -g 60 -f rtp";
    private const string OpusOut = "-c:a libopus -ac 2 -b:a 64k -f rtp";

    [Fact]
    public async Task Vp8AndOpus_FromFfmpeg_AreRecordedWholeAndInSync()
    {
        // The tracks go on one clock by the writer's default mapping (arrival time of each track's first frame).
        // ffmpeg 5.1's sender reports pair RTP time with when each output started rather than with capture time (in
        // one run they put the audio 137 ms late), so they are no reference for sync; that mappings are honoured is
        // WebMWriterTests.ClockMappings_PlaceTracksOnTheCommonClock. The packets arrive as a publisher paces them (by
        // their RTP timestamps): the real arrival times of two ffmpeg encoders on a loaded machine lag each other by
        // up to a second, which tests the machine, not the writer (a run beside the other ffmpeg tests had a 4.7 s
        // file of 4 s of media).
        var captures = await FfmpegTool.CaptureRtpAsync($"{Video()} {Audio()} -map 0:v {Vp8Out} {{0}} -map 1:a {OpusOut} {{1}}", 2);
        var path = TempFile("vp8-opus.webm");
        await using (var file = File.Create(path))
        {
            RecordingRig.Record(file, [new RecordedInput(Vp8, RecordingReplay.Paced(captures[0].Rtp, 90_000)), new RecordedInput(Opus, RecordingReplay.Paced(captures[1].Rtp, 48_000))]);
        }

        var probe = await FfmpegTool.ProbeAsync(path);
        var video = probe.Stream("video");
        var audio = probe.Stream("audio");
        Assert.Equal("vp8", video.Codec);
        Assert.Equal("opus", audio.Codec);
        Assert.Equal((320, 240), (video.Width, video.Height));
        Assert.True(video.Frames >= SentFrames * 0.95, $"{video.Frames} of {SentFrames} video frames");
        Assert.True(audio.Frames >= Seconds * 50 * 0.95, $"{audio.Frames} of {Seconds * 50} audio frames");
        Assert.InRange(probe.Duration, Seconds * 0.95, Seconds * 1.05);
        Assert.True(Math.Abs(video.StartTime - audio.StartTime) < 0.1, $"A/V start offset {video.StartTime - audio.StartTime:F3} s");
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(path));
    }

    [Fact]
    public async Task Vp9_FromFfmpeg_IsRecordedWhole()
    {
        var captures = await FfmpegTool.CaptureRtpAsync(
            $"{Video()} -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 600k -g 60 -strict experimental -f rtp {{0}}", 1);
        var path = TempFile("vp9.webm");
        await using (var file = File.Create(path))
        {
            RecordingRig.Record(file, [new RecordedInput(Vp9, captures[0].Rtp)]);
        }

        var probe = await FfmpegTool.ProbeAsync(path);
        var video = probe.Stream("video");
        Assert.Equal("vp9", video.Codec);
        Assert.Equal((320, 240), (video.Width, video.Height));
        Assert.True(video.Frames >= SentFrames * 0.95, $"{video.Frames} of {SentFrames} video frames");
        Assert.InRange(probe.Duration, Seconds * 0.95, Seconds * 1.05);
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(path));
    }

    [Fact]
    public async Task Av1_FromLibaomPacketizedPerTheAv1RtpSpec_IsRecordedWithItsAv1C()
    {
        // Debian's ffmpeg 5.1 has no AV1 RTP muxer: libaom's OBU stream, packetized by a test-only packetizer.
        var obu = TempFile("in.obu");
        var (exit, error) = await FfmpegTool.RunAsync(
            "ffmpeg",
            $"-hide_banner -nostdin -v error -f lavfi -t {Seconds} -i testsrc=size=320x240:rate={FrameRate} -c:v libaom-av1 -usage realtime -cpu-used 8 -b:v 400k -g 60 -f obu \"{obu}\"");
        Assert.True(exit == 0, error);
        var packets = Av1TestPacketizer.Packetize(await File.ReadAllBytesAsync(obu), FrameRate, 1100, out var units);
        Assert.Equal(SentFrames, units);

        var path = TempFile("av1.webm");
        await using (var file = File.Create(path))
        {
            var counters = RecordingRig.Record(file, [new RecordedInput(Av1, [.. packets.Select((p, i) => new FfmpegTool.Arrival(i, p))])]);
            Assert.Equal(units, counters[0].Frames);
        }

        var probe = await FfmpegTool.ProbeAsync(path);
        var video = probe.Stream("video");
        Assert.Equal("av1", video.Codec);
        Assert.Equal((320, 240), (video.Width, video.Height));
        Assert.True(video.Frames >= SentFrames * 0.95, $"{video.Frames} of {SentFrames} video frames");
        Assert.InRange(probe.Duration, Seconds * 0.95, Seconds * 1.05);
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(path));
    }

    [Fact]
    public async Task Vp8_ShuffledWithRetransmissionsAndTwoPercentLost_StillDecodesCleanly()
    {
        var captures = await FfmpegTool.CaptureRtpAsync($"{Video()} -c:v libvpx -deadline realtime -cpu-used 8 -b:v 600k -g 30 -f rtp {{0}}", 1);
        var impaired = TestRtp.Impair([.. captures[0].Rtp.Select(a => a.Bytes)], seed: 14, dropRate: 0.04, retransmitDelay: 20, reorderSpan: 4, out var lost);
        Assert.True(lost > 0, "the impairment lost no packet");
        var path = TempFile("vp8-impaired.webm");
        await using (var file = File.Create(path))
        {
            var counters = RecordingRig.Record(file, [new RecordedInput(Vp8, [.. impaired.Select((p, i) => new FfmpegTool.Arrival(i, p))])]);
            Assert.True(counters[0].KeyframeRequests > 1, $"no keyframe requested after a loss: {counters[0]}");
            Assert.True(counters[0].Frames > 0, counters[0].ToString());
        }

        var probe = await FfmpegTool.ProbeAsync(path);
        Assert.True(probe.Stream("video").Frames > SentFrames / 3, $"{probe.Stream("video").Frames} frames");
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(path));
    }

    [Fact]
    public async Task Vp8AndOpus_CrashedMidRecordingOrCutAnywhere_StillPlayUpToTheCut()
    {
        var captures = await FfmpegTool.CaptureRtpAsync($"{Video()} {Audio()} -map 0:v {Vp8Out.Replace("-g 60", "-g 30", StringComparison.Ordinal)} {{0}} -map 1:a {OpusOut} {{1}}", 2);
        var crashed = TempFile("crashed.webm");
        RecordingRig.Record(File.Create(crashed), [new RecordedInput(Vp8, captures[0].Rtp), new RecordedInput(Opus, captures[1].Rtp)], finish: false);

        var probe = await FfmpegTool.ProbeAsync(crashed);
        Assert.True(probe.Stream("video").Frames >= 60, $"{probe.Stream("video").Frames} video frames before the crash");
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(crashed));

        // A cut at any byte after the first cluster: the file still opens and plays what was whole before the cut.
        var bytes = await File.ReadAllBytesAsync(crashed);
        var firstCluster = bytes.AsSpan().IndexOf(ClusterId);
        var secondCluster = NextIndex(bytes, firstCluster + 4);
        Assert.True(firstCluster > 0 && secondCluster > firstCluster, "fewer than two clusters");
        var random = new Random(14);
        for (var i = 0; i < 3; i++)
        {
            var cutAt = random.Next(secondCluster, bytes.Length);
            var cut = TempFile($"cut-{cutAt}.webm");
            await File.WriteAllBytesAsync(cut, bytes[..cutAt]);
            var cutProbe = await FfmpegTool.ProbeAsync(cut);
            Assert.True(cutProbe.Stream("video").Frames >= 30, $"cut at {cutAt}: {cutProbe.Stream("video").Frames} video frames");
            var (exit, decodeError) = await FfmpegTool.RunAsync("ffmpeg", $"-hide_banner -nostdin -v error -i \"{cut}\" -enc_time_base -1 -f null -");
            Assert.True(exit == 0, $"cut at {cutAt}: {decodeError}");
        }
    }

    [Fact]
    public async Task Vp8_ResolutionChangeMidStream_DecodesThroughTheChange()
    {
        // Two encodings spliced into one RTP stream (as a simulcast layer switch or a camera change looks on the wire):
        // 320×240, then 640×360 from its keyframe on, sequence numbers and timestamps continuing.
        var small = await FfmpegTool.CaptureRtpAsync($"{Video("320x240", 2)} {Vp8Out} {{0}}", 1);
        var large = await FfmpegTool.CaptureRtpAsync($"{Video("640x360", 2)} {Vp8Out} {{0}}", 1);
        var spliced = new List<FfmpegTool.Arrival>(small[0].Rtp);
        var lastSmall = spliced[^1].Bytes;
        var sequence = TestRtp.SequenceOf(lastSmall);
        var timestampShift = TestRtp.TimestampOf(lastSmall) + 3000 - TestRtp.TimestampOf(large[0].Rtp[0].Bytes);
        var at = spliced[^1].At;
        foreach (var arrival in large[0].Rtp)
        {
            spliced.Add(new FfmpegTool.Arrival(++at, TestRtp.Rewrite(arrival.Bytes, ++sequence, TestRtp.TimestampOf(arrival.Bytes) + timestampShift)));
        }

        var path = TempFile("vp8-resize.webm");
        await using (var file = File.Create(path))
        {
            RecordingRig.Record(file, [new RecordedInput(Vp8, spliced)]);
        }

        var probe = await FfmpegTool.ProbeAsync(path);
        Assert.True(probe.Stream("video").Frames >= 2 * 2 * FrameRate * 0.95, $"{probe.Stream("video").Frames} frames");
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(path));
        var (exit, sizes) = await FfmpegTool.RunAsync("sh", $"-c \"ffprobe -v error -select_streams v -show_entries frame=width -of csv=p=0 '{path}' | sort -u | tr '\\n' ' ' 1>&2\"");
        Assert.Equal(0, exit);
        Assert.Equal("320 640", sizes.Trim());
    }

    [Fact]
    public async Task OpusOnly_FromFfmpeg_IsRecordedInTwoSecondClusters()
    {
        var captures = await FfmpegTool.CaptureRtpAsync($"{Audio()} {OpusOut} {{0}}", 1);
        var path = TempFile("opus.webm");
        await using (var file = File.Create(path))
        {
            RecordingRig.Record(file, [new RecordedInput(Opus, captures[0].Rtp)]);
        }

        var probe = await FfmpegTool.ProbeAsync(path);
        Assert.Equal("opus", probe.Stream("audio").Codec);
        Assert.True(probe.Stream("audio").Frames >= Seconds * 50 * 0.95, $"{probe.Stream("audio").Frames} frames");
        Assert.InRange(probe.Duration, Seconds * 0.95, Seconds * 1.05);
        var bytes = await File.ReadAllBytesAsync(path);
        var clusters = 0;
        for (var i = bytes.AsSpan().IndexOf(ClusterId); i >= 0; i = NextIndex(bytes, i + 4))
        {
            clusters++;
        }

        Assert.InRange(clusters, Seconds / 2, (Seconds / 2) + 1);
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(path));
    }

    [Fact]
    public async Task FramesHalfAFrameOffTheirRateGrid_AfterAGap_DecodeCleanly_AndOnlyTheDefaultRetimingCallsThemRepeats()
    {
        // What a reconnect leaves (TrackContinuity: the new segment follows by the wall time that passed, not by whole
        // frames): from the middle on, every frame is 0.5 s and half a frame later than the 30 fps grid of the start.
        var captures = await FfmpegTool.CaptureRtpAsync($"{Video()} -map 0:v {Vp8Out} {{0}}", 1);
        var packets = captures[0].Rtp.Select(p => new FfmpegTool.Arrival(p.At, [.. p.Bytes])).ToList();
        var middle = packets.Count / 2;
        while (middle < packets.Count && TestRtp.TimestampOf(packets[middle].Bytes) == TestRtp.TimestampOf(packets[middle - 1].Bytes))
        {
            middle++;
        }

        const uint shift = (90_000 / 2) + (90_000 / FrameRate / 2);
        foreach (var packet in packets.Skip(middle))
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.Bytes.AsSpan(4), TestRtp.TimestampOf(packet.Bytes) + shift);
        }

        var path = TempFile("off-grid.webm");
        await using (var file = File.Create(path))
        {
            RecordingRig.Record(file, [new RecordedInput(Vp8, RecordingReplay.Paced(packets, 90_000))]);
        }

        var (_, times) = await FfmpegTool.RunAsync("ffprobe", $"-v error -select_streams v -show_entries packet=pts -of csv=p=0 \"{path}\"", TempFile("pts.txt"));
        var pts = (await File.ReadAllLinesAsync(TempFile("pts.txt"))).Where(line => line.Length > 0).Select(long.Parse).ToList();
        Assert.True(pts.Count >= SentFrames * 0.95, $"{pts.Count} of {SentFrames} frames {times}");
        Assert.All(pts.Zip(pts.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} after {pair.First}"));
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(path));

        // The check's reason to decode in the container's time base: ffmpeg 5.1's default re-timing to 1/30 s rounds
        // two of these strictly increasing millisecond times to one tick and reports a "non monotonically increasing dts".
        var (_, retimed) = await FfmpegTool.RunAsync("ffmpeg", $"-hide_banner -nostdin -v error -i \"{path}\" -f null -");
        Assert.Contains("non monotonically increasing dts", retimed, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string TempFile(string name) => Path.Combine(_directory, name);

    private static int NextIndex(byte[] bytes, int from)
    {
        var i = bytes.AsSpan(from).IndexOf(ClusterId);
        return i < 0 ? -1 : from + i;
    }
}
