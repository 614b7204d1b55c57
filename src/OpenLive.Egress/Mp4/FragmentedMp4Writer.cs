using System.ComponentModel.DataAnnotations;
using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Ffmpeg;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.Mp4;

/// <summary>
/// Records an H.264 and/or an Opus track, as the depacketizers hand over their frames, into a fragmented MP4
/// (ISO/IEC 14496-12 §8.8; H.264 per 14496-15; Opus per "Encapsulation of Opus in ISO Base Media File Format"):
/// <code>
/// ftyp moov | moof mdat | moof mdat | ... | [mfra]
///             +-- moof: mfhd (sequence), traf video (tfhd, tfdt, trun), traf audio (tfhd, tfdt, trun)
///             +-- mdat: the video samples of the fragment, then its audio samples
/// </code>
/// <list type="bullet">
/// <item>The init segment is written at the first video keyframe that carries (or follows) an SPS and PPS — its 'avcC'
/// and size come from them — or at the first audio frame of an audio-only recording. Video before it is dropped;
/// audio is kept from its first frame (up to <see cref="FragmentedMp4Options.MaxFragmentDuration"/> of it while the
/// keyframe is awaited).</item>
/// <item>A fragment is cut at every video keyframe (IDR), at the latest after
/// <see cref="FragmentedMp4Options.MaxFragmentDuration"/>, or at <see cref="FragmentedMp4Options.MaxFragmentBytes"/>;
/// each is assembled in one buffer and written and flushed whole, so a file cut anywhere loses at most the fragment
/// being written, and the output may be a pipe or socket (nothing seeks back).</item>
/// <item>Time: each track's media time is its RTP clock (90 kHz, 48 kHz). Each track's first frame is placed on the
/// recording's time origin through its <see cref="TrackClockMapping"/> (<see cref="SetClockMapping"/>; a track without
/// one by its first frame is placed by that frame's arrival, see <see cref="TrackClock"/>); the origin is the earliest first frame known when the first fragment is written. A video track's
/// first frame is its first <em>received</em> frame, dropped or not, so dropping frames before the keyframe keeps the
/// A/V offset. A sample's duration is the delta to the next sample's timestamp; the last sample repeats the
/// previous delta.</item>
/// <item>Samples: Annex B start codes become 4-byte NAL lengths; SPS and PPS stay in-band ('avc3', see
/// <see cref="Mp4VideoSampleEntry"/>), so a mid-stream resolution change plays on.</item>
/// </list>
/// Live feed (<see cref="ILiveFeedSource"/>): a reader opened at any time (another thread) gets the init segment and
/// then whole fragments from the next one that starts with a sync sample, through its own bounded queue
/// (<see cref="FragmentedMp4Options.LiveFeedQueueBytes"/>, dropped from, never waited for); fragments keep their
/// absolute 'tfdt' and moof-relative offsets, so they stand on their own. The 'mfra' index is not part of the feed.
/// Not thread-safe otherwise: one caller per writer (the recording's track pump). After warm-up (buffers grown to a fragment's
/// worth) writing a frame allocates nothing. The writer does not own <c>output</c>.
/// </summary>
internal sealed class FragmentedMp4Writer : IRecordingWriter, ILiveFeedSource
{
    private const int MaxParameterSetBytes = 1024;
    private const uint MfhdAndTrafsEstimate = 256;

    private readonly Stream output;
    private readonly FragmentedMp4Options options;
    private readonly EgressTrack? videoTrack;
    private readonly EgressTrack? audioTrack;
    private readonly Mp4TrackTimeline? videoTime;
    private readonly Mp4TrackTimeline? audioTime;
    private readonly Mp4TrackFragment? video;
    private readonly Mp4TrackFragment? audio;
    private readonly LiveKeyframeCadence keyframeCadence = new();
    private readonly Mp4BoxWriter fragment = new(256 * 1024);
    private readonly byte[] sps = new byte[MaxParameterSetBytes];
    private readonly byte[] pps = new byte[MaxParameterSetBytes];
    private readonly List<Mp4IndexEntry>? index;
    private readonly long startPosition;
    private readonly TrackSink[] sinks;
    private readonly LiveFeedPublisher live;
    private int spsLength;
    private int ppsLength;
    private bool videoStarted;
    private bool initWritten;
    private bool originFixed;
    private TimeSpan origin;
    private uint sequence;
    private bool closed;

