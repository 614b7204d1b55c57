using OpenLive.Egress.Depacketizing;

namespace OpenLive.Egress.Ffmpeg;

/// <summary>
/// Asks the publisher for a keyframe every <see cref="Interval"/> of media time while a live reader is subscribed to a
/// passthrough stream. ffmpeg copying the video (H.264 → HLS or RTMP) can only cut a segment at a keyframe, and a WebRTC
/// publisher sends one only on request or loss (libwebrtc's default H.264 interval is minutes): without these requests
/// the first HLS segment would never end and an RTMP ingest would get one GOP for the whole show. Janus's <c>fir_freq</c>
/// does the same for its forwarders. Transcoded outputs do not need it (ffmpeg forces its own keyframes).
/// </summary>
/// <remarks>
/// Driven by the video frames' decode times (ticks of the track's clock) on the writer's thread: no timer, no clock,
/// nothing allocated. A keyframe that arrives on its own (another subscriber's PLI, loss) restarts the count, so requests
/// are only made when a GOP runs longer than the interval; a request is not repeated within an interval, so a publisher
/// slow to answer is not flooded (the SFU's tap rate-limits PLIs as well).
/// </remarks>
internal sealed class LiveKeyframeCadence
{
    private long _lastKeyframe;
    private long _lastRequest;
    private bool _started;

    /// <summary>How long a GOP may run before a keyframe is requested; <see cref="TimeSpan.Zero"/> (the default) asks for none.</summary>
    public TimeSpan Interval { get; set; }

    /// <summary>Requests made so far.</summary>
    public long Requests { get; private set; }

    /// <summary>
    /// One video frame written at <paramref name="dts"/> (ticks of <paramref name="timescale"/>); asks
    /// <paramref name="requester"/> for a keyframe when one is due and <paramref name="readers"/> is not zero.
    /// </summary>
    public void Observe(long dts, bool keyframe, int timescale, int readers, IKeyframeRequester? requester)
    {
        if (keyframe || !_started || dts < _lastKeyframe)
        {
            // A keyframe, the first frame, or a timeline that went back (a new segment of the recording): count from here.
            _started = true;
            _lastKeyframe = dts;
            _lastRequest = dts;
            return;
        }

        if (Interval <= TimeSpan.Zero || readers == 0 || requester is null)
        {
            return;
        }

        var interval = (long)(Interval.TotalSeconds * timescale);
        if (dts - _lastKeyframe >= interval && dts - _lastRequest >= interval)
        {
            _lastRequest = dts;
            Requests++;
            requester.RequestKeyframe();
        }
    }
}
