using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Rtc.Client;
using OpenLive.Server.Application.Egress;
using OpenLive.Sfu;
using OpenLive.Testing;
using OpenLive.Tests.Shared;

namespace OpenLive.Server.Tests.Application.Egress.Recording;

/// <summary>
/// The egress host's recordings with real parts: the real server (its SFU, options, webhooks to a real HTTP listener),
/// a publisher sending ffmpeg-encoded VP8 / H.264 and Opus through the SFU for ~10 s, and ffprobe / ffmpeg reading the
/// file. The room is opened on the server's SFU directly: the room grain's egress calls are the control part's.
/// </summary>
public sealed class EgressHostRecordingTests : IAsyncLifetime
{
    private const string RoomKey = "1400000000/egress-room";
    private const string Seconds = "10";
    private const string Sources = "-readrate 4 -f lavfi -t 10 -i testsrc=size=320x240:rate=30 -readrate 4 -f lavfi -t 10 -i sine=frequency=440:sample_rate=48000";
    private const string Vp8Out = "-map 0:v -c:v libvpx -deadline realtime -cpu-used 8 -b:v 500k -g 60 -f rtp {0}";
    private const string H264Out = "-map 0:v -pix_fmt yuv420p -c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline -g 60 -f rtp {0}";
    private const string OpusOut = "-map 1:a -c:a libopus -ac 2 -b:a 48k -frame_duration 20 -f rtp {1}";

    private readonly string _recordings = Directory.CreateTempSubdirectory("openlive-recordings-").FullName;
    private readonly WebhookReceiver _webhooks = new();
    private readonly List<RecordingPublisher> _publishers = [];
    private TestServer _server = null!;
    private MediaRoom _room = null!;

    private EgressHost Host => _server.Services.GetRequiredService<EgressHost>();

    public async ValueTask InitializeAsync() => await StartServerAsync(_recordings);

    public async ValueTask DisposeAsync()
    {
        foreach (var publisher in _publishers)
        {
            publisher.Dispose();
        }

        await _server.DisposeAsync();
        await _webhooks.DisposeAsync();
        Directory.Delete(_recordings, recursive: true);
    }

    [Fact]
    public async Task Vp8AndOpus_ThroughTheSfu_AreRecordedAsAWebM_ThatPlaysWhole()
    {
        var (publisher, channel) = await RecordAsync(RtcVideoCodec.Vp8, $"{Sources} {Vp8Out} {OpusOut}");
        await AssertRecordingAsync(publisher, channel, "webm", "vp8", "opus");
    }

    [Fact]
    public async Task H264AndOpus_ThroughTheSfu_AreRecordedAsAFragmentedMp4_ThatPlaysWhole()
    {
        var (publisher, channel) = await RecordAsync(RtcVideoCodec.H264, $"{Sources} {H264Out} {OpusOut}");
        await AssertRecordingAsync(publisher, channel, "mp4", "h264", "opus");
    }

    [Fact]
    public void AChannelWithoutOutputs_OrRtmpWithoutAnIngest_IsRefused_With1004_AndNothingRuns()
    {
        Assert.Equal(1004, Host.Start(_room, Request(EgressOutputs.None)).Error?.Code);
        Assert.Equal(1004, Host.Start(_room, Request(EgressOutputs.Rtmp)).Error?.Code);
        Assert.Empty(Host.Running(RoomKey));
    }

