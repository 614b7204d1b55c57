using OpenLive.Egress.Media;

namespace OpenLive.Egress.Recording;

/// <summary>
/// Keeps one recorded track's timeline continuous across the publisher's reconnects: each attach brings a new SSRC,
/// sequence numbers and a random RTP timestamp base (RFC 3550 §5.1), so every attach gets its own depacketizer, and
/// this sink shifts the new segment's timestamps so its first frame follows the last written one by the wall-clock
/// time that passed in between, and by at least <see cref="MinimumGap"/>. The writer sees one track with a gap, not a
/// jump back or forward — the file plays on (Janus's and LiveKit's recorders also rebase on a new SSRC).
/// </summary>
/// <remarks>
/// The elapsed time is read when the worker handles the frames, not when they arrived: a worker pass that drains the
/// old segment's last frames and the new segment's first ones together sees almost no time pass. The minimum gap keeps
/// the new first frame a whole frame after the last one, so that containers with millisecond timestamps (WebM) still
/// get strictly increasing times (one tick at 90 kHz rounds to the same millisecond, which players reject as a
/// non-increasing DTS).
/// </remarks>
/// <remarks>Worker thread only. Allocates nothing per frame.</remarks>
internal sealed class TrackContinuity : IMediaFrameSink
{
    /// <summary>The least a new segment's first frame follows the last written one: 20 ms, an audio frame or less than a video frame.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(20);

    private readonly IMediaFrameSink _writer;
    private readonly int _clockRate;
    private readonly TimeProvider _time;
    private bool _newSegment;
    private bool _any;
    private long _offset;
    private long _firstOut;
    private long _lastOut;
    private long _lastWallTimestamp;

    public TrackContinuity(IMediaFrameSink writer, int clockRate, TimeProvider time)
    {
        _writer = writer;
        _clockRate = clockRate;
        _time = time;
    }

    /// <summary>Frames handed to the writer.</summary>
    public long Frames { get; private set; }

    /// <summary>Frames dropped because they were not after the last one written.</summary>
    public long FramesOutOfOrder { get; private set; }

    /// <summary>The media time from the first frame written to the last.</summary>
    public TimeSpan Span => _any ? TimeSpan.FromTicks((_lastOut - _firstOut) * TimeSpan.TicksPerSecond / _clockRate) : TimeSpan.Zero;

    /// <summary>A new attach begins: its first frame is placed after the last one by the elapsed wall-clock time.</summary>
    public void BeginSegment() => _newSegment = _any;

    public void OnFrame(in MediaFrame frame)
    {
        if (_newSegment)
        {
            _newSegment = false;
            var elapsed = _time.GetElapsedTime(_lastWallTimestamp);
            var gap = (long)(Math.Max(elapsed.TotalSeconds, MinimumGap.TotalSeconds) * _clockRate);
            _offset = _lastOut + gap - frame.Timestamp;
        }

        var timestamp = frame.Timestamp + _offset;
        if (_any && timestamp <= _lastOut)
        {
            // Not after the last frame written: a container track's times must strictly increase (a second frame at
            // the same time is a non-increasing DTS to players), so it is dropped and counted.
            FramesOutOfOrder++;
            return;
        }

        if (!_any)
        {
            _any = true;
            _firstOut = timestamp;
        }

        _lastOut = Math.Max(_lastOut, timestamp);
        _lastWallTimestamp = _time.GetTimestamp();
        Frames++;
        _writer.OnFrame(frame with { Timestamp = timestamp });
    }
}
