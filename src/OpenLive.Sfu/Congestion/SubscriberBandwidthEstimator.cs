using OpenLive.Rtc.Rtcp;

namespace OpenLive.Sfu.Congestion;

/// <summary>
/// Send-side bandwidth estimation for one subscriber connection from its transport-wide CC feedback — the estimate the
/// layer selector fits the forwarded simulcast layers into (libwebrtc's and LiveKit's approach; REMB is only what older
/// receivers send). Delay-based (<see cref="PacketGroupDelay"/>, <see cref="TrendlineDetector"/>), loss-based and rate
/// control (<see cref="AimdRateControl"/>), plus probing: when the layers the subscriber wants need more than the
/// estimate, padding raises what is sent to that rate for 500 ms (<see cref="ProbeCluster"/>); if the path carries it,
/// the estimate jumps there, so a viewer whose link recovers gets the top layer back in seconds rather than after a
/// slow additive ramp. Media thread only; allocates nothing.
/// </summary>
internal sealed class SubscriberBandwidthEstimator
{
    /// <summary>Loss is judged over at least this many packets and this long.</summary>
    private const int LossWindowPackets = 20;

    private const long LossWindowMicroseconds = 500_000;

    /// <summary>No probe sooner than this after a cut: the queue that caused it must drain first.</summary>
    private const long QuietAfterDecreaseMicroseconds = 2_000_000;

    private const long RetryAfterFailedProbeMicroseconds = 4_000_000;
    private const long RetryAfterProbeMicroseconds = 1_000_000;

    /// <summary>A cut this soon after a successful probe means the probe was fooled (see <see cref="Tick"/>).</summary>
    private const long ProbeProvenMicroseconds = 3_000_000;

    private const long MaxProbeBackoffMicroseconds = 16_000_000;

    private readonly long _frequency;
    private readonly SentPacketLog _sent = new();
    private readonly PacketGroupDelay _groups = new();
    private readonly TrendlineDetector _trend = new();
    private readonly AckedBitrate _acked = new();
    private readonly AimdRateControl _rate = new();
    private ProbeCluster _probe;
    private int _nextClusterId = 1;
    private long _nextProbeAt;
    private long _probeBackoff = RetryAfterFailedProbeMicroseconds;
    private long _succeededAt = long.MinValue;
    private int _windowPackets;
    private int _windowLost;
    private long _windowStart = long.MinValue;
    private long _bytesSinceTick;
    private int _feedbacks;
    private int _clockStepsBack;
    private int _lastReportedSequence = -1;
    private long _lastReportedArrival;
    private long _probeCredit;
    private long _lastTick = long.MinValue;

    public SubscriberBandwidthEstimator(long frequency) => _frequency = frequency;

    /// <summary>Bits per second the path carries; 0 while no congestion has been seen (no limit).</summary>
    public long Estimate => _rate.Estimate;

    /// <summary>Whether usable transport-wide feedback has arrived (the subscriber does transport-cc, consistently).</summary>
    public bool HasFeedback { get; private set; }

    /// <summary>
    /// The subscriber's feedback contradicts itself — a later packet reported as arriving well before an earlier one,
    /// feedback after feedback (werift 0.23 rebases each feedback's deltas on a reference time truncated to 64 ms) —
    /// so it is ignored from then on and the subscriber is treated as one without transport-cc (REMB and receiver-report
    /// loss). Reading it would make the estimate follow the sender's arithmetic instead of the path.
    /// </summary>
    public bool Distrusted { get; private set; }

    /// <summary>The received rate from the feedback, bits per second.</summary>
    public long AckedBitrate => _acked.BitsPerSecond;

    public BandwidthUsage Usage => _trend.Usage;

    /// <summary>Probes started and how many showed the wanted rate (for statistics and tests).</summary>
    public int ProbesStarted { get; private set; }

    public int ProbesSucceeded { get; private set; }

    /// <summary>Successful probes the path then contradicted (a cut within 3 s).</summary>
    public int FooledProbes { get; private set; }

