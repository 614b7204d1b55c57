using OpenLive.Egress.Ffmpeg;
using OpenLive.Tests.Shared;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>RTMP push by a real ffmpeg into nginx with the RTMP module (the CDN ingest), read back by ffprobe.</summary>
public sealed class FfmpegOutputRtmpTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Rtmp_PushesH264AndAacIntoNginx_AndFfprobeReadsItBack()
    {
        using var root = new TempDirectory();
        await using var nginx = await NginxRtmpIngest.StartAsync();
        await using var source = await FeedFiles.H264OpusMp4Async(TimeSpan.FromMilliseconds(250));
        var url = $"rtmp://127.0.0.1:{nginx.Port}/live/show-{Guid.NewGuid():N}";
        Assert.True(RtmpOutputTarget.TryCreate(url, out var target, out var problem), problem);
        await using var output = new FfmpegOutput(target!, source, FfmpegOutputHlsTests.Options(root.Path), TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);

        output.Start();
        await events.WaitForAsync(e => e.Kind == FfmpegOutputEventKind.Started, Deadline, "Started");

        Assert.Equal(["aac", "h264"], await ExternalTool.ProbeCodecsAsync(url));
        await output.StopAsync();
        Assert.True((await output.Completion).Error is null, events.Describe() + nginx.Log);
    }

    [Fact]
    public async Task Rtmp_IngestUnreachable_RetriesWithDoublingBackoff_ThenRestartLimitReached()
    {
        using var root = new TempDirectory();
        await using var source = await FeedFiles.Vp8OpusWebMAsync(TimeSpan.FromMilliseconds(500)); // lasts 30 s: every attempt gets clusters
        using var refusing = new RefusingTcpPort(); // refuses connections until the test ends
        Assert.True(RtmpOutputTarget.TryCreate($"rtmp://127.0.0.1:{refusing.Port}/live/k", out var target, out var problem), problem);
        var options = FfmpegOutputHlsTests.Options(root.Path); // 20 ms doubling to at most 200 ms, 3 restarts
        await using var output = new FfmpegOutput(target!, source, options, TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);

        output.Start();
        var ended = await output.Completion.WaitAsync(Deadline);

        Assert.True(ended.Error == FfmpegOutputError.RestartLimitReached, $"ended: {ended.Error} {ended.Reason}; {events.Describe()}");
        Assert.Contains("Connection refused", ended.Reason, StringComparison.Ordinal);
        await events.WaitForAsync(e => e.Kind == FfmpegOutputEventKind.Ended, Deadline, "Ended");
        Assert.Equal(
            [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(80)],
            events.Events.Where(e => e.Kind == FfmpegOutputEventKind.Exited).Select(e => e.RetryIn!.Value));
        Assert.Equal([1, 2, 3], events.Events.Where(e => e.Kind == FfmpegOutputEventKind.Restarted).Select(e => e.Attempt));
        Assert.Equal(4, source.Opened);
    }

    [Fact]
    public async Task Rtmp_StreamKey_NeverAppearsInLogsOrEvents()
    {
        using var root = new TempDirectory();
        await using var source = await FeedFiles.Vp8OpusWebMAsync(TimeSpan.FromMilliseconds(500)); // lasts 30 s: every attempt gets clusters
        const string key = "sk_live_8f14e45fceea167a5a36dedd4bea2543";
        using var refusing = new RefusingTcpPort(); // refuses connections until the test ends
        var url = $"rtmp://127.0.0.1:{refusing.Port}/live/{key}?token=abcdef123456";
        Assert.True(RtmpOutputTarget.TryCreate(url, out var target, out var problem), problem);
        var options = FfmpegOutputHlsTests.Options(root.Path);
        options.MaxRestarts = 1;
        var logger = new CapturingLogger();
        await using var output = new FfmpegOutput(target!, source, options, TimeProvider.System, logger);
        var events = new OutputEventLog(output);

        output.Start();
        var ended = await output.Completion.WaitAsync(Deadline);
        await events.WaitForAsync(e => e.Kind == FfmpegOutputEventKind.Ended, Deadline, "Ended");

        var everything = string.Join('\n', logger.Lines) + '\n' + events.Describe() + '\n' + target!.Description;
        Assert.Equal(FfmpegOutputError.RestartLimitReached, ended.Error);
        Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef123456", everything, StringComparison.Ordinal);
        // ffmpeg did print the URL (its connection error names it): it reached the log redacted.
        Assert.Contains($"/live/***", string.Join('\n', logger.Lines.Where(l => l.Contains("Connection refused", StringComparison.Ordinal))), StringComparison.Ordinal);
    }
}
