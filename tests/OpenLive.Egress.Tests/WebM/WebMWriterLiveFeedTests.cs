using OpenLive.Egress.Ffmpeg;
using OpenLive.Egress.Media;
using OpenLive.Egress.Tests.Depacketizing;
using OpenLive.Egress.Tests.Ffmpeg;
using OpenLive.Egress.WebM;

namespace OpenLive.Egress.Tests.WebM;

/// <summary>
/// The WebM writer as a live source (<see cref="ILiveFeedSource"/>): a reader joining mid-stream gets the EBML header and
/// Tracks, then whole clusters from the next keyframe, which a real ffmpeg turns into HLS; a stalled reader costs the
/// writer nothing. (No reader: <c>RecordingPathAllocationTests</c>.)
/// </summary>
public sealed class WebMWriterLiveFeedTests
{
    private static readonly EgressTrack Vp8 = new(EgressCodec.Vp8, 90_000, 0);
    private static readonly EgressTrack Opus = new(EgressCodec.Opus, 48_000, 2);
    private static ReadOnlySpan<byte> EbmlMagic => [0x1A, 0x45, 0xDF, 0xA3];
    private static ReadOnlySpan<byte> ClusterId => [0x1F, 0x43, 0xB6, 0x75];

    [Fact]
    public async Task AFeedOpenedMidStream_StartsWithTheHeaderThenAKeyframeCluster_AndFfmpegMakesValidHlsOfIt()
    {
        // 4 s of VP8 (a keyframe every 2 s) and Opus from ffmpeg over RTP, recorded in-process.
        var captures = await FfmpegTool.CaptureRtpAsync(
            "-re -f lavfi -t 4 -i testsrc=size=320x240:rate=30 -re -f lavfi -t 4 -i sine=frequency=440:sample_rate=48000 "
            + "-map 0:v -c:v libvpx -deadline realtime -cpu-used 8 -b:v 600k -g 60 -f rtp {0} -map 1:a -c:a libopus -ac 2 -b:a 64k -f rtp {1}", 2);
        ILiveFeed? feed = null;
        var writes = 0;
        var written = 0L;
        var file = new MemoryStream();
        RecordingRig.Record(file, [new RecordedInput(Vp8, captures[0].Rtp), new RecordedInput(Opus, captures[1].Rtp)], afterEachPacket: (writer, _) =>
        {
            Assert.Equal(new LiveFeedFormat(LiveFeedContainer.WebM, EgressCodec.Vp8, true), writer.Format);
            // Joins right after the first cluster was written (the header is the first write, the cluster the
            // second): the first GOP is over, and the reader's first cluster is the next keyframe's.
            if (writer.BytesWritten != written)
            {
                written = writer.BytesWritten;
                if (++writes == 2)
                {
                    feed = writer.OpenFromNextKeyframe();
                }
            }
        });

        Assert.NotNull(feed);
        var chunks = await LiveFeedReplay.DrainAsync(feed);
        Assert.True(chunks[0].Bytes.Span.StartsWith(EbmlMagic), "the header comes first");
        Assert.True(chunks.Skip(1).All(c => c.Bytes.Span.StartsWith(ClusterId)), "then whole clusters");
        Assert.True(chunks[1].StartsWithKeyframe, "the first cluster starts with a keyframe");
        var clustersInFile = CountClusters(file.ToArray());
        Assert.Equal(clustersInFile - 1, chunks.Count - 1); // all but the first GOP's

        using var root = new TempDirectory();
        await using var replayFeed = LiveFeedReplay.Refill(chunks);
        var playlist = await LiveFeedReplay.ToHlsAsync(new LiveFeedFormat(LiveFeedContainer.WebM, EgressCodec.Vp8, true), replayFeed, root);
        Assert.Equal(["aac", "h264"], await ExternalTool.ProbeCodecsAsync(playlist));
        var probe = await FfmpegTool.ProbeAsync(playlist);
        var video = probe.Stream("video");
        Assert.True(video.Frames >= 0.9 * 2 * 30, $"{video.Frames} video frames of the last 2 s GOP");
        Assert.InRange(probe.Duration, 1.8, 2.4);
        Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(playlist));
    }

    [Fact]
    public async Task AStalledReader_LosesWholeClusters_WhileTheWriterGoesOn()
    {
        var options = new WebMWriterOptions { LiveFeedQueueBytes = 64 * 1024 };
        using var writer = new WebMWriter(Stream.Null, [Vp8, Opus], options);
        await using var stalled = (BoundedLiveFeed)writer.OpenFromNextKeyframe();
        for (var i = 0; i < 30 * 20; i++)
        {
            var key = i % 30 == 0;
            Assert.Equal(WebMWriteStatus.Accepted, writer.WriteFrame(0, new MediaFrame(key ? TestFrames.Vp8Keyframe(length: 4000) : TestFrames.Vp8Interframe(2000), 1000 + (i * 3000L), key)));
            Assert.Equal(WebMWriteStatus.Accepted, writer.WriteFrame(1, TestFrames.Audio(5000 + (i * 1600L))));
        }

        Assert.True(writer.Finish());
        Assert.True(writer.BytesWritten > 20 * 60_000, $"{writer.BytesWritten} bytes written");
        Assert.True(stalled.DroppedChunks >= 15, $"the stalled reader's queue is bounded: it lost {stalled.DroppedChunks} of 20 clusters");
    }

    private static int CountClusters(byte[] file)
    {
        var count = 0;
        for (var at = file.AsSpan().IndexOf(ClusterId); at >= 0;)
        {
            count++;
            var next = file.AsSpan(at + 4).IndexOf(ClusterId);
            at = next < 0 ? -1 : at + 4 + next;
        }

        return count;
    }
}