    [Fact]
    public async Task LiveHls_OfVp8AndOpus_ThroughTheSfu_IsServedByTheServer_AsH264AndAac()
    {
        var encoded = await RecordingPublisher.EncodeAsync($"{Sources} {Vp8Out} {OpusOut}", 90_000, 48_000);
        var publisher = await PublishAsync(RtcVideoCodec.Vp8);
        var started = Host.Start(_room, Request(EgressOutputs.Hls));
        Assert.Null(started.Error);
        var channel = started.Channel!;
        var playlist = Assert.Single(channel.Urls);
        Assert.Equal((EgressOutputs.Hls, "/live/1400000000/egress-room/host/index.m3u8"), (playlist.Kind, playlist.Url));
        Assert.Empty(channel.FileIds);
        publisher.Start(encoded[0], encoded[1]);

        // The playlist appears once ffmpeg has its first segments; a player (here ffprobe) reads it over HTTP.
        using var http = new HttpClient { BaseAddress = _server.Url };
        var text = string.Empty;
        await Eventually.WaitUntilAsync(() =>
        {
            using var response = http.GetAsync(playlist.Url).GetAwaiter().GetResult();
            text = response.IsSuccessStatusCode ? response.Content.ReadAsStringAsync().GetAwaiter().GetResult() : $"{(int)response.StatusCode}";
            return text.Split('\n').Count(line => line.StartsWith("#EXTINF", StringComparison.Ordinal)) >= 2;
        }, () => text);
        Assert.Equal(["aac", "h264"], await LiveOutputsTests.ProbeCodecsAsync(new Uri(_server.Url, playlist.Url).ToString()));

        Assert.True(Host.Stop(RoomKey, channel.ChannelId, "test over"));
        var ended = (await _webhooks.WaitForAsync("egress.ended", e => e.GetProperty("egress").GetProperty("channelId").GetUInt64() == channel.ChannelId)).GetProperty("egress");
        Assert.False(ended.TryGetProperty("error", out _), ended.GetRawText());
        Assert.Equal("hls", ended.GetProperty("outputs").GetString());
        Assert.Empty(Host.Running(RoomKey));
    }

