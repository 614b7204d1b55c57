using OpenLive.Egress.Media;
using OpenLive.Egress.Mp4;
using OpenLive.Egress.WebM;

namespace OpenLive.Egress.Recording;

/// <summary>
/// One member's recording: its audio and camera (or screen) feeds → per track a depacketizer → one writer, chosen by
/// the video codec when the file starts (VP8/VP9/AV1 + Opus → <see cref="WebMWriter"/>; H.264 + Opus →
/// <see cref="FragmentedMp4Writer"/>; audio alone → WebM). Driven by the node's <see cref="RecordingWorker"/>.
/// </summary>
/// <remarks>
/// <para>Start rule: the file's header lists its tracks, so the file starts when every expected track has attached,
/// or — once <see cref="RecordingOptions.TrackWait"/> has passed since the recording began — as soon as any has; a
/// track attaching later is not recorded. Packets that arrive before the file starts are dropped (video waits for a
/// keyframe anyway; one is requested as the file starts).</para>
/// <para>It ends when stopped (<see cref="Stop"/>), when every tap has closed (the room ended, the taps were
/// disposed), or when the output fails (disk full, unwritable): the file is finished as far as it got — what was
/// written stays playable.</para>
/// </remarks>
public sealed class MemberRecording
{
    private readonly RecordingTrackReader[] _readers;
    private readonly IRecordingOutputs _outputs;
    private readonly IRecordingObserver? _observer;
    private readonly RecordingOptions _options;
    private readonly TimeProvider _time;
    private readonly long _createdAt;
    private readonly TaskCompletionSource<RecordingResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _stopReason;
    private IRecordingWriter? _writer;
    private Stream? _stream;
    private RecordingContainer? _container;

    /// <summary>A recording of <paramref name="tracks"/> (one audio and/or one video) into the file <paramref name="outputs"/> creates.</summary>
    public MemberRecording(IReadOnlyList<RecordedTrackInput> tracks, IRecordingOutputs outputs, RecordingOptions options, TimeProvider time, IRecordingObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (tracks.Count == 0 || tracks.Count(t => t.Kind == RecordedTrackKind.Audio) > 1 || tracks.Count(t => t.Kind == RecordedTrackKind.Video) > 1)
        {
            throw new ArgumentException("a recording has one audio and/or one video track", nameof(tracks));
        }

        _time = time;
        _options = options;
        _outputs = outputs;
        _observer = observer;
        _createdAt = time.GetTimestamp();
        // Video first: track 1 of the file, as both writers number them.
        _readers = [.. tracks.OrderBy(t => t.Kind == RecordedTrackKind.Video ? 0 : 1).Select(t => new RecordingTrackReader(t, time))];
    }

    /// <summary>Whether the file has started.</summary>
    public bool IsWriting => Volatile.Read(ref _writer) is not null;

    /// <summary>
    /// The writer as a live feed (live HLS and RTMP read the container from it: header, then whole clusters or
    /// fragments from the next keyframe), once it exists — from <see cref="IRecordingObserver.OnStarted"/> on.
    /// </summary>
    public Ffmpeg.ILiveFeedSource? LiveFeed => Volatile.Read(ref _writer) as Ffmpeg.ILiveFeedSource;

    /// <summary>The file's format once started.</summary>
    public RecordingContainer? Container => _container;

    /// <summary>Completes when the recording has ended and its file is closed.</summary>
    public Task<RecordingResult> Completion => _completion.Task;

    /// <summary>
    /// For a live feed that ffmpeg copies (H.264 in fragmented MP4): while it has a reader, a keyframe is requested when
    /// a GOP runs longer than this, so segments end on time. Set before the worker starts the recording; zero: never.
    /// </summary>
    public TimeSpan LiveKeyframeInterval { get; init; }

    /// <summary>
    /// The longest cluster (WebM) or fragment (MP4) the writer holds before writing it — what a live reader waits at
    /// most for media that arrived. Null: the writers' defaults for files (5 s clusters, 2 s fragments; keyframes cut
    /// them sooner). Between 100 ms and 30 s.
    /// </summary>
    public TimeSpan? MaxChunkDuration { get; init; }

    /// <summary>RTP packets dropped on the producer side (rings full or packets oversized), all tracks.</summary>
    public long DroppedPackets => _readers.Sum(r => r.Feed.DroppedPackets);

    /// <summary>Asks the recording to end at the worker's next pass: what arrived so far is written and the file finished. Thread-safe.</summary>
    public void Stop(string reason) => _stopReason ??= reason;

    /// <summary>Worker: one pass. False once the recording has ended.</summary>
    internal bool Pump()
    {
        if (_completion.Task.IsCompleted)
        {
            return false;
        }

        try
        {
            foreach (var reader in _readers)
            {
                if (_writer is null)
                {
                    reader.DrainUntilAttached();
                }
                else
                {
                    reader.Drain();
                }
            }

            var stopping = _stopReason is not null || _readers.All(r => r.Closed || (r.Feed.IsClosed && r.Feed.Ring.Count == 0));
            if (_writer is null)
            {
                if (!TryStartFile(stopping))
                {
                    return false;
                }

                if (_writer is not null)
                {
                    // The packets kept while waiting go to the new file now.
                    foreach (var reader in _readers)
                    {
                        reader.Drain();
                    }
                }
            }

            if (_writer?.Failure is { } failure)
            {
                End(failure.Message);
                return false;
            }

            if (stopping)
            {
                End(null);
                return false;
            }

            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A defect must end this recording, not the worker (and with it every other recording of the node).
            End("recording failed: " + e.Message);
            return false;
        }
    }

