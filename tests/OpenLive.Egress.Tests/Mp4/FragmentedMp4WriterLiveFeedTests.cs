using OpenLive.Egress.Ffmpeg;
using OpenLive.Egress.Media;
using OpenLive.Egress.Mp4;
using OpenLive.Egress.Tests.Ffmpeg;
using OpenLive.Tests.Shared;

namespace OpenLive.Egress.Tests.Mp4;

/// <summary>
/// The fragmented MP4 writer as a live source (<see cref="ILiveFeedSource"/>): a reader joining mid-stream gets the init
/// segment and whole fragments from the next keyframe, which a real ffmpeg turns into HLS; a stalled reader costs the
/// writer nothing; with no reader the writer's path allocates nothing.
/// </summary>
public sealed class FragmentedMp4WriterLiveFeedTests(EncodedMedia media) : IClassFixture<EncodedMedia>
{
    [Fact]
    public async Task AFeedOpenedMidStream_StartsWithTheInitSegmentThenTheNextKeyframe_AndFfmpegMakesValidHlsOfIt()
    {
        using var writer = new FragmentedMp4Writer(Stream.Null, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
        ILiveFeed? feed = null;
        var written = 0;
        new RecordingFeed().AddVideo(media.Video).AddAudio(media.Audio).WriteTo(writer, w =>
        {
            // Joins 2.5 s in (75 pictures and 125 Opus packets): keyframes at 0, 2 and 4 s, and the fragment of the
            // first GOP was written at 2 s, so the reader's first fragment is the one from 2 s on.
            if (++written == 75 + 125)
            {
                feed = w.OpenFromNextKeyframe();
            }
        });
        Assert.Equal(Mp4WriteStatus.Accepted, writer.Finish());
        Assert.NotNull(feed);
        Assert.Equal(new LiveFeedFormat(LiveFeedContainer.FragmentedMp4, EgressCodec.H264, true), writer.Format);

        var chunks = await LiveFeedReplay.DrainAsync(feed);
        Assert.Equal("ftyp"u8.ToArray(), chunks[0].Bytes.Span[4..8].ToArray());
        Assert.Equal("moof"u8.ToArray(), chunks[1].Bytes.Span[4..8].ToArray());
        Assert.True(chunks[1].StartsWithKeyframe, "the first fragment after the header starts with a keyframe");
        Assert.Equal(writer.FragmentsWritten - 1, chunks.Count - 1); // every fragment but the first GOP's

        // The same chunks, as the feed gave them, through ffmpeg's HLS output as production runs it.
        using var root = new TempDirectory();
        await using var replayFeed = LiveFeedReplay.Refill(chunks);
        var playlist = await LiveFeedReplay.ToHlsAsync(writer.Format, replayFeed, root);
        Assert.Equal(["aac", "h264"], await ExternalTool.ProbeCodecsAsync(playlist));
        var (streams, duration) = await Ffprobe.ProbeAsync(playlist);
        var video = Assert.Single(streams, s => s.CodecType == "video");
        Assert.True(video.Frames >= 0.95 * 4 * EncodedMedia.FramesPerSecond, $"{video.Frames} video frames of the 4 s after the join");
        Assert.InRange(duration, 3.8, 4.3);
        Assert.Equal("", await Ffprobe.DecodeErrorsAsync(playlist));
    }

    [Fact]
    public async Task AStalledReader_LosesWholeFragments_WhileTheWriterAndAReadingReaderGoOn()
    {
        var video = media.Video.Select(d => (ReadOnlyMemory<byte>)d).ToArray();
        var audio = media.Audio.Select(d => (ReadOnlyMemory<byte>)d).ToArray();
        var largest = 0L;
        using (var reference = new FragmentedMp4Writer(Stream.Null, RecordingFeed.H264Track, RecordingFeed.OpusTrack))
        {
            var before = 0L;
            Write(reference, video, audio, 0, afterEach: w =>
            {
                largest = Math.Max(largest, w.BytesWritten - before);
                before = w.BytesWritten;
            });
        }

        // Room for about one and a half fragments per reader.
        var options = new FragmentedMp4Options { LiveFeedQueueBytes = (int)Math.Max(64 * 1024, largest * 3 / 2), WriteRandomAccessIndex = false };
        using var file = new MemoryStream();
        using var writer = new FragmentedMp4Writer(file, RecordingFeed.H264Track, RecordingFeed.OpusTrack, options);
        var stalled = (BoundedLiveFeed)writer.OpenFromNextKeyframe(); // never read
        var reading = writer.OpenFromNextKeyframe();
        var read = new List<LiveFeedChunk>();
        for (var pass = 0; pass < 3; pass++)
        {
            Write(writer, video, audio, pass, afterEach: w =>
            {
                // The reader keeps up: it reads the header and each fragment as soon as the writer has written it.
                while (w.FragmentsWritten > 0 && read.Count < 1 + w.FragmentsWritten)
                {
                    var next = reading.ReadAsync(default);
                    Assert.True(next.IsCompletedSuccessfully, $"chunk {read.Count} was not queued for the reading reader");
                    read.Add(next.Result!.Value);
                }
            });
        }

        Assert.Equal(Mp4WriteStatus.Accepted, writer.Finish());
        read.AddRange(await LiveFeedReplay.DrainAsync(reading));

        Assert.Equal(3 * 3, writer.FragmentsWritten); // every frame accepted (Write checks), every fragment written
        Assert.True(stalled.DroppedChunks >= 6, $"the stalled reader's queue is bounded: it lost {stalled.DroppedChunks} of 9 fragments");
        Assert.Equal(file.ToArray(), read.SelectMany(c => c.Bytes.ToArray()).ToArray()); // the reading reader got the whole file
        await stalled.DisposeAsync();
    }

    [Fact]
    public async Task WritingFrames_WithNoReader_AllocatesNothing_AfterOneCameAndWent()
    {
        using var writer = new FragmentedMp4Writer(Stream.Null, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
        var video = media.Video.Select(d => (ReadOnlyMemory<byte>)d).ToArray();
        var audio = media.Audio.Select(d => (ReadOnlyMemory<byte>)d).ToArray();
        Write(writer, video, audio, 0);
        var feed = writer.OpenFromNextKeyframe();
        Write(writer, video, audio, 1);
        await feed.DisposeAsync();
        Write(writer, video, audio, 2); // the closed reader leaves at the first fragment
        Assert.Equal(0, writer.LiveReaders);

        var nextPass = 3;
        var allocated = AllocationMeter.LeastAllocated(() => Write(writer, video, audio, nextPass++), iterations: 1);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task AFeedOpenedAfterTheEnd_Ends_AndOneOpenedBeforeTheInitSegment_GetsItFirst()
    {
        using var writer = new FragmentedMp4Writer(Stream.Null, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
        var early = writer.OpenFromNextKeyframe();
        new RecordingFeed().AddVideo(media.Video).AddAudio(media.Audio).WriteTo(writer);
        Assert.Equal(Mp4WriteStatus.Accepted, writer.Finish());

        var chunks = await LiveFeedReplay.DrainAsync(early);
        Assert.Equal("ftyp"u8.ToArray(), chunks[0].Bytes.Span[4..8].ToArray());
        Assert.Equal(1 + writer.FragmentsWritten, chunks.Count);
        Assert.Empty(await LiveFeedReplay.DrainAsync(writer.OpenFromNextKeyframe()));
    }

    [Fact]
    public void AReaderJoiningARunningStream_AsksForAKeyframe_OneJoiningBeforeTheStart_DoesNot()
    {
        using var writer = new FragmentedMp4Writer(Stream.Null, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
        var requests = new CountingKeyframeRequester();
        writer.LiveKeyframeRequester = requests;

        _ = writer.OpenFromNextKeyframe(); // before the init segment: the first keyframe is coming anyway
        Assert.Equal(0, requests.Count);
        new RecordingFeed().AddVideo(media.Video.Take(10)).WriteTo(writer);
        _ = writer.OpenFromNextKeyframe();

        Assert.Equal(1, requests.Count);
    }

    private sealed class CountingKeyframeRequester : OpenLive.Egress.Depacketizing.IKeyframeRequester
    {
        public int Count { get; private set; }

        public void RequestKeyframe() => Count++;
    }

    private static void Write(FragmentedMp4Writer writer, ReadOnlyMemory<byte>[] video, ReadOnlyMemory<byte>[] audio, int pass, Action<FragmentedMp4Writer>? afterEach = null)
    {
        var videoBase = RecordingFeed.VideoRtpStart + (pass * video.Length * 3000L);
        var audioBase = RecordingFeed.AudioRtpStart + (pass * audio.Length * 960L);
        int v = 0, a = 0;
        while (v < video.Length || a < audio.Length)
        {
            if (v < video.Length && (a >= audio.Length || v * 50 <= a * 30))
            {
                Check(writer.WriteVideo(new MediaFrame(video[v], videoBase + (v * 3000L), false)));
                v++;
            }
            else
            {
                Check(writer.WriteAudio(new MediaFrame(audio[a], audioBase + (a * 960L), true)));
                a++;
            }

            afterEach?.Invoke(writer);
        }
    }

    private static void Check(Mp4WriteStatus status)
    {
        if (status != Mp4WriteStatus.Accepted)
        {
            Assert.Fail($"the writer answered {status}");
        }
    }
}
