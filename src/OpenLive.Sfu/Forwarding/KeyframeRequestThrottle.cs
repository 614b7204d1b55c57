namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Lets keyframe requests (PLI/FIR) through to a publisher's stream sparingly. Every new subscriber and every lost
/// keyframe asks for one; without a throttle a large audience makes the publisher send keyframe after keyframe
/// (mediasoup and LiveKit hold requests back for the same reason). While a request is unanswered, at most one goes per
/// interval. Once a keyframe has arrived after the last request, the next may go a quarter interval after it: a viewer
/// that starts waiting just after a keyframe passed — a dozen viewers reconnecting after a node's loss start within a
/// second of each other — would otherwise wait up to a whole interval for the next one, which made the failover's
/// tail come in one-second steps. A join storm still costs at most four keyframes per interval.
/// </summary>
internal struct KeyframeRequestThrottle
{
    private long _lastSentTimestamp;
    private bool _pending;
    private bool _answered;

    /// <summary>Records a request at <paramref name="now"/>; true when it should be sent now.</summary>
    public bool Request(long now, long interval)
    {
        if (!Allowed(now, interval))
        {
            _pending = true;
            return false;
        }

        Sent(now);
        return true;
    }

    /// <summary>True when a request was held back and may go now (the caller sends it then).</summary>
    public bool TakeDue(long now, long interval)
    {
        if (!_pending || !Allowed(now, interval))
        {
            return false;
        }

        Sent(now);
        return true;
    }

    /// <summary>A keyframe arrived on the stream: the last request (if any) is answered.</summary>
    public void KeyframeArrived()
    {
        if (_lastSentTimestamp != 0)
        {
            _answered = true;
        }
    }

    private readonly bool Allowed(long now, long interval) =>
        _lastSentTimestamp == 0 || now - _lastSentTimestamp >= (_answered ? interval / 4 : interval);

    private void Sent(long now)
    {
        _lastSentTimestamp = now;
        _pending = false;
        _answered = false;
    }
}
