using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// Reception statistics of one incoming RTP stream, as RFC 3550 Appendix A defines them for report blocks:
/// extended highest sequence number and expected count (A.1, A.3), cumulative and interval loss (A.3), and
/// interarrival jitter (A.8). Owned by the receive thread; allocation-free.
/// </summary>
internal sealed class RtpReceiveStatistics
{
    // The unwrapper's extended numbers start at 2^32 + the first sequence number (see SequenceUnwrapper).
    private const long UnwrapOrigin = 1L << 32;

    private SequenceUnwrapper _unwrapper;
    private long _base = -1;
    private long _highest;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private long _lastTransit;
    private bool _hasTransit;

    /// <summary>Packets received, retransmissions and duplicates included (RFC 3550 A.3 counts them too).</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Packets expected from the first to the highest sequence number.</summary>
    public long Expected => _base < 0 ? 0 : Volatile.Read(ref _highest) - _base + 1;

    /// <summary>Cumulative loss: expected minus received; negative with duplicates (RFC 3550 A.3).</summary>
    public long CumulativeLost => _base < 0 ? 0 : Expected - Received;

    /// <summary>Interarrival jitter in timestamp units (RFC 3550 A.8).</summary>
    public double Jitter => Volatile.Read(ref _jitter);

    /// <summary>
    /// Counts one packet. <paramref name="arrivalUnits"/> is the arrival time in the stream's RTP clock units; it
    /// feeds the jitter only when <paramref name="countJitter"/> (retransmissions arrive late by design).
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

        // A.8: D(i-1,i) = (Rj - Ri) - (Sj - Si), J += (|D| - J) / 16; the 32-bit difference copes with timestamp wrap.
        var transit = (long)(uint)(arrivalUnits - rtpTimestamp);
        if (_hasTransit)
        {
            var difference = Math.Abs((long)(int)(uint)(transit - _lastTransit));
            Volatile.Write(ref _jitter, _jitter + ((difference - _jitter) / 16));
        }

        _lastTransit = transit;
        _hasTransit = true;
    }

    /// <summary>
    /// The report block for this stream (RFC 3550 §6.4.1): loss since the last block and in total, extended highest
    /// sequence number, jitter, and the last SR's middle NTP bits with the delay since it arrived.
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
            _base < 0 ? 0 : (uint)(_highest - UnwrapOrigin),
            (uint)Math.Min(_jitter, uint.MaxValue),
            lastSenderReport,
            delaySinceLastSenderReport);
    }
}