    /// <summary>False when the recording ended instead.</summary>
    private bool TryStartFile(bool stopping)
    {
        var attached = _readers.Where(r => r.Attached is not null).ToArray();
        var waited = _time.GetElapsedTime(_createdAt) >= _options.TrackWait;
        if (attached.Length == 0)
        {
            if (stopping)
            {
                End(_readers.Any(r => r.AttachedUnsupported)
                    ? "the member's track has a codec egress cannot record"
                    : "nothing was recorded: the member published no track");
                return false;
            }

            return true;
        }

        if (attached.Length < _readers.Length && !waited && !stopping)
        {
            return true;
        }

        var video = attached.FirstOrDefault(r => r.Kind == RecordedTrackKind.Video)?.Attached;
        var audio = attached.FirstOrDefault(r => r.Kind == RecordedTrackKind.Audio)?.Attached;
        var container = video?.Codec == EgressCodec.H264 ? RecordingContainer.Mp4 : RecordingContainer.WebM;
        try
        {
            _stream = _outputs.Create(container);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            End("cannot create the recording file: " + e.Message);
            return false;
        }

        _container = container;
        IReadOnlyList<EgressTrack> tracks = video is null ? [audio!] : audio is null ? [video] : [video, audio];
        // A live reader joining mid-stream (ffmpeg starting or restarting) asks the publisher for a keyframe through
        // the video track's tap rather than wait for the next one.
        var keyframes = _readers.FirstOrDefault(r => r.Kind == RecordedTrackKind.Video)?.Keyframes;
        _writer = container == RecordingContainer.Mp4
            ? new FragmentedMp4Writer(_stream, video, audio, MaxChunkDuration is { } fragment ? new FragmentedMp4Options { MaxFragmentDuration = fragment } : null, _time)
            {
                LiveKeyframeRequester = keyframes, LiveKeyframeInterval = LiveKeyframeInterval,
            }
            : new WebMWriter(_stream, tracks, MaxChunkDuration is { } cluster ? new WebMWriterOptions { MaxClusterDuration = cluster, AudioClusterDuration = cluster } : null, _time)
            {
                LiveKeyframeRequester = keyframes,
            };
        var indexes = _readers.Select(r => r.Attached is null ? -1 : IndexOf(_writer.Tracks, r.Attached)).ToArray();
        var senderClocks = _readers.Where((r, i) => indexes[i] >= 0).All(r => r.HasSenderClock);
        for (var i = 0; i < _readers.Length; i++)
        {
            var reader = _readers[i];
            var index = indexes[i];
            reader.Bind(_writer, index, senderClocks);
            if (index >= 0 && reader.Kind == RecordedTrackKind.Video)
            {
                // The file starts at a keyframe: ask now rather than wait for the publisher's next one.
                reader.Keyframes?.RequestKeyframe();
            }
        }

        _observer?.OnStarted(this, container, _writer.Tracks);
        return true;
    }

    private static int IndexOf(IReadOnlyList<EgressTrack> tracks, EgressTrack track)
    {
        for (var i = 0; i < tracks.Count; i++)
        {
            if (tracks[i].IsVideo == track.IsVideo)
            {
                return i;
            }
        }

        return -1;
    }

    private void End(string? error)
    {
        if (_completion.Task.IsCompleted)
        {
            return;
        }

        var failed = error is not null;
        long bytes = 0;
        if (_writer is not null)
        {
            foreach (var reader in _readers)
            {
                try
                {
                    reader.Flush();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    error ??= "recording failed: " + e.Message;
                }
            }

            if (!_writer.Finish())
            {
                error ??= _writer.Failure?.Message ?? "the recording's output failed";
            }

            error ??= _writer.Failure?.Message;
            bytes = _writer.BytesWritten;
            _writer.Dispose();
        }

        if (_stream is not null)
        {
            try
            {
                _stream.Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Closing flushes: a full disk can fail here too.
                error ??= e.Message;
            }

            _outputs.Closed(_container!.Value, failed || error is not null);
        }

        foreach (var reader in _readers)
        {
            reader.Dispose();
        }

        var tracks = _writer?.Tracks ?? [];
        var frames = new long[tracks.Count];
        var duration = TimeSpan.Zero;
        foreach (var reader in _readers)
        {
            if (reader.Recorded is { } recorded && IndexOf(tracks, recorded) is var index and >= 0)
            {
                frames[index] = reader.Frames;
                // The file starts at the video's first keyframe (audio before it is not kept): the video's span is
                // the file's; an audio-only file's is the audio's.
                if (recorded.IsVideo || tracks.Count == 1)
                {
                    duration = reader.Span;
                }
            }
        }

        var result = new RecordingResult(_container, tracks, frames, bytes, duration, error, _time.GetUtcNow());
        try
        {
            _observer?.OnEnded(this, result);
        }
        finally
        {
            _completion.TrySetResult(result);
        }
    }
}