    /// <summary>A writer for the tracks given (at least one; video must be H.264, audio Opus at 48 kHz).</summary>
    public FragmentedMp4Writer(
        Stream output,
        EgressTrack? video,
        EgressTrack? audio,
        FragmentedMp4Options? options = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.options = options ?? new FragmentedMp4Options();
        Validator.ValidateObject(this.options, new ValidationContext(this.options), validateAllProperties: true);
        if (video is null && audio is null)
        {
            throw new ArgumentException("a recording needs a video or an audio track");
        }

        if (video is not null && (video.Codec != EgressCodec.H264 || video.ClockRate <= 0))
        {
            throw new ArgumentException($"the MP4 writer records H.264 video, not {video.Codec} at {video.ClockRate} Hz", nameof(video));
        }

        if (audio is not null && (audio.Codec != EgressCodec.Opus || audio.ClockRate != 48_000 || audio.Channels is < 1 or > 2))
        {
            throw new ArgumentException($"the MP4 writer records Opus at 48 kHz with 1 or 2 channels, not {audio.Codec} at {audio.ClockRate} Hz × {audio.Channels}", nameof(audio));
        }

        this.output = output;
        videoTrack = video;
        audioTrack = audio;
        if (video is not null)
        {
            this.video = new Mp4TrackFragment(1, video.ClockRate, (uint)(video.ClockRate / 30));
            videoTime = new Mp4TrackTimeline(video.ClockRate, time ?? TimeProvider.System);
        }

        if (audio is not null)
        {
            this.audio = new Mp4TrackFragment(video is null ? 1u : 2u, audio.ClockRate, 960);
            audioTime = new Mp4TrackTimeline(audio.ClockRate, time ?? TimeProvider.System);
        }

        Tracks = video is null ? [audio!] : audio is null ? [video] : [video, audio];
        sinks = [.. Tracks.Select(t => new TrackSink(this, t.IsVideo))];

        startPosition = output.CanSeek ? output.Position : 0;
        index = output.CanSeek && this.options.WriteRandomAccessIndex ? new List<Mp4IndexEntry>(256) : null;
        live = new LiveFeedPublisher(this.options.LiveFeedQueueBytes);
        Format = new LiveFeedFormat(LiveFeedContainer.FragmentedMp4, video?.Codec, audio is not null);
    }

    /// <inheritdoc/>
    public LiveFeedFormat Format { get; }

    /// <summary>Asked for a keyframe when a live reader joins a running stream (the SFU's tap sends a PLI to the publisher).</summary>
    public IKeyframeRequester? LiveKeyframeRequester
    {
        get => live.KeyframeRequester;
        set => live.KeyframeRequester = value;
    }

    /// <summary>Live readers subscribed now.</summary>
    public int LiveReaders => live.Readers;

    /// <summary>
    /// While a live reader is subscribed, a keyframe is requested from the publisher when a GOP runs longer than this
    /// (ffmpeg copying the video cuts segments only at keyframes; see <see cref="LiveKeyframeCadence"/>). Zero: never.
    /// </summary>
    public TimeSpan LiveKeyframeInterval
    {
        get => keyframeCadence.Interval;
        set => keyframeCadence.Interval = value;
    }

    /// <inheritdoc/>
    public ILiveFeed OpenFromNextKeyframe() => live.Open();

    /// <inheritdoc/>
    public IReadOnlyList<EgressTrack> Tracks { get; }

    /// <inheritdoc/>
    Exception? IRecordingWriter.Failure => Fault;

    /// <summary>Fragments written so far.</summary>
    public int FragmentsWritten { get; private set; }

    /// <summary>Bytes written to the output so far (init segment, fragments, index).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Audio frames dropped because the first video keyframe took longer than a fragment's duration.</summary>
    public long AudioFramesDroppedWaitingForVideo { get; private set; }

    /// <summary>The recording's picture size from the first SPS (0 × 0 before it).</summary>
    public (int Width, int Height) InitialVideoSize { get; private set; }

    /// <summary>The output's failure, when writing failed; the writer takes no more frames then.</summary>
    public IOException? Fault { get; private set; }

