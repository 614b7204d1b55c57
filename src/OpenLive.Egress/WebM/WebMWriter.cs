using System.Buffers.Binary;
using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Ffmpeg;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.WebM;

/// <summary>
/// Writes tracks (VP8, VP9, AV1, Opus) live into a WebM file on any <see cref="Stream"/>, seekable or not (a file, a
/// socket to ffmpeg). Frames are interleaved in common-clock order with a bounded wait for the slower track; clusters
/// start at video keyframes (audio-only: every <see cref="WebMWriterOptions.AudioClusterDuration"/>; at the latest
/// every <see cref="WebMWriterOptions.MaxClusterDuration"/>), and each is written whole and flushed when the next
/// starts, so a crash loses at most the cluster being built: what is on disk always plays. Finishing a seekable
/// file adds Cues, the Duration and the Segment size (Galene's and ffmpeg's live WebM practice: unknown sizes while
/// live, fixed up at the end when the output can seek).
/// </summary>
/// <remarks>
/// <para>Timing: every track's RTP timestamps are put on one clock through its <see cref="TrackClockMapping"/> (the RTP ↔
/// wall-clock pair of its sender reports, <see cref="SetClockMapping"/>); a track with no mapping by its first frame
/// gets one pairing that frame with the writer's clock at arrival (right to within the network jitter between the
/// tracks). The file's time 0 is the first video keyframe (or the first audio frame of an audio-only recording); audio
/// before it is dropped, so both tracks start together and their offset on the common clock is kept.</para>
/// <para>The file starts at each video track's first keyframe, which also gives PixelWidth/PixelHeight (and AV1's
/// av1C). A later change of resolution stays in-band: VP8, VP9 and AV1 keyframes carry their size and decoders
/// follow it; the track header is a hint.</para>
/// <para>Thread-safe: depacketizers of different tracks may write concurrently. Allocates nothing per frame after the
/// first clusters (pooled copies, pooled cluster buffer).</para>
/// <para>Live feed (<see cref="ILiveFeedSource"/>): the writer is also the source of live outputs (ffmpeg for HLS or
/// RTMP). A reader opened at any time gets the header as written (EBML header, Segment of unknown size, Info, Tracks)
/// and then whole clusters from the next one that starts with a video keyframe; each cluster keeps its absolute time.
/// Readers are bounded (<see cref="WebMWriterOptions.LiveFeedQueueBytes"/>) and dropped from, never waited for.</para>
/// </remarks>
public sealed class WebMWriter : IRecordingWriter, ILiveFeedSource
{
    private const uint ClusterIdBytes = EbmlIds.Cluster;
    private const int ClusterSizeLength = 8;
    private const int CueCapacity = 1024;

    private readonly Stream _output;
    private readonly WebMWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly WebMTrackState[] _tracks;
    private readonly bool _hasVideo;
    private readonly EbmlBuffer _header = new(1024);
    private readonly EbmlBuffer _cluster = new(64 * 1024);
    private readonly List<(long TimeMs, int Track, long Position)> _cues = new(CueCapacity);
    private readonly Lock _gate = new();
    private readonly long _waitTicks;
    private readonly long _maxClusterMs;
    private readonly long _audioClusterMs;
    private WebMSegmentHeader.Layout _layout;
    private bool _started;
    private bool _done;
    private bool _disposed;
    private long _originTicks;
    private long _newestTicks = long.MinValue;
    private long _written;
    private bool _clusterOpen;
    private long _clusterStartMs;
    private bool _clusterStartsWithKeyframe;
    private bool _clusterHasVideo;
    private long _endMs;
    private readonly LiveFeedPublisher _live;

    /// <summary>Creates a writer for <paramref name="tracks"/> (track numbers 1, 2, … in that order). Nothing is written before the first keyframe.</summary>
    public WebMWriter(Stream output, IReadOnlyList<EgressTrack> tracks, WebMWriterOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentOutOfRangeException.ThrowIfZero(tracks.Count);
        _output = output;
        _options = options ?? new WebMWriterOptions();
        _time = time ?? TimeProvider.System;
        Tracks = [.. tracks];
        _tracks = new WebMTrackState[tracks.Count];
        for (var i = 0; i < tracks.Count; i++)
        {
            _ = WebMTrackHeader.CodecIdOf(tracks[i].Codec);
            _tracks[i] = new WebMTrackState(this, i, tracks[i], _options.MaxQueuedFrames + 1);
            _hasVideo |= tracks[i].IsVideo;
        }

        _waitTicks = _options.InterleaveWait.Ticks;
        _maxClusterMs = (long)_options.MaxClusterDuration.TotalMilliseconds;
        _audioClusterMs = (long)_options.AudioClusterDuration.TotalMilliseconds;
        _live = new LiveFeedPublisher(_options.LiveFeedQueueBytes);
        var video = tracks.FirstOrDefault(t => t.IsVideo);
        Format = new LiveFeedFormat(LiveFeedContainer.WebM, video?.Codec, tracks.Any(t => !t.IsVideo));
    }

