using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Egress.Ffmpeg;
using OpenLive.Server.Application.Egress;
using OpenLive.Testing;
using OpenLive.Tests.Shared;

namespace OpenLive.Server.Tests.Application.Egress;

/// <summary>
/// Live outputs with real parts: a WebM writer fed real VP8 frames is the live source; live HLS is written by a real
/// ffmpeg and served by the real server, and ffprobe reads the playlist over HTTP; RTMP goes into nginx with the RTMP
/// module and ffprobe reads it back; an unreachable ingest is retried with back-off, then ends with an error.
/// </summary>
public sealed class LiveOutputsTests : IAsyncLifetime
{
    private const uint RtmpApp = 1400000777;
    private const string StreamKey = "sk_live_3f9a1c27be5d4e08";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _hls = Directory.CreateTempSubdirectory("openlive-live-outputs-").FullName;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_hls, recursive: true);
        return ValueTask.CompletedTask;
    }

    private Task<TestServer> StartServerAsync(params string[] more) => TestServer.StartAsync(null, [
        $"--OpenLive:Egress:Live:HlsDirectory={_hls}",
        "--OpenLive:Egress:Live:HlsRemoveAfter=00:00:01",
        "--OpenLive:Egress:Ffmpeg:HlsSegmentSeconds=1",
        "--OpenLive:Egress:Ffmpeg:RestartBackoffMin=00:00:00.050",
        "--OpenLive:Egress:Ffmpeg:RestartBackoffMax=00:00:00.200",
        "--OpenLive:Egress:Ffmpeg:MaxRestarts=2",
        .. more]);

    [Fact]
    public async Task Hls_OfALiveWriter_IsServedByTheServer_FfprobeReadsItOverHttp_AndItIsRemovedAfterTheGrace()
    {
        await using var server = await StartServerAsync();
        await using var feed = await LiveOutputsFeed.StartAsync();
        var outputs = server.Services.GetRequiredService<LiveOutputs>();

        var start = outputs.StartHls(server.AppId, "room1", "alice", feed.Writer);
        Assert.Null(start.Problem);
        var output = Assert.Single(start.Outputs);
        Assert.Equal($"/live/{server.AppId}/room1/alice/index.m3u8", output.Url);
        using var http = new HttpClient { BaseAddress = server.Url };
        var playlist = await WaitForPlaylistAsync(http, output.Url, p => p.Count(l => l.EndsWith(".m4s", StringComparison.Ordinal)) >= 2);

        Assert.Contains(playlist, l => l.StartsWith("#EXT-X-MAP:URI=\"init-", StringComparison.Ordinal)); // the output's own names
        Assert.Equal(["h264"], await ProbeCodecsAsync(new Uri(server.Url, output.Url).ToString()));
        Assert.Contains("already running", outputs.StartHls(server.AppId, "room1", "alice", feed.Writer).Problem, StringComparison.Ordinal);

        await output.StopAsync();
        Assert.Null((await output.Ffmpeg.Completion).Error);
        Assert.Contains("#EXT-X-ENDLIST", await http.GetStringAsync(output.Url), StringComparison.Ordinal); // kept for the grace
        var directory = output.Directory!;
        await WaitUntilAsync(() => !Directory.Exists(directory), "the HLS directory removed after the grace");
        using var gone = await http.GetAsync(output.Url);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Hls_OfAMemberWhoseIdIsNoSafeName_GoesUnderAnEncodedDirectory_InsideTheHlsDirectory()
    {
        await using var server = await StartServerAsync();
        await using var feed = await LiveOutputsFeed.StartAsync();
        var outputs = server.Services.GetRequiredService<LiveOutputs>();

        var start = outputs.StartHls(server.AppId, "../../etc", "a/b%2F..", feed.Writer);
        var output = Assert.Single(start.Outputs);
        Assert.Equal($"/live/{server.AppId}/.2e2e2f2e2e2f657463/.612f622532462e2e/index.m3u8", output.Url);
        Assert.StartsWith(Path.Combine(_hls, server.AppId.ToString(CultureInfo.InvariantCulture)) + Path.DirectorySeparatorChar, output.Directory, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = server.Url };
        await WaitForPlaylistAsync(http, output.Url, p => p.Any(l => l.EndsWith(".m4s", StringComparison.Ordinal)));
        await output.StopAsync();
    }

    [Fact]
    public async Task Rtmp_ToTheAppsConfiguredIngest_ReachesNginx_AndFfprobeReadsItBack_WithTheKeyNeverShown()
    {
        await using var nginx = await NginxRtmpIngest.StartAsync();
        var url = $"rtmp://127.0.0.1:{nginx.Port}/live/{StreamKey}";
        await using var server = await StartServerAsync($"--OpenLive:Egress:Live:Apps:{RtmpApp}:RtmpUrls:0={url}");
        await using var feed = await LiveOutputsFeed.StartAsync();
        var outputs = server.Services.GetRequiredService<LiveOutputs>();

        var start = outputs.StartRtmp(RtmpApp, feed.Writer);
        var output = Assert.Single(start.Outputs);
        Assert.DoesNotContain(StreamKey, output.Url, StringComparison.Ordinal);
        await WaitForEventAsync(output, e => e.Kind == FfmpegOutputEventKind.Started);

        Assert.Equal(["h264"], await ProbeCodecsAsync(url));
        await output.StopAsync();
        Assert.True((await output.Ffmpeg.Completion).Error is null, nginx.Log);
    }

    [Fact]
    public async Task Rtmp_ToAnUnreachableIngest_IsRetriedWithBackoff_ThenEndsWithAnError()
    {
        using var refusing = new RefusingTcpPort();
        var url = $"rtmp://127.0.0.1:{refusing.Port}/live/{StreamKey}";
        await using var server = await StartServerAsync($"--OpenLive:Egress:Live:Apps:{RtmpApp}:RtmpUrls:0={url}");
        await using var feed = await LiveOutputsFeed.StartAsync();
        var outputs = server.Services.GetRequiredService<LiveOutputs>();

        var output = Assert.Single(outputs.StartRtmp(RtmpApp, feed.Writer).Outputs);
        var events = new List<FfmpegOutputEvent>();
        using var deadline = new CancellationTokenSource(Deadline);
        await foreach (var e in output.Ffmpeg.Events.ReadAllAsync(deadline.Token))
        {
            events.Add(e);
        }

        var ended = events[^1];
        Assert.Equal(FfmpegOutputError.RestartLimitReached, ended.Error);
        Assert.Equal(
            [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)],
            events.Where(e => e.Kind == FfmpegOutputEventKind.Exited).Select(e => e.RetryIn!.Value));
        Assert.All(events, e => Assert.DoesNotContain(StreamKey, $"{e.Reason} {string.Join(' ', e.StderrTail ?? [])}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rtmp_ForAnAppWithoutAConfiguredIngest_IsRefused()
    {
        await using var server = await StartServerAsync();
        await using var feed = await LiveOutputsFeed.StartAsync();

        var start = server.Services.GetRequiredService<LiveOutputs>().StartRtmp(RtmpApp, feed.Writer);

        Assert.Empty(start.Outputs);
        Assert.Contains($"Apps:{RtmpApp}:RtmpUrls", start.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://ingest.example/live/key")] // not RTMP: the server must not be made to speak other protocols
    [InlineData("rtmp://user:pass@ingest.example/live/key")]
    [InlineData("rtmp://ingest.example/live")] // no stream key
    [InlineData("rtmp://ingest.example/live/key with space")]
    public void Options_WithABadRtmpUrl_AreRefusedAtStart_WithoutRepeatingIt(string url)
    {
        var options = new LiveOutputOptions { Apps = { ["1400000001"] = new LiveOutputAppOptions { RtmpUrls = [url] } } };

        var result = new LiveOutputOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.DoesNotContain("ingest.example", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_WithAnAppKeyThatIsNoSdkAppId_OrAPercentInTheHlsDirectory_AreRefused()
    {
        Assert.True(new LiveOutputOptionsValidator().Validate(null, new LiveOutputOptions { Apps = { ["my-app"] = new() } }).Failed);
        Assert.True(new LiveOutputOptionsValidator().Validate(null, new LiveOutputOptions { HlsDirectory = "/srv/hls%d" }).Failed);
        Assert.True(new LiveOutputOptionsValidator().Validate(null, new LiveOutputOptions
        {
            Apps = { ["1400000001"] = new LiveOutputAppOptions { RtmpUrls = ["rtmps://a.example/live/k1", "rtmp://b.example:1935/app/k2?token=x"] } },
        }).Succeeded);
    }

    private static async Task<string[]> WaitForPlaylistAsync(HttpClient http, string url, Func<string[], bool> condition)
    {
        var watch = Stopwatch.StartNew();
        var last = "(no answer yet)";
        while (watch.Elapsed < Deadline)
        {
            using var response = await http.GetAsync(url);
            last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            if (response.IsSuccessStatusCode)
            {
                var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (condition(lines))
                {
                    return lines;
                }
            }

            await Task.Delay(200); // ffmpeg writes a segment a second; polling the real endpoint until the deadline
        }

        throw new TimeoutException($"the playlist {url} did not get there within {Deadline}; last answer {last}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Deadline, $"not {what} within {Deadline}");
            await Task.Delay(100);
        }
    }

    private static async Task WaitForEventAsync(LiveOutput output, Func<FfmpegOutputEvent, bool> match)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var seen = new List<FfmpegOutputEvent>();
        await foreach (var e in output.Ffmpeg.Events.ReadAllAsync(deadline.Token))
        {
            seen.Add(e);
            if (match(e))
            {
                return;
            }
        }

        Assert.Fail($"no such event; saw {string.Join("; ", seen)}");
    }

    /// <summary>The codecs ffprobe reads from <paramref name="input"/> (a file, an HLS playlist over HTTP, an RTMP stream), sorted.</summary>
    internal static async Task<string[]> ProbeCodecsAsync(string input)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-v", "error", "-rw_timeout", "10000000", "-show_entries", "stream=codec_name", "-of", "csv=p=0", input })
        {
            start.ArgumentList.Add(argument);
        }

        using var ffprobe = Process.Start(start)!;
        var stdout = ffprobe.StandardOutput.ReadToEndAsync();
        var stderr = ffprobe.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await ffprobe.WaitForExitAsync(deadline.Token);
        Assert.True(ffprobe.ExitCode == 0, $"ffprobe {input}: {await stderr}");
        return [.. (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order(StringComparer.Ordinal)];
    }
}