    /// <summary>
    /// Takes one H.264 access unit (Annex B). <see cref="MediaFrame.IsKeyframe"/> is not relied on: the writer reads the
    /// NAL unit types itself, and a sample is a sync sample when it holds an IDR slice — what a decoder can start at.
    /// </summary>
    public Mp4WriteStatus WriteVideo(in MediaFrame frame)
    {
        if (closed)
        {
            return Mp4WriteStatus.Closed;
        }

        if (video is null || videoTime is null)
        {
            return Mp4WriteStatus.NoSuchTrack;
        }

        var data = frame.Data.Span;
        var size = 0;
        var idr = false;
        var badParameterSet = false;
        foreach (var nal in new AnnexBNalUnits(data))
        {
            size += 4 + nal.Length;
            switch (AnnexBNalUnits.TypeOf(nal))
            {
                case H264NalType.Idr:
                    idr = true;
                    break;
                case H264NalType.Sps when !videoStarted:
                    badParameterSet |= !Keep(nal, sps, ref spsLength);
                    break;
                case H264NalType.Pps when !videoStarted:
                    badParameterSet |= !Keep(nal, pps, ref ppsLength);
                    break;
            }
        }

        if (size == 0)
        {
            return Mp4WriteStatus.DroppedEmpty;
        }

        videoTime.Observe(frame.Timestamp, originFixed, origin);
        if (!videoStarted)
        {
            if (!idr || spsLength == 0 || ppsLength == 0)
            {
                return Mp4WriteStatus.DroppedBeforeKeyframe;
            }

            if (badParameterSet || H264SequenceParameterSet.TryRead(sps.AsSpan(0, spsLength), out var parsed) != H264SpsStatus.Ok)
            {
                return Mp4WriteStatus.DroppedBadParameterSets;
            }

            videoStarted = true;
            InitialVideoSize = (parsed.Width, parsed.Height);
            if (!initWritten && WriteInit(new Mp4VideoSampleEntry(video.TrackId, video.Timescale, parsed, sps[..spsLength], pps[..ppsLength])) is { } failed)
            {
                return failed;
            }
        }

        var dts = videoTime.ToDts(frame.Timestamp);
        keyframeCadence.Observe(dts, idr, video.Timescale, live.Readers, live.KeyframeRequester);
        if (idr && video.HasPending)
        {
            // The keyframe closes the previous sample (its duration runs up to this one) and starts a new fragment.
            video.CompletePending(dts);
            if (Flush() is { } failed)
            {
                return failed;
            }
        }

        WriteSample(data, video.Add(dts, idr, size));

        return CutIfDue() ?? Mp4WriteStatus.Accepted;
    }

    /// <summary>Takes one Opus packet.</summary>
    public Mp4WriteStatus WriteAudio(in MediaFrame frame)
    {
        if (closed)
        {
            return Mp4WriteStatus.Closed;
        }

        if (audio is null || audioTime is null)
        {
            return Mp4WriteStatus.NoSuchTrack;
        }

        var data = frame.Data.Span;
        if (data.IsEmpty)
        {
            return Mp4WriteStatus.DroppedEmpty;
        }

        audioTime.Observe(frame.Timestamp, originFixed, origin);
        if (!initWritten && video is null && WriteInit(null) is { } failed)
        {
            return failed;
        }

        data.CopyTo(audio.Add(audioTime.ToDts(frame.Timestamp), sync: true, data.Length));
        if (!initWritten && audio.CompletedDuration >= TicksOf(options.MaxFragmentDuration, audio.Timescale))
        {
            // The video keyframe is late (no keyframe yet, a request in flight): keep at most a fragment of audio.
            AudioFramesDroppedWaitingForVideo += audio.Count;
            audio.DiscardCompleted();
        }

        return CutIfDue() ?? Mp4WriteStatus.Accepted;
    }

    /// <summary>
    /// Ends the recording: the pending samples are completed (the last with the previous sample's duration) and written
    /// as the last fragment; on a seekable output an 'mfra' index follows. The output is flushed, not closed.
    /// </summary>
    public Mp4WriteStatus Finish()
    {
        if (closed)
        {
            return Mp4WriteStatus.Closed;
        }

        video?.CompleteLast();
        audio?.CompleteLast();
        if (initWritten && Flush() is { } failed)
        {
            return failed;
        }

        closed = true;
        live.Complete();
        if (index is { Count: > 0 })
        {
            fragment.Reset();
            Mp4RandomAccessIndex.Write(fragment, video, audio, index);
            if (WriteOut() is { } failedIndex)
            {
                return failedIndex;
            }
        }

        return Mp4WriteStatus.Accepted;
    }

