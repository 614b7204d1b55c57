namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Lets at most one keyframe request (PLI/FIR) per interval through to a publisher's stream. Every new subscriber and
/// every lost keyframe asks for one; without a throttle a large audience makes the publisher send keyframe after
/// keyframe (mediasoup and LiveKit throttle to one per second for the same reason).
/// </summary>
internal struct KeyframeRequestThrottle
{
    private long _lastSentTimestamp;
    private bool _pending;

    /// <summary>Records a request at <paramref name="now"/>; true when it should be sent now.</summary>
    public bool Request(long now, long interval)
    {
        if (_lastSentTimestamp != 0 && now - _lastSentTimestamp < interval)
        {
            _pending = true;
            return false;
        }

        _lastSentTimestamp = now;
        _pending = false;
        return true;
    }

    /// <summary>True when a request was held back and its interval has passed (the caller sends it then).</summary>
    public bool TakeDue(long now, long interval)
    {
        if (!_pending || now - _lastSentTimestamp < interval)
        {
            return false;
        }

        _lastSentTimestamp = now;
        _pending = false;
        return true;
    }
}