    [Fact]
    public async Task LiveHls_WithFfmpegMissing_EndsWithAClearError_AndTheRoomForwardsOn()
    {
        await _server.DisposeAsync();
        await StartServerAsync(_recordings, "--OpenLive:Egress:Ffmpeg:FfmpegPath=/nonexistent/ffmpeg");
        var encoded = await RecordingPublisher.EncodeAsync($"{Sources} {Vp8Out} {OpusOut}", 90_000, 48_000);
        var publisher = await PublishAsync(RtcVideoCodec.Vp8);
        var watcher = new CountingTapSink();
        using var watch = _room.Tap("host", TrackSource.Camera, watcher).Value!;

        var channel = Host.Start(_room, Request(EgressOutputs.Hls)).Channel!;
        publisher.Start(encoded[0], encoded[1]);

        var ended = (await _webhooks.WaitForAsync("egress.ended")).GetProperty("egress");
        Assert.Equal(channel.ChannelId, ended.GetProperty("channelId").GetUInt64());
        Assert.Contains("ffmpeg not found", ended.GetProperty("error").GetString(), StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(() => Host.Running(RoomKey).Count == 0, () => $"{Host.Running(RoomKey).Count} channels running");
        var seen = watcher.Packets;
        await Eventually.WaitUntilAsync(() => watcher.Packets >= seen + 50, () => $"{watcher.Packets - seen} packets after the failure");
    }

    [Fact]
    public async Task RtmpPush_ToTheAppsIngest_ReachesNginx_AndFfprobeReadsItBack()
    {
        await using var nginx = await NginxRtmpIngest.StartAsync();
        var ingest = $"rtmp://127.0.0.1:{nginx.Port}/live/secret-stream-key";
        await _server.DisposeAsync();
        await StartServerAsync(_recordings, $"--OpenLive:Egress:Live:Apps:1400000000:RtmpUrls:0={ingest}");
        var encoded = await RecordingPublisher.EncodeAsync($"{Sources} {Vp8Out} {OpusOut}", 90_000, 48_000);
        var publisher = await PublishAsync(RtcVideoCodec.Vp8);

        var channel = Host.Start(_room, Request(EgressOutputs.Rtmp) with { RtmpUrls = [ingest] }).Channel!;
        var shown = Assert.Single(channel.Urls);
        Assert.Equal((EgressOutputs.Rtmp, $"rtmp://127.0.0.1:{nginx.Port}/live/"), (shown.Kind, shown.Url));
        publisher.Start(encoded[0], encoded[1]);

        // nginx (the CDN) has the stream once ffmpeg pushes: ffprobe reads it back from there.
        Assert.Equal(["aac", "h264"], await LiveOutputsTests.ProbeCodecsAsync(ingest));
        Assert.True(Host.Stop(RoomKey, channel.ChannelId, "test over"));
        var ended = (await _webhooks.WaitForAsync("egress.ended", e => e.GetProperty("egress").GetProperty("channelId").GetUInt64() == channel.ChannelId)).GetProperty("egress");
        Assert.False(ended.TryGetProperty("error", out _), ended.GetRawText());
        Assert.DoesNotContain("secret-stream-key", ended.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void ARoomWhoseMediaEnded_IsRefused_With10009_AndNothingRuns()
    {
        _room.Close();
        var started = Host.Start(_room, Request());
        Assert.Equal(10009, started.Error?.Code);
        Assert.Empty(Host.Running(RoomKey));
    }

    [Fact]
    public async Task RecordingTheSameStreamTwice_IsRefused_With1003()
    {
        Assert.NotNull(Host.Start(_room, Request()).Channel);
        Assert.Equal(1003, Host.Start(_room, Request()).Error?.Code);
        Assert.Equal(1, Host.StopMember(RoomKey, "host", "left the room"));
        await _webhooks.WaitForAsync("egress.ended");
    }

    [Fact]
    public async Task AnUnwritableDirectory_EndsTheChannelWithAnError_AndTheRoomForwardsOn()
    {
        await _server.DisposeAsync();
        // A file where a directory must be: nothing can be created under it, even by root.
        var blocked = Path.Combine(_recordings, "not-a-directory");
        await File.WriteAllTextAsync(blocked, "x");
        await StartServerAsync(blocked);
        var encoded = await RecordingPublisher.EncodeAsync($"{Sources} {Vp8Out} {OpusOut}", 90_000, 48_000);
        var publisher = await PublishAsync(RtcVideoCodec.Vp8);
        var watcher = new CountingTapSink();
        using var watch = _room.Tap("host", TrackSource.Camera, watcher).Value!;

        var started = Host.Start(_room, Request());
        publisher.Start(encoded[0], encoded[1]);

        var ended = await _webhooks.WaitForAsync("egress.ended");
        var error = ended.GetProperty("egress").GetProperty("error").GetString();
        Assert.StartsWith("cannot create the recording file: ", error, StringComparison.Ordinal);
        Assert.Equal(started.Channel!.ChannelId, ended.GetProperty("egress").GetProperty("channelId").GetUInt64());
        Assert.Empty(Host.Running(RoomKey));
        // The room is unaffected: the member's media still flows through the SFU.
        var seen = watcher.Packets;
        await Eventually.WaitUntilAsync(() => watcher.Packets >= seen + 50, () => $"{watcher.Packets - seen} packets after the failure");
    }

    [Fact]
    public async Task APublisherLeaving_FinalizesTheFile_WithDurationAndIndex()
    {
        var encoded = await RecordingPublisher.EncodeAsync($"{Sources} {Vp8Out} {OpusOut}", 90_000, 48_000);
        var publisher = await PublishAsync(RtcVideoCodec.Vp8);
        var started = Host.Start(_room, Request());
        var info = started.Channel!;
        await WaitUntilWritingAsync(info.ChannelId);
        publisher.Start(encoded[0], encoded[1]);
        await Eventually.WaitUntilAsync(() => File.Exists(Path.Combine(_recordings, info.FileIds[0] + ".webm")) && new FileInfo(Path.Combine(_recordings, info.FileIds[0] + ".webm")).Length > 100_000,
            () => "100 kB recorded");

        // The control part calls this when the publisher leaves the room.
        Assert.Equal(1, Host.StopMember(RoomKey, "host", "left the room"));

        var ended = (await _webhooks.WaitForAsync("egress.ended")).GetProperty("egress");
        Assert.Equal("left the room", ended.GetProperty("reason").GetString());
        var path = Path.Combine(_recordings, ended.GetProperty("file").GetString()!);
        var probe = await RecordingProbe.ReadAsync(path);
        Assert.InRange(probe.Duration * 1000, ended.GetProperty("durationMs").GetInt64() - 100, ended.GetProperty("durationMs").GetInt64() + 200);
        await RecordingProbe.AssertDecodesCleanlyAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x1C, 0x53, 0xBB, 0x6B]) > 0, "no Cues: the file was not finalized");
    }