    /// <inheritdoc/>
    public IMediaFrameSink SinkFor(int track) => sinks[track];

    /// <inheritdoc/>
    public void SetClockMapping(int track, TrackClockMapping mapping)
    {
        var timeline = Tracks[track].IsVideo ? videoTime : audioTime;
        if (timeline is { Started: false })
        {
            timeline.Mapping = mapping;
        }
    }

    /// <inheritdoc/>
    bool IRecordingWriter.Finish() => Finish() == Mp4WriteStatus.Accepted;

    /// <summary>Finishes the recording if <see cref="Finish"/> was not called (a failed output is left as it is), then returns the buffers.</summary>
    public void Dispose()
    {
        if (!closed)
        {
            _ = Finish();
        }

        closed = true;
        video?.Dispose();
        audio?.Dispose();
        fragment.Dispose();
    }

    private static long TicksOf(TimeSpan span, int timescale) => (long)(span.TotalSeconds * timescale);

    /// <summary>Copies a parameter set for the sample entry; false when it is too long to be one.</summary>
    private static bool Keep(ReadOnlySpan<byte> nal, byte[] into, ref int length)
    {
        if (nal.Length > into.Length)
        {
            return false;
        }

        nal.CopyTo(into);
        length = nal.Length;
        return true;
    }

