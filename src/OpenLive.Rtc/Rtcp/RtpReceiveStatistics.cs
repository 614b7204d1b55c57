using OpenLive.Rtc.Rtp;

namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Reception statistics of one incoming RTP stream, as RFC 3550 Appendix A defines them for report blocks: extended
/// highest sequence number and expected count (A.1, A.3), cumulative and interval loss (A.3), and interarrival jitter
/// (A.8). Both endpoints keep one per stream they receive: the SFU for each publisher stream, the client for each
/// transceiver. Owned by the receiving thread; allocation-free; the counters may be read from other threads.
/// </summary>
/// <remarks>
/// Jitter follows A.8 exactly: <c>D(i-1,i) = (Rj - Ri) - (Sj - Si)</c> taken in 32-bit arithmetic, so a transit that
/// wraps (RTP timestamps start at a random 32-bit value and wrap; arrival units do too) gives the small difference it
/// is and not one of ~2^32, and <c>J += (|D| - J) / 16</c>. Retransmissions are counted as received (A.3 counts them)
/// but kept out of the jitter: they arrive late by design, and counting them reports the repair delay as network jitter.
/// </remarks>
public sealed class RtpReceiveStatistics
{
    // SequenceUnwrapper's extended numbers start at 2^32 + the first sequence number.
    private const long UnwrapOrigin = 1L << 32;

    private SequenceUnwrapper _unwrapper;
    private long _base = -1;
    private long _highest;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private uint _lastTransit;
    private bool _hasTransit;

    /// <summary>Packets received, retransmissions and duplicates included (RFC 3550 A.3 counts them too).</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Packets expected from the first to the highest sequence number.</summary>
    public long Expected => _base < 0 ? 0 : Volatile.Read(ref _highest) - _base + 1;

    /// <summary>Cumulative loss: expected minus received; negative with duplicates (RFC 3550 A.3).</summary>
    public long CumulativeLost => _base < 0 ? 0 : Expected - Received;

    /// <summary>The extended highest sequence number received: cycles in the high 16 bits (RFC 3550 A.1); 0 before the first packet.</summary>
    public uint ExtendedHighestSequence => _base < 0 ? 0 : (uint)(Volatile.Read(ref _highest) - UnwrapOrigin);

    /// <summary>Interarrival jitter in timestamp units (RFC 3550 A.8).</summary>
    public double Jitter => Volatile.Read(ref _jitter);

    /// <summary>
    /// The arrival time <paramref name="timestamp"/> (of a clock ticking <paramref name="frequency"/> times a second) in
    /// units of an RTP clock of <paramref name="clockRate"/> Hz. Whole seconds and the remainder are scaled apart, so a
    /// nanosecond clock days after boot times 90 kHz does not overflow 64 bits; only the low 32 bits matter to A.8.
    /// </summary>
    public static long ToRtpUnits(long timestamp, long frequency, int clockRate) =>
        (timestamp / frequency * clockRate) + (timestamp % frequency * clockRate / frequency);

    /// <summary>
    /// Counts one packet. <paramref name="arrivalUnits"/> is its arrival time in the stream's RTP clock units (see
    /// <see cref="ToRtpUnits"/>); it feeds the jitter only when <paramref name="countJitter"/>, false for
    /// retransmissions.
    /// </summary>
    public void OnPacket(ushort sequenceNumber, uint rtpTimestamp, long arrivalUnits, bool countJitter)
    {
        var extended = _unwrapper.Peek(sequenceNumber);
        if (_base < 0)
        {
            _base = extended;
            Volatile.Write(ref _highest, extended);
            _unwrapper.Unwrap(sequenceNumber);
        }
        else if (extended > _highest)
        {
            Volatile.Write(ref _highest, extended);
            _unwrapper.Unwrap(sequenceNumber);
        }

        Volatile.Write(ref _received, _received + 1);
        if (!countJitter)
        {
            return;
        }

        var transit = unchecked((uint)arrivalUnits - rtpTimestamp);
        if (_hasTransit)
        {
            var difference = Math.Abs((long)unchecked((int)(transit - _lastTransit)));
            Volatile.Write(ref _jitter, _jitter + ((difference - _jitter) / 16));
        }

        _lastTransit = transit;
        _hasTransit = true;
    }

    /// <summary>
    /// The report block for this stream (RFC 3550 §6.4.1): loss since the last block and in total, extended highest
    /// sequence number, jitter, and the last SR's middle NTP bits with the delay since it arrived. Starts the next
    /// interval.
    /// </summary>
    public ReportBlock NextReportBlock(uint ssrc, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        var expected = Expected;
        var received = Received;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (lostInterval << 8) / expectedInterval;
        var cumulative = Math.Clamp(expected - received, ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost);
        return new ReportBlock(
            ssrc,
            (byte)Math.Min(fraction, 255),
            (int)cumulative,
            ExtendedHighestSequence,
            (uint)Math.Min(_jitter, uint.MaxValue),
            lastSenderReport,
            delaySinceLastSenderReport);
    }
}
