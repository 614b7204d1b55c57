using Microsoft.Extensions.Time.Testing;
using OpenLive.Egress.Ffmpeg;
using OpenLive.Tests.Shared;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>The ffmpeg outputs' failures end as events with a reason, never as exceptions or hangs.</summary>
public sealed class FfmpegOutputFailureTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FfmpegMissing_EndsWithFfmpegNotFound()
    {
        using var root = new TempDirectory();
        await using var source = await FeedFiles.Vp8OpusWebMAsync(TimeSpan.FromMilliseconds(250));
        Assert.True(HlsOutputTarget.TryCreate(root.Path, "hls", out var target, out _));
        var options = FfmpegOutputHlsTests.Options(root.Path);
        options.FfmpegPath = "/nonexistent/bin/ffmpeg";
        await using var output = new FfmpegOutput(target!, source, options, TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);

        output.Start();
        var ended = await output.Completion.WaitAsync(Deadline);

        Assert.Equal(FfmpegOutputError.FfmpegNotFound, ended.Error);
        Assert.Contains("/nonexistent/bin/ffmpeg", ended.Reason, StringComparison.Ordinal);
        await events.WaitForAsync(e => e.Kind == FfmpegOutputEventKind.Ended, Deadline, "Ended");
        Assert.Single(events.Events);
        Assert.Equal(0, source.Opened);
    }

    [Fact]
    public async Task OutputDirectoryUnwritable_EndsWithOutputUnwritable()
    {
        using var root = new TempDirectory();
        await using var source = await FeedFiles.Vp8OpusWebMAsync(TimeSpan.FromMilliseconds(250));
        // Tests run as root, which writes through any mode bits: a file where a directory must go is unwritable for anyone.
        await File.WriteAllTextAsync(Path.Combine(root.Path, "blocked"), "a file, not a directory");
        Assert.True(HlsOutputTarget.TryCreate(root.Path, "blocked/hls", out var target, out _));
        await using var output = new FfmpegOutput(target!, source, FfmpegOutputHlsTests.Options(root.Path), TimeProvider.System, new CapturingLogger());

        output.Start();
        var ended = await output.Completion.WaitAsync(Deadline);

        Assert.Equal(FfmpegOutputError.OutputUnwritable, ended.Error);
        Assert.Contains("blocked/hls", ended.Reason, StringComparison.Ordinal);
        Assert.Equal(0, source.Opened);
    }

    [Fact]
    public async Task OutputDirectoryThroughASymbolicLink_IsRefused_AndNothingIsCreatedOutsideTheRoot()
    {
        using var root = new TempDirectory();
        using var elsewhere = new TempDirectory();
        await using var source = await FeedFiles.Vp8OpusWebMAsync(TimeSpan.FromMilliseconds(250));
        Directory.CreateSymbolicLink(Path.Combine(root.Path, "escape"), elsewhere.Path);
        Assert.True(HlsOutputTarget.TryCreate(root.Path, "escape/hls", out var target, out _));
        await using var output = new FfmpegOutput(target!, source, FfmpegOutputHlsTests.Options(root.Path), TimeProvider.System, new CapturingLogger());

        output.Start();
        var ended = await output.Completion.WaitAsync(Deadline);

        Assert.Equal(FfmpegOutputError.OutputUnwritable, ended.Error);
        Assert.Contains("symbolic link", ended.Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere.Path));
    }

    [Fact]
    public async Task StopWhileWaitingToRestart_EndsCleanly()
    {
        using var root = new TempDirectory();
        await using var source = await FeedFiles.Vp8OpusWebMAsync(TimeSpan.FromMilliseconds(500)); // lasts 30 s: every attempt gets clusters
        using var refusing = new RefusingTcpPort(); // refuses connections until the test ends
        Assert.True(RtmpOutputTarget.TryCreate($"rtmp://127.0.0.1:{refusing.Port}/live/k", out var target, out _));
        var options = FfmpegOutputHlsTests.Options(root.Path);
        options.RestartBackoffMin = TimeSpan.FromMinutes(1);
        options.RestartBackoffMax = TimeSpan.FromMinutes(1);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow); // never advanced: the back-off only ends by the stop
        await using var output = new FfmpegOutput(target!, source, options, time, new CapturingLogger());
        var events = new OutputEventLog(output);
        output.Start();
        await events.WaitForAsync(e => e.Kind == FfmpegOutputEventKind.Exited, Deadline, "Exited (waiting to restart)");

        await output.StopAsync().WaitAsync(Deadline);

        var ended = await output.Completion;
        Assert.True(ended.Error is null, events.Describe());
        Assert.Contains("waiting to restart", ended.Reason, StringComparison.Ordinal);
        Assert.Null(output.CurrentProcessId);
        Assert.DoesNotContain(events.Events, e => e.Kind == FfmpegOutputEventKind.Restarted);
    }

    [Fact]
    public async Task SourceEnded_EndsCleanly_WithTheFilesFinished()
    {
        using var root = new TempDirectory();
        var (header, chunks) = ContainerSplitter.SplitWebM(await File.ReadAllBytesAsync(await FeedFiles.PathOfAsync("vp8-opus.webm")));
        await using var source = new FileFeedSource(
            new LiveFeedFormat(LiveFeedContainer.WebM, OpenLive.Egress.Media.EgressCodec.Vp8, true), header, chunks.Take(8).ToList(), TimeSpan.FromMilliseconds(50));
        Assert.True(HlsOutputTarget.TryCreate(root.Path, "short", out var target, out _));
        await using var output = new FfmpegOutput(target!, source, FfmpegOutputHlsTests.Options(root.Path), TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);

        output.Start();
        var ended = await output.Completion.WaitAsync(Deadline);

        Assert.True(ended.Error is null && ended.ExitCode == 0, events.Describe());
        Assert.Contains("the source ended", ended.Reason, StringComparison.Ordinal);
        Assert.True(HlsPlaylist.TryRead(target!.PlaylistPath)!.Ended);
    }

    [Fact]
    public async Task FfmpegKilledWhileTheSourceIsPaused_IsRestartedWithoutWaitingForTheNextChunk()
    {
        using var root = new TempDirectory();
        // A publisher that has paused: the header is there, the next cluster does not come for an hour.
        await using var source = await FeedFiles.Vp8OpusWebMAsync(TimeSpan.FromHours(1));
        Assert.True(HlsOutputTarget.TryCreate(root.Path, "paused", out var target, out _));
        await using var output = new FfmpegOutput(target!, source, FfmpegOutputHlsTests.Options(root.Path), TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);
        output.Start();
        await events.WaitForAsync(e => e.Kind == FfmpegOutputEventKind.Started, Deadline, "Started");

        using (var ffmpeg = System.Diagnostics.Process.GetProcessById(output.CurrentProcessId!.Value))
        {
            ffmpeg.Kill(); // the ffmpeg this test's output started, by its id
        }

        await events.WaitForAsync(e => e.Kind == FfmpegOutputEventKind.Restarted, Deadline, "Restarted after the kill");
        await output.StopAsync().WaitAsync(Deadline);
        Assert.True((await output.Completion).Error is null, events.Describe());
    }

    [Fact]
    public async Task StopWithAStuckFfmpeg_KillsItAfterTheStopTimeout()
    {
        using var root = new TempDirectory();
        await using var source = await FeedFiles.Vp8OpusWebMAsync(TimeSpan.FromMilliseconds(50));
        Assert.True(HlsOutputTarget.TryCreate(root.Path, "stuck", out var target, out _));
        var options = FfmpegOutputHlsTests.Options(root.Path);
        options.StopTimeout = TimeSpan.FromMilliseconds(500);
        await using var output = new FfmpegOutput(target!, source, options, TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);
        output.Start();
        await HlsPlaylist.WaitForAsync(target!.PlaylistPath, p => p.Segments.Count >= 1, Deadline, "a segment", events.Describe);
        var pid = output.CurrentProcessId!.Value;

        // SIGSTOP: ffmpeg neither reads its feed nor exits; the pipe fills and the feed's writes block.
        var (code, _, stderr) = await ExternalTool.RunAsync("kill", ["-STOP", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], Deadline);
        Assert.True(code == 0, stderr);
        await output.StopAsync().WaitAsync(Deadline);

        var ended = await output.Completion;
        Assert.True(ended.Error is null, events.Describe());
        Assert.Null(output.CurrentProcessId);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }
}