    /// <summary>Annex B → ISO BMFF: each NAL unit behind its 4-byte big-endian length (avcC lengthSizeMinusOne = 3).</summary>
    private static void WriteSample(ReadOnlySpan<byte> annexB, Span<byte> sample)
    {
        var at = 0;
        foreach (var nal in new AnnexBNalUnits(annexB))
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(sample[at..], (uint)nal.Length);
            nal.CopyTo(sample[(at + 4)..]);
            at += 4 + nal.Length;
        }
    }

    private Mp4WriteStatus? CutIfDue()
    {
        if (!initWritten)
        {
            return null;
        }

        // Video paces the fragments: its keyframes cut them, or its duration. Audio alongside video cuts only when the
        // video has stalled (a muted camera sends nothing) for twice the duration, so that a GOP of exactly the
        // maximum duration is not cut a packet early by the audio.
        var audioLimit = TicksOf(options.MaxFragmentDuration, audio?.Timescale ?? 0) * (video is null ? 1 : 2);
        var due = (video is not null && video.CompletedDuration >= TicksOf(options.MaxFragmentDuration, video.Timescale))
            || (audio is not null && audio.CompletedDuration >= audioLimit)
            || (video?.CompletedBytes ?? 0) + (audio?.CompletedBytes ?? 0) >= options.MaxFragmentBytes;
        return due ? Flush() : null;
    }

    private Mp4WriteStatus? WriteInit(Mp4VideoSampleEntry? videoEntry)
    {
        fragment.Reset();
        var opus = audio is null || audioTrack is null ? null : new Mp4OpusSampleEntry(audio.TrackId, audioTrack.Channels, OpusPreSkip.Samples);
        Mp4InitSegment.Write(fragment, videoEntry, opus);
        initWritten = true;
        if (WriteOut() is { } failed)
        {
            return failed;
        }

        live.SetHeader(fragment.Buffer.AsSpan(0, fragment.Length));
        return null;
    }

    /// <summary>Writes the completed samples of both tracks as one fragment ('moof' + 'mdat').</summary>
    private Mp4WriteStatus? Flush()
    {
        var videoCount = video?.Count ?? 0;
        var audioCount = audio?.Count ?? 0;
        if (videoCount == 0 && audioCount == 0)
        {
            return null;
        }

        FixOrigin();
        // A reader can start here when the fragment's video starts with a sync sample (audio-only: always).
        var startsWithKeyframe = video is null || (videoCount > 0 && video.StartsWithSync);
        var moofOffset = BytesWritten;
        fragment.Reset();
        var moof = fragment.BeginBox("moof"u8);
        var mfhd = fragment.BeginFullBox("mfhd"u8, 0, 0);
        fragment.WriteUInt32(++sequence);
        fragment.EndBox(mfhd);
        var videoOffsetAt = videoCount > 0 ? video!.WriteTraf(fragment, videoTime!.Offset) : -1;
        var audioOffsetAt = audioCount > 0 ? audio!.WriteTraf(fragment, audioTime!.Offset) : -1;
        fragment.EndBox(moof);

        // trun data_offset is from the start of the 'moof' (tfhd default-base-is-moof); the 'mdat' header is 8 bytes.
        var videoBytes = video?.CompletedBytes ?? 0;
        var audioBytes = audio?.CompletedBytes ?? 0;
        var moofSize = fragment.Length;
        if (videoOffsetAt >= 0)
        {
            fragment.PatchUInt32(videoOffsetAt, (uint)(moofSize + 8));
        }

        if (audioOffsetAt >= 0)
        {
            fragment.PatchUInt32(audioOffsetAt, (uint)(moofSize + 8 + videoBytes));
        }

        fragment.WriteUInt32((uint)(8 + videoBytes + audioBytes));
        fragment.WriteBytes("mdat"u8);
        if (videoCount > 0)
        {
            video!.WriteData(fragment);
        }

        if (audioCount > 0)
        {
            audio!.WriteData(fragment);
        }

        if (index is not null)
        {
            if (videoCount > 0 && video!.StartsWithSync)
            {
                index.Add(new Mp4IndexEntry(video.TrackId, video.FirstDts + videoTime!.Offset, moofOffset, 1));
            }

            if (audioCount > 0)
            {
                index.Add(new Mp4IndexEntry(audio!.TrackId, audio.FirstDts + audioTime!.Offset, moofOffset, videoCount > 0 ? (byte)2 : (byte)1));
            }
        }

        video?.ClearCompleted();
        audio?.ClearCompleted();
        FragmentsWritten++;
        if (WriteOut() is { } failed)
        {
            return failed;
        }

        live.Publish(fragment.Buffer.AsSpan(0, fragment.Length), [], startsWithKeyframe);
        return null;
    }

    /// <summary>The first fragment fixes the time origin: the earliest first frame of the tracks seen so far.</summary>
    private void FixOrigin()
    {
        if (originFixed)
        {
            return;
        }

        origin = TimeSpan.MaxValue;
        if (videoTime is { Started: true })
        {
            origin = videoTime.FirstCommonTime;
        }

        if (audioTime is { Started: true } && audioTime.FirstCommonTime < origin)
        {
            origin = audioTime.FirstCommonTime;
        }

        originFixed = true;
        videoTime?.PlaceOnOrigin(origin);
        audioTime?.PlaceOnOrigin(origin);
    }

    private Mp4WriteStatus? WriteOut()
    {
        try
        {
            output.Write(fragment.Buffer, 0, fragment.Length);
            output.Flush();
            BytesWritten += fragment.Length;
            return null;
        }
        catch (IOException e)
        {
            Fault = e;
            closed = true;
            live.Complete();
            CutBackToLastWholeFragment();
            return Mp4WriteStatus.OutputFailed;
        }
    }

    /// <summary>
    /// After a failed write (a full disk writes part of it), takes a seekable output back to its last whole fragment:
    /// players read the 'moof' boxes when they open a fragmented file, and ffmpeg refuses a file that ends inside one.
    /// Shortening a file also frees what the part took.
    /// </summary>
    private void CutBackToLastWholeFragment()
    {
        if (!output.CanSeek)
        {
            return;
        }

        try
        {
            output.SetLength(startPosition + BytesWritten);
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            // The output refuses to shrink: the part stays; the fault already says the recording ended.
        }
    }

    /// <summary>A track's frames into <see cref="WriteVideo"/> or <see cref="WriteAudio"/> (the status is in the writer's counters and <see cref="Fault"/>).</summary>
    private sealed class TrackSink(FragmentedMp4Writer writer, bool video) : IMediaFrameSink
    {
        public void OnFrame(in MediaFrame frame) => _ = video ? writer.WriteVideo(frame) : writer.WriteAudio(frame);
    }
}
