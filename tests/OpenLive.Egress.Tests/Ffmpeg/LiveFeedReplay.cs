using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>
/// Drives a real ffmpeg HLS output (<see cref="FfmpegOutput"/> + <see cref="HlsOutputTarget"/>, as production does) from
/// one feed a test opened on a writer at a chosen moment, and reads the drained chunks back.
/// </summary>
internal static class LiveFeedReplay
{
    /// <summary>Everything a (completed) feed holds, header first.</summary>
    public static async Task<List<LiveFeedChunk>> DrainAsync(ILiveFeed feed)
    {
        var chunks = new List<LiveFeedChunk>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await feed.ReadAsync(deadline.Token) is { } chunk)
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    /// <summary>A completed feed holding <paramref name="chunks"/> (the header first) again.</summary>
    public static BoundedLiveFeed Refill(IReadOnlyList<LiveFeedChunk> chunks)
    {
        var feed = new BoundedLiveFeed(chunks[0].Bytes.Span, 256 * 1024 * 1024);
        foreach (var chunk in chunks.Skip(1))
        {
            Assert.True(feed.TryWrite(chunk.Bytes.Span, chunk.StartsWithKeyframe));
        }

        feed.Complete();
        return feed;
    }

    /// <summary>
    /// Runs ffmpeg's HLS output on <paramref name="feed"/> (already opened and completed by the writer) until the feed
    /// ends; returns the playlist's path once ffmpeg finished it.
    /// </summary>
    public static async Task<string> ToHlsAsync(LiveFeedFormat format, ILiveFeed feed, TempDirectory root)
    {
        Assert.True(HlsOutputTarget.TryCreate(root.Path, "live", out var target, out var problem), problem);
        var source = new OpenedFeedSource(format, feed);
        await using var output = new FfmpegOutput(target!, source, FfmpegOutputHlsTests.Options(root.Path), TimeProvider.System, new CapturingLogger());
        var events = new OutputEventLog(output);
        output.Start();
        var ended = await output.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(ended.Error is null && ended.Reason?.StartsWith("the source ended", StringComparison.Ordinal) == true, events.Describe());
        return target!.PlaylistPath;
    }

    /// <summary>A source whose one stream is a feed opened beforehand (a second open would be a restart: none expected).</summary>
    private sealed class OpenedFeedSource(LiveFeedFormat format, ILiveFeed feed) : ILiveFeedSource
    {
        private int _opened;

        public LiveFeedFormat Format => format;

        public ILiveFeed OpenFromNextKeyframe()
        {
            Assert.Equal(1, Interlocked.Increment(ref _opened));
            return feed;
        }
    }
}