    [Fact]
    public async Task APublisherReconnectingThroughTheSfu_ContinuesTheSameFile()
    {
        var encoded = await RecordingPublisher.EncodeAsync($"{Sources} {Vp8Out} {OpusOut}", 90_000, 48_000);
        var (firstVideo, secondVideo) = Halves(encoded[0]);
        var (firstAudio, secondAudio) = Halves(encoded[1]);
        var first = await PublishAsync(RtcVideoCodec.Vp8);
        var channel = Host.Start(_room, Request()).Channel!;
        await WaitUntilWritingAsync(channel.ChannelId);
        first.Start(firstVideo, firstAudio);
        await first.Completion;

        // The member's connection drops and it publishes again on a new one (new SSRCs, sequence numbers, DTLS).
        _room.RemoveMember("host");
        _room.SetMember("host", new MediaPermissions(MediaRights.All), autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        var second = await PublishAsync(RtcVideoCodec.Vp8);
        second.Start(secondVideo, secondAudio);
        await second.Completion;
        Assert.True(Host.Stop(RoomKey, channel.ChannelId, "test over"));

        var ended = (await _webhooks.WaitForAsync("egress.ended")).GetProperty("egress");
        Assert.False(ended.TryGetProperty("error", out _), ended.GetRawText());
        var path = Path.Combine(_recordings, ended.GetProperty("file").GetString()!);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.webm"));
        var probe = await RecordingProbe.ReadAsync(path);
        var sent = first.Sent + second.Sent;
        // Both halves and the reconnect's gap; the second half starts at its first keyframe (the canned stream has one
        // every 2 s and cannot answer the keyframe request), so up to 2 s of its video may be missing.
        Assert.True(probe.Duration >= sent.TotalSeconds * 0.95, $"{probe.Duration:F2} s for {sent.TotalSeconds:F2} s sent");
        Assert.True(probe.Stream("video").Frames >= (first.VideoFramesSent + second.VideoFramesSent - 60) * 0.95,
            $"{probe.Stream("video").Frames} of {first.VideoFramesSent + second.VideoFramesSent} video frames");
        await RecordingProbe.AssertDecodesCleanlyAsync(path);
    }

    private static (EncodedRtp, EncodedRtp) Halves(EncodedRtp stream)
    {
        var half = stream.Packets.Count / 2;
        return (stream with { Packets = stream.Packets[..half] }, stream with { Packets = stream.Packets[half..] });
    }

    private async Task<(RecordingPublisher Publisher, EgressInfo Channel)> RecordAsync(RtcVideoCodec codec, string ffmpeg)
    {
        var encoded = await RecordingPublisher.EncodeAsync(ffmpeg, 90_000, 48_000);
        var publisher = await PublishAsync(codec);
        var started = Host.Start(_room, Request());
        Assert.Null(started.Error);
        var channel = started.Channel!;
        Assert.Equal([channel], Host.Running(RoomKey));
        var begun = await _webhooks.WaitForAsync("egress.started");
        Assert.Equal(channel.FileIds[0], begun.GetProperty("egress").GetProperty("file").GetString());

        await WaitUntilWritingAsync(channel.ChannelId);
        publisher.Start(encoded[0], encoded[1]);
        await publisher.Completion;
        Assert.True(Host.Stop(RoomKey, channel.ChannelId, "test over"));
        return (publisher, channel);
    }

    private async Task AssertRecordingAsync(RecordingPublisher publisher, EgressInfo channel, string extension, string videoCodec, string audioCodec)
    {
        var ended = (await _webhooks.WaitForAsync("egress.ended", e => e.GetProperty("egress").GetProperty("channelId").GetUInt64() == channel.ChannelId)).GetProperty("egress");
        Assert.False(ended.TryGetProperty("error", out _), ended.GetRawText());
        var file = ended.GetProperty("file").GetString()!;
        Assert.Equal($"{channel.FileIds[0]}.{extension}", file);
        Assert.Matches(@"^1400000000/egress-room/host/\d{8}-\d{6}-\d+\.(webm|mp4)$", file);
        var path = Path.Combine(_recordings, file);
        Assert.Equal(new FileInfo(path).Length, ended.GetProperty("size").GetInt64());

        var probe = await RecordingProbe.ReadAsync(path);
        var video = probe.Stream("video");
        var audio = probe.Stream("audio");
        var sent = publisher.Sent.TotalSeconds;
        Assert.Equal((videoCodec, audioCodec), (video.Codec, audio.Codec));
        Assert.InRange(probe.Duration, sent * 0.95, sent * 1.05);
        Assert.True(video.Frames >= publisher.VideoFramesSent * 0.95, $"{video.Frames} of {publisher.VideoFramesSent} video frames");
        // Audio for the whole duration: 20 ms frames covering at least 95 % of it.
        Assert.True(audio.Frames * 0.020 >= probe.Duration * 0.95, $"{audio.Frames} audio frames for {probe.Duration:F2} s");
        Assert.True(Math.Abs(video.StartTime - audio.StartTime) < 0.1, $"A/V start offset {video.StartTime - audio.StartTime:F3} s");
        await RecordingProbe.AssertDecodesCleanlyAsync(path);

        // The sidecar and the catalog say the same.
        var listed = Assert.Single(_server.Services.GetRequiredService<RecordingCatalog>().List(1400000000, "egress-room"));
        Assert.Equal((RecordingState.Ended, file, extension), (listed.State, listed.File, listed.Container));
        Assert.Equal([videoCodec, audioCodec], listed.Codecs);
        Assert.Equal(ended.GetProperty("durationMs").GetInt64(), listed.DurationMs);
        Assert.Empty(_server.Services.GetRequiredService<RecordingCatalog>().List(1400000000, "another-room"));
    }

    private async Task StartServerAsync(string recordings, params string[] more)
    {
        _server = await TestServer.StartAsync(null, [
            $"--OpenLive:Egress:RecordingsDirectory={recordings}", $"--OpenLive:Egress:Live:HlsDirectory={Path.Combine(_recordings, "hls")}",
            .. _webhooks.ServerArguments, .. more]);
        _room = _server.Services.GetRequiredService<SfuEngine>().GetOrCreateRoom(RoomKey, new QuietRoomEvents());
        _room.SetMember("host", new MediaPermissions(MediaRights.All), autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
    }

    private async Task<RecordingPublisher> PublishAsync(RtcVideoCodec codec)
    {
        var publisher = await RecordingPublisher.ConnectAsync(_room, "host", codec);
        _publishers.Add(publisher);
        return publisher;
    }

    private static EgressRequest Request(EgressOutputs outputs = EgressOutputs.Record) =>
        new(1400000000, "egress-room", RoomKey, "host", EgressVideo.Camera, AudioOnly: false, outputs, [], FileName: null, StartedBy: "host");

    /// <summary>
    /// The taps have attached and the file has started: from here on every packet the publisher sends reaches the
    /// recording. (A browser answers the keyframe request of the start at once; this publisher sends canned frames and
    /// cannot, so frames sent before the taps attached would cost a whole GOP.)
    /// </summary>
    private Task WaitUntilWritingAsync(ulong channelId)
    {
        var output = (RecordingOutput)Host.Find(channelId)!.Outputs[0];
        return Eventually.WaitUntilAsync(() => output.Recording?.IsWriting == true, () => "the recording's file not started");
    }

    private sealed class CountingTapSink : ITrackTapSink
    {
        private int _packets;

        public int Packets => Volatile.Read(ref _packets);

        public void OnTrackAttached(TappedTrack track)
        {
        }

        public void OnRtp(ReadOnlySpan<byte> packet) => Interlocked.Increment(ref _packets);

        public void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp)
        {
        }

        public void OnTrackDetached()
        {
        }

        public void OnClosed()
        {
        }
    }
}
