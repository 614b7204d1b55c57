using OpenLive.Rtc.Rtcp;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// One RTP stream a publisher sends: a track's only stream, or one simulcast layer. Keeps what the SFU needs to
/// recover and report it: the packet cache (NACKs from subscribers), the NACK tracker (losses on the publisher's
/// link), the keyframe-request throttle, receive statistics for receiver reports, and the last sender report.
/// Media thread only.
/// </summary>
internal sealed class IncomingStream(PublishedTrack track, int layer, string? rid, int cacheSize)
{
    public PublishedTrack Track { get; } = track;

    /// <summary>Simulcast layer, 0 = lowest (0 without simulcast).</summary>
    public int Layer { get; } = layer;

    /// <summary>The layer's rid, null without simulcast.</summary>
    public string? Rid { get; } = rid;

    /// <summary>The rid as the RID header extensions carry it (ASCII), compared without allocating.</summary>
    public byte[] RidBytes { get; } = rid is null ? [] : System.Text.Encoding.ASCII.GetBytes(rid);

    /// <summary>The media SSRC, 0 until learned (from SDP or the first packet's MID/RID).</summary>
    public uint Ssrc { get; set; }

    /// <summary>The RTX SSRC, 0 until learned.</summary>
    public uint RtxSsrc { get; set; }

    public RtpPacketCache Cache { get; } = new(cacheSize);

    public NackTracker Nacks { get; } = new();

    public KeyframeRequestThrottle KeyframeRequests;

    public long Packets { get; set; }

    public long Bytes { get; set; }

    /// <summary>Retransmissions (RTX) received, i.e. losses the publisher repaired.</summary>
    public long Retransmissions { get; set; }

    /// <summary>Media timestamp of the last packet (time-provider ticks); 0 before the first.</summary>
    public long LastPacketAt { get; set; }

    /// <summary>The last keyframe's arrival (ticks); subscribers switching here need not wait long.</summary>
    public long LastKeyframeAt { get; set; }

    /// <summary>Received-bitrate estimate over roughly the last second, in bits per second.</summary>
    public long Bitrate { get; private set; }

    private long _windowStart;
    private long _windowBytes;

    // Receiver-report state (RFC 3550 Appendix A.3/A.8).
    private bool _started;
    private ushort _baseSequence;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private long _received;
    private double _jitter;
    private long _lastTransit;

    /// <summary>The last sender report: its NTP time (compact form for LSR) and when it arrived (ticks).</summary>
    public uint LastSenderReportCompact { get; set; }

    public long LastSenderReportAt { get; set; }

    /// <summary>The last sender report's RTP timestamp and NTP time, to translate reports for subscribers.</summary>
    public uint LastSenderReportRtpTimestamp { get; set; }

    public ulong LastSenderReportNtp { get; set; }

    public void Count(ushort sequence, uint timestamp, int length, long now, long frequency, int clockRate)
    {
        Packets++;
        Bytes += length;
        LastPacketAt = now;
        _windowBytes += length;
        if (now - _windowStart >= frequency)
        {
            Bitrate = _windowStart == 0 ? 0 : _windowBytes * 8 * frequency / (now - _windowStart);
            _windowStart = now;
            _windowBytes = 0;
        }

        _received++;
        if (!_started)
        {
            _started = true;
            _baseSequence = sequence;
            _maxSequence = sequence;
        }
        else if ((short)(ushort)(sequence - _maxSequence) > 0)
        {
            if (sequence < _maxSequence)
            {
                _cycles += 1 << 16;
            }

            _maxSequence = sequence;
        }

        // Interarrival jitter in RTP units (RFC 3550 §6.4.1).
        var arrival = now * clockRate / frequency;
        var transit = arrival - timestamp;
        if (_lastTransit != 0)
        {
            var d = Math.Abs(transit - _lastTransit);
            _jitter += (d - _jitter) / 16;
        }

        _lastTransit = transit;
    }

    /// <summary>A report block for this stream (RFC 3550 §6.4.1), and resets the interval counters.</summary>
    public ReportBlock BuildReportBlock(long now, long frequency)
    {
        var extendedMax = _cycles + _maxSequence;
        var expected = extendedMax - _baseSequence + 1;
        var lost = (long)expected - _received;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = (uint)_received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = (uint)_received;
        var lostInterval = (long)expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (byte)((lostInterval << 8) / expectedInterval);
        var delay = LastSenderReportAt == 0 ? 0 : NtpTime.ToCompactDuration(TimeSpan.FromSeconds((double)(now - LastSenderReportAt) / frequency));
        return new ReportBlock(
            Ssrc,
            (byte)fraction,
            (int)Math.Clamp(lost, -0x800000, 0x7FFFFF),
            extendedMax,
            (uint)_jitter,
            LastSenderReportCompact,
            delay);
    }
}