    /// <summary>The probe in progress, 0 when none.</summary>
    public int ActiveCluster => _probe.Id;

    /// <summary>A packet left under transport-wide sequence number <paramref name="sequenceNumber"/> at <paramref name="now"/> (ticks).</summary>
    public void OnSent(ushort sequenceNumber, int size, long now)
    {
        var at = Microseconds(now);
        var cluster = 0;
        if (_probe.IsSending(at))
        {
            cluster = _probe.Id;
            _probe.OnSent(size, at);
        }

        _sent.Record(sequenceNumber, size, now, cluster);
        _bytesSinceTick += size;
    }

    /// <summary>A transport-wide CC feedback from the subscriber, at <paramref name="now"/> (ticks).</summary>
    public void OnFeedback(in TransportCcFeedback feedback, long now)
    {
        // More packets than are remembered cannot be matched: a run-length chunk lets one small packet name 8,191, so a
        // subscriber could otherwise make each feedback cost tens of thousands of iterations on the media thread.
        if (feedback.PacketStatusCount > SentPacketLog.Capacity || Distrusted || !IsConsistent(feedback))
        {
            return;
        }

        HasFeedback = true;
        var at = Microseconds(now);
        var overused = false;
        foreach (var entry in feedback)
        {
            if (!_sent.TryGet(entry.SequenceNumber, out var sent))
            {
                continue;
            }

            var arrival = entry.ArrivalTime.Ticks / 10;
            if (sent.Cluster != 0 && sent.Cluster == _probe.Id)
            {
                _probe.OnReported(sent.Size, Microseconds(sent.SentAt), entry.HasArrivalTime, arrival);
            }
            else
            {
                // Probe padding lost to a full queue says the probe failed, not that media is being lost.
                _windowPackets++;
                _windowLost += entry.Received ? 0 : 1;
            }

            if (!entry.HasArrivalTime)
            {
                continue;
            }

            _acked.Add(arrival, sent.Size);
            if (_groups.TryAdd(Microseconds(sent.SentAt), arrival, out var sendDelta, out var arrivalDelta, out var closedAt)
                && _trend.Update(sendDelta, arrivalDelta, closedAt) == BandwidthUsage.Overusing)
            {
                overused = true;
            }
        }

        var acked = _acked.BitsPerSecond;
        _rate.Update(overused ? BandwidthUsage.Overusing : _trend.Usage, acked, at);
        if (_windowStart == long.MinValue)
        {
            _windowStart = at;
        }

        if (_windowPackets >= LossWindowPackets && at - _windowStart >= LossWindowMicroseconds)
        {
            _rate.OnLoss((double)_windowLost / _windowPackets, acked, at);
            _windowPackets = _windowLost = 0;
            _windowStart = at;
        }
    }

    /// <summary>
    /// Periodic work (media thread, every few milliseconds): judges a finished probe, starts one when the layers the
    /// subscriber wants (<paramref name="wanted"/>, bits per second) need more than the estimate, and says how many
    /// padding bytes to send now to keep a running probe at its rate.
    /// </summary>
    public int Tick(long wanted, long now)
    {
        var at = Microseconds(now);
        var elapsed = _lastTick == long.MinValue ? 0 : at - _lastTick;
        _lastTick = at;
        var sentSinceTick = _bytesSinceTick;
        _bytesSinceTick = 0;
        if (_probe.Id != 0 && _probe.IsDone(at))
        {
            FinishProbe(at);
        }

        JudgeLastSuccess(at);

        var estimate = _rate.Estimate;
        if (_probe.Id == 0 && estimate > 0 && wanted > estimate && at >= _nextProbeAt
            && (_rate.LastDecrease == long.MinValue || at - _rate.LastDecrease > QuietAfterDecreaseMicroseconds))
        {
            _probe = new ProbeCluster { Id = _nextClusterId++, Target = Math.Min(wanted + (wanted / 10), estimate * 3), StartedAt = at };
            _probeCredit = 0;
            ProbesStarted++;
            return 0;
        }

        if (!_probe.IsSending(at) || elapsed <= 0)
        {
            return 0;
        }

        // A token bucket at the probe's rate, drawn by everything sent (media and the padding this returns): the padding
        // fills what the media leaves. Bounded both ways, so a burst of media or a late tick does not swing the next ones.
        var perTick = _probe.Target * elapsed / 8 / 1_000_000;
        _probeCredit = Math.Clamp(_probeCredit + perTick - sentSinceTick, -perTick, 64 * 1024);
        return (int)Math.Max(0, _probeCredit);
    }

