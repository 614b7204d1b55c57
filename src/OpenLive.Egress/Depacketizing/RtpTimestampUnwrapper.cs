namespace OpenLive.Egress.Depacketizing;

/// <summary>
/// Extends 32-bit RTP timestamps to 64 bits (the <see cref="Media.MediaFrame.Timestamp"/> contract): each value is
/// placed within ±2^31 of the last one, so wrap-around (every 13 h at 90 kHz) needs no special case downstream. The
/// low 32 bits of an unwrapped value are the RTP timestamp itself, so a sender report's 32-bit timestamp can be
/// placed against it.
/// </summary>
internal struct RtpTimestampUnwrapper
{
    // Far above zero: values stay positive however far a stream steps backwards.
    private const long Origin = 1L << 32;

    private long _last;
    private bool _started;

    public long Unwrap(uint timestamp)
    {
        _last = _started ? _last + (int)(timestamp - (uint)_last) : Origin + timestamp;
        _started = true;
        return _last;
    }
}
