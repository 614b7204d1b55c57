namespace OpenLive.Sfu.Congestion;

/// <summary>
/// One bandwidth probe: for <see cref="SendMicroseconds"/> everything sent to the subscriber (media plus padding to make up
/// the difference) goes at <see cref="Target"/>, and the feedback for those packets shows whether the path carried it —
/// libwebrtc's probe-rate measurement: the send rate over the send span and the receive rate over the arrival span,
/// the smaller of the two is what the path gave. Only the probe's steady part counts (from
/// <see cref="SettleMicroseconds"/> on): a shaper's token bucket, filled while the path was under-used, passes the
/// first part of a probe at line rate, and measuring it would report a rate the path cannot keep. Times in µs (send
/// on our clock, arrival on the subscriber's).
/// </summary>
internal struct ProbeCluster
{
    public const long SendMicroseconds = 500_000;

    /// <summary>The start of the probe that drains a bucket and is not measured.</summary>
    public const long SettleMicroseconds = 200_000;

    /// <summary>How long after its last packet a probe waits for feedback before it is judged on what came.</summary>
    public const long FeedbackWaitMicroseconds = 1_000_000;

    private const int MinReceivedPackets = 5;

    public int Id;
    public long Target;
    public long StartedAt;
    public int SentAll;
    public int ReportedAll;
    public int Sent;
    public long BytesSent;
    public long FirstSent;
    public long LastSent;
    public int LastSentSize;
    public int Received;
    public long BytesReceived;
    public long FirstArrival;
    public int FirstArrivalSize;
    public long LastArrival;

    public readonly bool IsSending(long now) => Id != 0 && now - StartedAt < SendMicroseconds;

    private readonly bool IsSteady(long sentAt) => sentAt - StartedAt >= SettleMicroseconds;

    public void OnSent(int size, long now)
    {
        SentAll++;
        if (!IsSteady(now))
        {
            return;
        }

        if (Sent == 0)
        {
            FirstSent = now;
        }

        Sent++;
        BytesSent += size;
        LastSent = now;
        LastSentSize = size;
    }

    public void OnReported(int size, long sentAt, bool received, long arrival)
    {
        ReportedAll++;
        if (!received || !IsSteady(sentAt))
        {
            return;
        }

        if (Received == 0 || arrival < FirstArrival)
        {
            FirstArrival = arrival;
            FirstArrivalSize = size;
        }

        Received++;
        BytesReceived += size;
        LastArrival = Math.Max(LastArrival, arrival);
    }

    /// <summary>Whether all its packets are reported or the wait is over.</summary>
    public readonly bool IsDone(long now) =>
        Id != 0 && !IsSending(now) && (ReportedAll >= SentAll || now - StartedAt > SendMicroseconds + FeedbackWaitMicroseconds);

    /// <summary>What the path carried in the probe's steady part, bits per second; 0 when too little came back to say.</summary>
    public readonly long Result()
    {
        if (Received < MinReceivedPackets || LastSent <= FirstSent || LastArrival <= FirstArrival)
        {
            return 0;
        }

        var sendRate = (BytesSent - LastSentSize) * 8 * 1_000_000 / (LastSent - FirstSent);
        var receiveRate = (BytesReceived - FirstArrivalSize) * 8 * 1_000_000 / (LastArrival - FirstArrival);
        return Math.Min(sendRate, receiveRate);
    }
}