    /// <inheritdoc/>
    public LiveFeedFormat Format { get; }

    /// <summary>
    /// Asked for a keyframe when a live reader joins a running stream (the SFU's tap sends a PLI to the publisher), so
    /// the reader's first cluster comes soon.
    /// </summary>
    public IKeyframeRequester? LiveKeyframeRequester
    {
        get => _live.KeyframeRequester;
        set => _live.KeyframeRequester = value;
    }

    /// <summary>Live readers subscribed now.</summary>
    public int LiveReaders => _live.Readers;

    /// <inheritdoc/>
    public IReadOnlyList<EgressTrack> Tracks { get; }

    /// <summary>
    /// Frames dropped at writing because they were not after their track's last block (see <c>WriteBlock</c>). A frame
    /// before the open cluster but after its track's last block is kept: its time relative to the cluster is negative,
    /// which Matroska allows (RFC 9559 §10.2: a signed 16-bit value), when another track ran ahead past the interleave wait.
    /// </summary>
    public long LateFramesDropped { get; private set; }

    /// <summary>Why writing stopped, after <see cref="WebMWriteStatus.Failed"/>.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Bytes written to the stream so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _written);

    /// <summary>The sink a track's depacketizer writes to.</summary>
    public IMediaFrameSink SinkFor(int track) => _tracks[track];

    /// <summary>
    /// Puts a track's RTP clock on the common clock (see remarks). Takes effect for a track that has not had a frame yet;
    /// later mappings are ignored (moving a track mid-file would make its timestamps jump).
    /// </summary>
    public void SetClockMapping(int track, TrackClockMapping mapping)
    {
        lock (_gate)
        {
            var state = _tracks[track];
            if (!state.HasFrames)
            {
                state.Mapping = mapping;
            }
        }
    }

    /// <inheritdoc/>
    public ILiveFeed OpenFromNextKeyframe() => _live.Open();

    /// <summary>Takes one frame of a track (copied). Never throws on the frame's bytes or on a failing stream.</summary>
    public WebMWriteStatus WriteFrame(int track, in MediaFrame frame)
    {
        lock (_gate)
        {
            if (Failure is not null)
            {
                return WebMWriteStatus.Failed;
            }

            if (_done)
            {
                return WebMWriteStatus.Finished;
            }

            var state = _tracks[track];
            if (!state.HasFrames)
            {
                if (state.Track.IsVideo && !IsUsableKeyframe(state, frame))
                {
                    return WebMWriteStatus.Dropped;
                }

                StartClock(state, frame.Timestamp);
            }

            var ticks = state.TicksOf(frame.Timestamp);
            if (_started && ticks < _originTicks)
            {
                return WebMWriteStatus.Dropped;
            }

            state.Queue.Enqueue(PendingFrame.Copy(frame.Data.Span, ticks, frame.IsKeyframe || !state.Track.IsVideo));
            _newestTicks = Math.Max(_newestTicks, ticks);
            return TryPump(final: false) ? WebMWriteStatus.Accepted : WebMWriteStatus.Failed;
        }
    }

    /// <summary>
    /// Writes what is queued and the last cluster; on a seekable stream also the Cues, the Duration and the Segment
    /// size. The stream is flushed, not closed. False if writing failed (<see cref="Failure"/>).
    /// </summary>
    public bool Finish()
    {
        lock (_gate)
        {
            if (_done)
            {
                return Failure is null;
            }

            _done = true;
            if (Failure is not null || !TryPump(final: true))
            {
                _live.Complete();
                return false;
            }

            try
            {
                CloseCluster();
                if (_started && _output.CanSeek)
                {
                    WriteIndex();
                }

                _output.Flush();
                return true;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException or UnauthorizedAccessException)
            {
                Failure = e;
                return false;
            }
            finally
            {
                _live.Complete();
            }
        }
    }

