namespace OpenLive.Sfu.Congestion;

/// <summary>
/// GCC's inter-arrival step (draft-ietf-rmcat-gcc-02 §5.2): packets sent within one 5 ms burst form a group, and each
/// completed group, compared with the one before, gives a send delta and an arrival delta; their difference is the change
/// in queuing delay along the path. Times in microseconds: send times on our clock, arrival times on the subscriber's.
/// </summary>
internal sealed class PacketGroupDelay
{
    private const long BurstMicroseconds = 5_000;

    /// <summary>Arrival gaps beyond this (a stall, a clock jump) start over instead of reading as queuing.</summary>
    private const long ResetMicroseconds = 3_000_000;

    private Group _current;
    private Group _previous;

    /// <summary>
    /// Adds a received packet (in send order); true when it closed a group, with the closed group's deltas from the
    /// one before it and its arrival time.
    /// </summary>
    public bool TryAdd(long sentMicroseconds, long arrivalMicroseconds, out long sendDelta, out long arrivalDelta, out long arrivalAt)
    {
        sendDelta = arrivalDelta = arrivalAt = 0;
        if (!_current.Started)
        {
            _current = Group.Start(sentMicroseconds, arrivalMicroseconds);
            return false;
        }

        if (sentMicroseconds < _current.FirstSent)
        {
            return false; // Sent before the group in hand: a late report of an old packet adds nothing.
        }

        if (sentMicroseconds - _current.FirstSent <= BurstMicroseconds)
        {
            _current.Add(sentMicroseconds, arrivalMicroseconds);
            return false;
        }

        var closed = false;
        if (_previous.Started)
        {
            sendDelta = _current.LastSent - _previous.LastSent;
            arrivalDelta = _current.LastArrival - _previous.LastArrival;
            arrivalAt = _current.LastArrival;
            if (arrivalDelta < 0 || Math.Abs(arrivalDelta) > ResetMicroseconds)
            {
                // Reordered groups carry no trend; a huge gap means the path or a clock restarted.
                _previous = default;
                _current = Group.Start(sentMicroseconds, arrivalMicroseconds);
                return false;
            }

            closed = true;
        }

        _previous = _current;
        _current = Group.Start(sentMicroseconds, arrivalMicroseconds);
        return closed;
    }

    private struct Group
    {
        public bool Started;
        public long FirstSent;
        public long LastSent;
        public long LastArrival;

        public static Group Start(long sent, long arrival) =>
            new() { Started = true, FirstSent = sent, LastSent = sent, LastArrival = arrival };

        public void Add(long sent, long arrival)
        {
            LastSent = Math.Max(LastSent, sent);
            LastArrival = Math.Max(LastArrival, arrival);
        }
    }
}
