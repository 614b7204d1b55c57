namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Answers a peer's generic NACKs for one stream we send (RFC 4585 §6.2.1, RFC 4588): every sequence number the NACK
/// lists goes to the endpoint's <see cref="IRetransmitter"/>, within the peer's <see cref="RetransmissionBudget"/>,
/// and the outcome is counted. Both endpoints compose one per sent stream — the client per send stream, the SFU per
/// forwarded track — as pion's NACK responder interceptor serves every peer.
/// </summary>
/// <remarks>
/// The budget (packets and bytes per second, shared by all of one peer's responders) means a peer that NACKs
/// everything cannot make us send far more than the stream itself: past it, requests are counted as
/// <see cref="Refused"/> and the peer's keyframe request recovers instead. A cap on the sequence numbers one NACK may
/// ask for bounds the work a single packet causes (each 4-byte entry asks for up to 17, so one datagram could list
/// thousands); the ones past it are refused too. 0 means no cap.
/// One thread answers NACKs (the receiving thread); the counters may be read from any thread. Allocation-free.
/// </remarks>
public sealed class NackResponder
{
    private readonly int _maxPerNack;
    private long _nacks;
    private long _requested;
    private long _retransmitted;
    private long _refused;

    /// <summary>
    /// A responder resending within <paramref name="budget"/> (<see cref="RetransmissionBudget.Unlimited"/> when null)
    /// and considering at most <paramref name="maxSequenceNumbersPerNack"/> of one NACK's sequence numbers (0: all).
    /// </summary>
    public NackResponder(RetransmissionBudget? budget = null, int maxSequenceNumbersPerNack = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSequenceNumbersPerNack);
        Budget = budget ?? RetransmissionBudget.Unlimited;
        _maxPerNack = maxSequenceNumbersPerNack;
    }

    /// <summary>What may be resent to the peer (shared with its other streams' responders).</summary>
    public RetransmissionBudget Budget { get; }

    /// <summary>NACK packets answered.</summary>
    public long Nacks => Volatile.Read(ref _nacks);

    /// <summary>Sequence numbers asked for.</summary>
    public long Requested => Volatile.Read(ref _requested);

    /// <summary>Packets resent.</summary>
    public long Retransmitted => Volatile.Read(ref _retransmitted);

    /// <summary>Requests left unanswered because the budget was spent or the NACK listed more than the cap.</summary>
    public long Refused => Volatile.Read(ref _refused);

    /// <summary>Resends what <paramref name="nack"/> lists through <paramref name="retransmitter"/>; returns how many packets went out.</summary>
    public int Respond<TRetransmitter>(GenericNack nack, ref TRetransmitter retransmitter)
        where TRetransmitter : struct, IRetransmitter
    {
        Volatile.Write(ref _nacks, _nacks + 1);
        var sent = 0;
        var considered = 0;
        foreach (var sequenceNumber in nack)
        {
            Volatile.Write(ref _requested, _requested + 1);
            if (_maxPerNack != 0 && ++considered > _maxPerNack)
            {
                Volatile.Write(ref _refused, _refused + 1);
                continue;
            }

            // The budget counts its own refusals (it is shared, and only the retransmitter knows a packet's length).
            var budgetRefusedBefore = Budget.Refused;
            if (retransmitter.TryRetransmit(sequenceNumber, Budget))
            {
                sent++;
                Volatile.Write(ref _retransmitted, _retransmitted + 1);
            }
            else if (Budget.Refused != budgetRefusedBefore)
            {
                Volatile.Write(ref _refused, _refused + 1);
            }
        }

        return sent;
    }
}