    /// <summary>Finishes (if not yet) and returns the pooled buffers. The stream is the caller's to close.</summary>
    public void Dispose()
    {
        Finish();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var state in _tracks)
            {
                while (state.Queue.TryDequeue(out var pending))
                {
                    pending.Release();
                }
            }

            _header.Dispose();
            _cluster.Dispose();
        }
    }

    private static bool IsUsableKeyframe(WebMTrackState state, in MediaFrame frame)
    {
        if (!frame.IsKeyframe || !WebMTrackHeader.TryReadKeyframe(state.Track.Codec, frame.Data.Span, out var width, out var height, out var codecPrivate))
        {
            return false;
        }

        state.Width = width;
        state.Height = height;
        state.CodecPrivate = codecPrivate;
        return true;
    }

    private void StartClock(WebMTrackState state, long timestamp)
    {
        state.HasFrames = true;
        state.Clock = TrackClock.Anchor(timestamp, state.Track.ClockRate, state.Mapping, _time);
    }

    private bool TryPump(bool final)
    {
        try
        {
            Pump(final);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException or UnauthorizedAccessException)
        {
            Failure = e;
            _live.Complete();
            return false;
        }
    }

    private void Pump(bool final)
    {
        if (!_started && !TryStart(final))
        {
            return;
        }

        while (true)
        {
            WebMTrackState? earliest = null;
            var allQueued = true;
            foreach (var state in _tracks)
            {
                if (!state.Queue.TryPeek(out var head))
                {
                    allQueued = false;
                    continue;
                }

                if (earliest is null || head.Ticks < earliest.Queue.Peek().Ticks)
                {
                    earliest = state;
                }
            }

            if (earliest is null)
            {
                return;
            }

            var next = earliest.Queue.Peek();
            if (!final && !allQueued && _newestTicks - next.Ticks < _waitTicks && earliest.Queue.Count <= _options.MaxQueuedFrames)
            {
                return;
            }

            earliest.Queue.Dequeue();
            try
            {
                WriteBlock(earliest, next);
            }
            finally
            {
                next.Release();
            }
        }
    }

    private bool TryStart(bool final)
    {
        var ready = true;
        long origin = long.MaxValue;
        foreach (var state in _tracks)
        {
            if (state.Track.IsVideo)
            {
                if (state.Queue.TryPeek(out var key))
                {
                    origin = Math.Min(origin, key.Ticks);
                }
                else
                {
                    ready = false;
                }
            }
        }

        if (!_hasVideo)
        {
            foreach (var state in _tracks)
            {
                if (state.Queue.TryPeek(out var first))
                {
                    origin = Math.Min(origin, first.Ticks);
                }
            }
        }

        if (origin == long.MaxValue || (!ready && !final))
        {
            // Audio waits (boundedly) for the video's first keyframe.
            foreach (var state in _tracks)
            {
                while (state.Queue.Count > _options.MaxQueuedFrames)
                {
                    state.Queue.Dequeue().Release();
                }
            }

            return false;
        }

        foreach (var state in _tracks)
        {
            while (state.Queue.TryPeek(out var early) && early.Ticks < origin)
            {
                state.Queue.Dequeue().Release();
            }

            if (state.Track.IsVideo && state.Width == 0)
            {
                // Finished before this video track had a keyframe: a header is still needed for the other tracks.
                state.Width = 16;
                state.Height = 16;
            }
        }

        _originTicks = origin;
        _started = true;
        _layout = WebMSegmentHeader.Write(_header, _options.Application, _tracks);
        _output.Write(_header.Written);
        _output.Flush();
        Interlocked.Add(ref _written, _header.Length);
        _live.SetHeader(_header.Written);
        return true;
    }

    private void WriteBlock(WebMTrackState state, in PendingFrame frame)
    {
        var ms = Math.Max(0, (frame.Ticks - _originTicks) / TimeSpan.TicksPerMillisecond);
        if (ms <= state.LastBlockMs || (_clusterOpen && _clusterStartMs - ms > short.MaxValue))
        {
            // Not after this track's last block (two frames in one millisecond, or a frame that came after the
            // interleave wait let the track's later frames through), or too far before the open cluster for a block's
            // 16-bit relative time. Clamping it to the last time, as this writer once did, wrote several blocks at one
            // time — a non-increasing DTS that players and ffmpeg reject — so it is dropped and counted instead.
            LateFramesDropped++;
            return;
        }

        var videoKey = state.Track.IsVideo && frame.IsKeyframe;

        var startCluster = !_clusterOpen
            || (videoKey && ms > _clusterStartMs)
            || (!_hasVideo && ms - _clusterStartMs >= _audioClusterMs)
            || ms - _clusterStartMs >= _maxClusterMs;
        if (startCluster)
        {
            CloseCluster();
            OpenCluster(ms, videoKey || !_hasVideo ? state.Number : 0);
        }

        if (state.Track.IsVideo && !_clusterHasVideo)
        {
            // A live reader can start at a cluster whose first video frame is a keyframe (audio before it in the
            // cluster is fine: it has its own time).
            _clusterHasVideo = true;
            _clusterStartsWithKeyframe = frame.IsKeyframe;
        }

        // SimpleBlock (RFC 9559 §10.2): track number (vint), 16-bit signed time relative to the cluster, flags.
        _cluster.WriteId(EbmlIds.SimpleBlock);
        _cluster.WriteSize(4 + frame.Length);
        var head = _cluster.Take(4);
        head[0] = (byte)(0x80 | state.Number);
        BinaryPrimitives.WriteInt16BigEndian(head[1..], (short)(ms - _clusterStartMs));
        head[3] = frame.IsKeyframe ? (byte)0x80 : (byte)0x00;
        _cluster.WriteBytes(frame.Data);

        if (state.LastBlockMs >= 0)
        {
            state.LastDeltaMs = ms - state.LastBlockMs;
        }

        state.LastBlockMs = ms;
        _endMs = Math.Max(_endMs, ms + state.LastDeltaMs);
    }

    private void OpenCluster(long ms, int cueTrack)
    {
        _cluster.Clear();
        _cluster.WriteUInt(EbmlIds.Timestamp, (ulong)ms);
        _clusterStartMs = ms;
        _clusterOpen = true;
        _clusterHasVideo = false;
        _clusterStartsWithKeyframe = !_hasVideo;
        if (cueTrack != 0)
        {
            _cues.Add((ms, cueTrack, _written - _layout.SegmentDataStart));
        }
    }

    private void CloseCluster()
    {
        if (!_clusterOpen)
        {
            return;
        }

        _clusterOpen = false;
        Span<byte> head = stackalloc byte[4 + ClusterSizeLength];
        BinaryPrimitives.WriteUInt32BigEndian(head, ClusterIdBytes);
        EbmlBuffer.EncodeSize(head[4..], (ulong)_cluster.Length);
        _output.Write(head);
        _output.Write(_cluster.Written);
        _output.Flush();
        Interlocked.Add(ref _written, head.Length + _cluster.Length);
        _live.Publish(head, _cluster.Written, _clusterStartsWithKeyframe);
    }

    private void WriteIndex()
    {
        var cuesPosition = _written - _layout.SegmentDataStart;
        _header.Clear();
        var cues = _header.BeginMaster(EbmlIds.Cues);
        foreach (var (timeMs, track, position) in _cues)
        {
            var point = _header.BeginMaster(EbmlIds.CuePoint);
            _header.WriteUInt(EbmlIds.CueTime, (ulong)timeMs);
            var positions = _header.BeginMaster(EbmlIds.CueTrackPositions);
            _header.WriteUInt(EbmlIds.CueTrack, (ulong)track);
            _header.WriteUInt(EbmlIds.CueClusterPosition, (ulong)position);
            _header.EndMaster(positions);
            _header.EndMaster(point);
        }

        _header.EndMaster(cues);
        var fileStart = _output.Position - _written;
        _output.Write(_header.Written);
        _written += _header.Length;
        var end = _output.Position;

        _header.Clear();
        WebMSegmentHeader.WriteSeekHead(
            _header,
            _layout.InfoAt - _layout.SegmentDataStart,
            _layout.TracksAt - _layout.SegmentDataStart,
            cuesPosition);
        _output.Position = fileStart + _layout.SeekHeadAt;
        _output.Write(_header.Written);

        _header.Clear();
        WebMSegmentHeader.WriteDuration(_header, _endMs);
        _output.Position = fileStart + _layout.DurationAt;
        _output.Write(_header.Written);

        Span<byte> size = stackalloc byte[8];
        WebMSegmentHeader.EncodeSegmentSize(size, _written - _layout.SegmentDataStart);
        _output.Position = fileStart + _layout.SegmentSizeAt;
        _output.Write(size);
        _output.Position = end;
    }
}