    /// <summary>
    /// Counts feedback that reports a packet sent later as arriving more than 10 ms before one sent earlier (as reported
    /// by an earlier feedback or this one). Real paths reorder that much rarely; once it is more than one feedback in
    /// twenty (and at least 3), the subscriber's feedback is <see cref="Distrusted"/> and what it said is forgotten.
    /// </summary>
    private bool IsConsistent(in TransportCcFeedback feedback)
    {
        _feedbacks++;
        var steppedBack = false;
        foreach (var entry in feedback)
        {
            if (!entry.HasArrivalTime)
            {
                continue;
            }

            var arrival = entry.ArrivalTime.Ticks / 10;
            var newer = _lastReportedSequence < 0 || (short)(entry.SequenceNumber - (ushort)_lastReportedSequence) > 0;
            if (!newer)
            {
                continue;
            }

            if (_lastReportedSequence >= 0 && arrival < _lastReportedArrival - 10_000)
            {
                steppedBack = true;
            }

            _lastReportedSequence = entry.SequenceNumber;
            _lastReportedArrival = arrival;
        }

        _clockStepsBack += steppedBack ? 1 : 0;
        if (_clockStepsBack >= 3 && _clockStepsBack * 20 > _feedbacks)
        {
            Distrusted = true;
            HasFeedback = false;
            _rate.Reset();
            _probe = default;
            return false;
        }

        return true;
    }

    private void FinishProbe(long at)
    {
        var result = _probe.Result();
        // A cut since the probe began means the queue grew under it, whatever rate got through.
        var contradicted = _rate.LastDecrease != long.MinValue && _rate.LastDecrease >= _probe.StartedAt;
        var succeeded = !contradicted && result >= _probe.Target * 9 / 10;
        if (result > 0 && !contradicted)
        {
            _rate.Raise(Math.Min(result, _probe.Target));
        }

        if (succeeded)
        {
            ProbesSucceeded++;
            _succeededAt = at;
        }

        _nextProbeAt = at + (succeeded ? RetryAfterProbeMicroseconds : _probeBackoff);
        _probe = default;
    }

    /// <summary>
    /// A probe can pass where the media cannot: a shaper's token bucket, filled while the path was under-used, lets a
    /// short probe through at line rate, and the layer it let in then overloads the path. A cut within 3 s of a success
    /// says so: probing backs off, doubling up to 16 s, so a capped subscriber is not switched up and down every few
    /// seconds. A success that holds for 3 s resets the backoff.
    /// </summary>
    private void JudgeLastSuccess(long at)
    {
        if (_succeededAt == long.MinValue)
        {
            return;
        }

        var decrease = _rate.LastDecrease;
        if (decrease != long.MinValue && decrease > _succeededAt && decrease - _succeededAt <= ProbeProvenMicroseconds)
        {
            _probeBackoff = Math.Min(_probeBackoff * 2, MaxProbeBackoffMicroseconds);
            _nextProbeAt = Math.Max(_nextProbeAt, decrease + _probeBackoff);
            FooledProbes++;
            _succeededAt = long.MinValue;
        }
        else if (at - _succeededAt > ProbeProvenMicroseconds)
        {
            _probeBackoff = RetryAfterFailedProbeMicroseconds;
            _succeededAt = long.MinValue;
        }
    }

    private long Microseconds(long ticks) => _frequency == 1_000_000 ? ticks
        : _frequency % 1_000_000 == 0 ? ticks / (_frequency / 1_000_000)
        : (long)(ticks * (1_000_000.0 / _frequency));
}
