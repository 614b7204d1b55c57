using OpenLive.Egress.Ffmpeg;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>
/// The test feeds, made once per run by ffmpeg itself: 60 s of a test pattern and a tone, VP8 + Opus in WebM (1 s
/// clusters) and H.264 + Opus in fragmented MP4 (a fragment per keyframe, 1 s GOP) — what the writers will produce.
/// </summary>
internal static class FeedFiles
{
    private static readonly Lazy<Task<string>> Directory = new(MakeAsync);

    public static async Task<FileFeedSource> Vp8OpusWebMAsync(TimeSpan interval)
    {
        var (header, chunks) = ContainerSplitter.SplitWebM(await File.ReadAllBytesAsync(Path.Combine(await Directory.Value, "vp8-opus.webm")));
        return new FileFeedSource(new LiveFeedFormat(LiveFeedContainer.WebM, EgressCodec.Vp8, true), header, chunks, interval);
    }

    public static async Task<FileFeedSource> H264OpusMp4Async(TimeSpan interval)
    {
        var (header, chunks) = ContainerSplitter.SplitFragmentedMp4(await File.ReadAllBytesAsync(Path.Combine(await Directory.Value, "h264-opus.mp4")));
        return new FileFeedSource(new LiveFeedFormat(LiveFeedContainer.FragmentedMp4, EgressCodec.H264, true), header, chunks, interval);
    }

    public static async Task<string> PathOfAsync(string name) => Path.Combine(await Directory.Value, name);

    private static async Task<string> MakeAsync()
    {
        // Made once per machine, not per run: the recipe's version is in the name, and a complete directory appears
        // only by an atomic rename, so a run never sees half-written files.
        var final = Path.Combine(Path.GetTempPath(), "openlive-egress-feeds-v1");
        if (System.IO.Directory.Exists(final))
        {
            return final;
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("openlive-egress-feeds-").FullName;
        string[] input = ["-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "60"];
        var webm = await ExternalTool.RunAsync("ffmpeg", [.. input,
            "-c:v", "libvpx", "-b:v", "300k", "-g", "30", "-deadline", "realtime", "-cpu-used", "8", "-pix_fmt", "yuv420p",
            "-c:a", "libopus", "-ac", "2", "-f", "webm", "-cluster_time_limit", "1000", Path.Combine(directory, "vp8-opus.webm")], TimeSpan.FromMinutes(2));
        Assert.True(webm.ExitCode == 0, webm.Stderr);
        var mp4 = await ExternalTool.RunAsync("ffmpeg", [.. input,
            "-c:v", "libx264", "-preset", "veryfast", "-g", "30", "-pix_fmt", "yuv420p",
            "-c:a", "libopus", "-ac", "2", "-f", "mp4", "-movflags", "frag_keyframe+empty_moov+default_base_moof", Path.Combine(directory, "h264-opus.mp4")], TimeSpan.FromMinutes(2));
        Assert.True(mp4.ExitCode == 0, mp4.Stderr);
        try
        {
            System.IO.Directory.Move(directory, final);
        }
        catch (IOException) when (System.IO.Directory.Exists(final))
        {
            System.IO.Directory.Delete(directory, recursive: true); // another run made it first
        }

        return final;
    }
}
