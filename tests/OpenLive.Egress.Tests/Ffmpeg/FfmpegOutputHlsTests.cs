using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>Live HLS by a real ffmpeg from a live WebM / fragmented-MP4 feed over its socket, read back by ffprobe.</summary>
public sealed class FfmpegOutputHlsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ChunkInterval = TimeSpan.FromMilliseconds(250); // 1 s clusters at 4× real time

    internal static FfmpegOutputOptions Options(string root) => new()
    {
        RecordingsRoot = root,
        RestartBackoffMin = TimeSpan.FromMilliseconds(20),
        RestartBackoffMax = TimeSpan.FromMilliseconds(200),
        MaxRestarts = 3,
        StopTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Hls_FromVp8OpusWebM_IsH264AndAac_AndGrowsWhileFed_AndEndsOnStop()
    {
        using var root = new TempDirectory();
        await using var source = await FeedFiles.Vp8OpusWebMAsync(ChunkInterval);
        var target = Hls(root, "app1/room1/host/hls");
        var arguments = FfmpegArguments.Build(source.Format, target, Options(root.Path));
        Assert.Equal("libx264", arguments[arguments.IndexOf("-c:v") + 1]);
        await using var output = new FfmpegOutput(target, source, Options(root.Path), TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);

        output.Start();
        await events.WaitForAsync(e => e.Kind == FfmpegOutputEventKind.Started, Deadline, "Started");
        var first = await HlsPlaylist.WaitForAsync(target.PlaylistPath, p => p.Segments.Count >= 2, Deadline, "2 segments", events.Describe);

        Assert.Equal(["aac", "h264"], await ExternalTool.ProbeCodecsAsync(target.PlaylistPath));
        await HlsPlaylist.WaitForAsync(target.PlaylistPath, p => p.End >= first.End + 2, Deadline, $"grown past {first.End + 2} segments", events.Describe);

        await output.StopAsync();
        var ended = await output.Completion;
        Assert.True(ended.Error is null, events.Describe());
        Assert.True(HlsPlaylist.TryRead(target.PlaylistPath)!.Ended, "a stopped output's playlist has #EXT-X-ENDLIST: ffmpeg finished its files");
    }

    [Fact]
    public async Task Hls_FromH264OpusFragmentedMp4_CopiesTheVideo_AndIsH264AndAac()
    {
        using var root = new TempDirectory();
        await using var source = await FeedFiles.H264OpusMp4Async(ChunkInterval);
        var target = Hls(root, "app1/room1/host/hls");
        var arguments = FfmpegArguments.Build(source.Format, target, Options(root.Path));
        Assert.Equal("copy", arguments[arguments.IndexOf("-c:v") + 1]);
        Assert.Equal("aac", arguments[arguments.IndexOf("-c:a") + 1]);
        await using var output = new FfmpegOutput(target, source, Options(root.Path), TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);

        output.Start();
        var first = await HlsPlaylist.WaitForAsync(target.PlaylistPath, p => p.Segments.Count >= 2, Deadline, "2 segments", events.Describe);

        Assert.Equal(["aac", "h264"], await ExternalTool.ProbeCodecsAsync(target.PlaylistPath));
        await HlsPlaylist.WaitForAsync(target.PlaylistPath, p => p.End >= first.End + 2, Deadline, $"grown past {first.End + 2} segments", events.Describe);
        await output.StopAsync();
        Assert.True((await output.Completion).Error is null, events.Describe());
    }

    [Fact]
    public async Task Hls_DeletesSegmentsBeyondTheWindow()
    {
        using var root = new TempDirectory();
        await using var source = await FeedFiles.H264OpusMp4Async(ChunkInterval);
        var target = Hls(root, "window");
        var options = Options(root.Path);
        options.HlsWindowSegments = 3;
        await using var output = new FfmpegOutput(target, source, options, TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);

        output.Start();
        var playlist = await HlsPlaylist.WaitForAsync(target.PlaylistPath, p => p.End >= 8, Deadline, "8 segments produced", events.Describe);

        Assert.Equal(3, playlist.Segments.Count);
        var onDisk = Directory.GetFiles(target.Directory, "seg-*").Select(Path.GetFileName).ToArray();
        Assert.DoesNotContain("seg-0.m4s", onDisk);
        // The window, ffmpeg's one unreferenced segment kept for late readers (hls_delete_threshold 1), the one being written.
        Assert.True(onDisk.Length <= 3 + 2, $"segments on disk: {string.Join(", ", onDisk)}");
        await output.StopAsync();
    }

    [Fact]
    public async Task Hls_FfmpegKilledMidRun_IsRestartedOnAFreshHeader_AndThePlaylistContinues()
    {
        using var root = new TempDirectory();
        await using var source = await FeedFiles.Vp8OpusWebMAsync(ChunkInterval);
        var target = Hls(root, "restart");
        await using var output = new FfmpegOutput(target, source, Options(root.Path), TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);
        output.Start();
        var before = await HlsPlaylist.WaitForAsync(target.PlaylistPath, p => p.Segments.Count >= 2, Deadline, "2 segments", events.Describe);
        var pid = output.CurrentProcessId ?? throw new InvalidOperationException("no ffmpeg running");

        using (var ffmpeg = System.Diagnostics.Process.GetProcessById(pid))
        {
            ffmpeg.Kill(); // the ffmpeg this test's output started, by its id
        }

        var exited = await events.WaitForAsync(e => e.Kind == FfmpegOutputEventKind.Exited, Deadline, "Exited");
        await events.WaitForAsync(e => e.Kind == FfmpegOutputEventKind.Restarted && e.Attempt == 1, Deadline, "Restarted #1");
        Assert.Equal(TimeSpan.FromMilliseconds(20), exited.RetryIn);
        Assert.Equal(2, source.Opened); // the new ffmpeg read a new feed: header first, then from the next keyframe
        await HlsPlaylist.WaitForAsync(target.PlaylistPath, p => p.End >= before.End + 3, Deadline, $"continued past {before.End + 3} segments", events.Describe);
        Assert.Equal(["aac", "h264"], await ExternalTool.ProbeCodecsAsync(target.PlaylistPath));
        await output.StopAsync();
        Assert.True((await output.Completion).Error is null, events.Describe());
    }

    private static HlsOutputTarget Hls(TempDirectory root, string relative)
    {
        Assert.True(HlsOutputTarget.TryCreate(root.Path, relative, out var target, out var problem), problem);
        return target!;
    }
}
