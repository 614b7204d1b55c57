namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Answers a peer's generic NACKs for one stream we send (RFC 4585 §6.2.1, RFC 4588): every sequence number the NACK
/// lists goes to the endpoint's <see cref="IRetransmitter"/>, within an optional budget, and the outcome is counted.
/// Both endpoints compose one per sent stream — the client per send stream, the SFU per forwarded track — as pion's
/// NACK responder interceptor serves every peer.
/// </summary>
/// <remarks>
/// The budget bounds retransmissions per second (a token bucket refilled continuously, holding at most one second's
/// worth), so a peer that NACKs everything cannot make us send far more than the stream itself: past the budget,
/// requests are counted as <see cref="Refused"/> and the peer's keyframe request recovers instead. 0 means no budget.
/// A cap on the sequence numbers one NACK may ask for bounds the work a single packet causes (each 4-byte entry asks
/// for up to 17, so one datagram could list thousands); the ones past it are refused too. 0 means no cap.
/// One thread answers NACKs (the receiving thread); the counters may be read from any thread. Allocation-free.
/// </remarks>
public sealed class NackResponder
{
    private readonly int _maxPerSecond;
    private readonly int _maxPerNack;
    private double _tokens;
    private TimeSpan _refilledAt;
    private long _nacks;
    private long _requested;
    private long _retransmitted;
    private long _refused;

    /// <summary>
    /// A responder resending at most <paramref name="maxRetransmissionsPerSecond"/> packets a second (0: no budget) and
    /// considering at most <paramref name="maxSequenceNumbersPerNack"/> of one NACK's sequence numbers (0: all).
    /// </summary>
    public NackResponder(int maxRetransmissionsPerSecond = 0, int maxSequenceNumbersPerNack = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetransmissionsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSequenceNumbersPerNack);
        _maxPerSecond = maxRetransmissionsPerSecond;
        _maxPerNack = maxSequenceNumbersPerNack;
        _tokens = maxRetransmissionsPerSecond;
    }

    /// <summary>NACK packets answered.</summary>
    public long Nacks => Volatile.Read(ref _nacks);

    /// <summary>Sequence numbers asked for.</summary>
    public long Requested => Volatile.Read(ref _requested);

    /// <summary>Packets resent.</summary>
    public long Retransmitted => Volatile.Read(ref _retransmitted);

    /// <summary>Requests left unanswered because the budget was spent.</summary>
    public long Refused => Volatile.Read(ref _refused);

    /// <summary>Resends what <paramref name="nack"/> lists through <paramref name="retransmitter"/>; returns how many packets went out.</summary>
    public int Respond<TRetransmitter>(GenericNack nack, ref TRetransmitter retransmitter, TimeSpan now)
        where TRetransmitter : struct, IRetransmitter
    {
        Volatile.Write(ref _nacks, _nacks + 1);
        Refill(now);
        var sent = 0;
        var considered = 0;
        foreach (var sequenceNumber in nack)
        {
            Volatile.Write(ref _requested, _requested + 1);
            if ((_maxPerNack != 0 && ++considered > _maxPerNack) || (_maxPerSecond != 0 && _tokens < 1))
            {
                Volatile.Write(ref _refused, _refused + 1);
                continue;
            }

            // Only what goes out spends the budget: asking for a packet no longer kept costs nothing on the wire.
            if (retransmitter.TryRetransmit(sequenceNumber))
            {
                sent++;
                _tokens--;
                Volatile.Write(ref _retransmitted, _retransmitted + 1);
            }
        }

        return sent;
    }

    private void Refill(TimeSpan now)
    {
        if (_maxPerSecond == 0)
        {
            return;
        }

        var elapsed = now - _refilledAt;
        _refilledAt = now;
        if (elapsed > TimeSpan.Zero)
        {
            _tokens = Math.Min(_maxPerSecond, _tokens + (elapsed.TotalSeconds * _maxPerSecond));
        }
    }
}
