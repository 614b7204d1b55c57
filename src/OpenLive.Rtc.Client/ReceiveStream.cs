using OpenLive.Rtc.Rtcp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// The incoming RTP stream of one receiving transceiver: its SSRCs, loss tracking for NACKs, report-block
/// statistics and the peer's last sender report. Receive thread only, except the counters statistics read.
/// </summary>
internal sealed class ReceiveStream(RtcTransceiver transceiver, uint ssrc, int clockRate, bool nack)
{
    public RtcTransceiver Transceiver { get; } = transceiver;

    public uint Ssrc { get; } = ssrc;

    /// <summary>The RTX SSRC, 0 until signaled or learned.</summary>
    public uint RtxSsrc { get; set; }

    public int ClockRate { get; set; } = clockRate;

    /// <summary>Missing sequence numbers to NACK; null when NACK was not negotiated.</summary>
    public NackTracker? Nacks { get; } = nack ? new NackTracker() : null;

    public RtpReceiveStatistics Statistics { get; } = new();

    /// <summary>The middle 32 bits of the last SR's NTP time (LSR), 0 before one.</summary>
    public uint LastSenderReport { get; set; }

    /// <summary>When that SR arrived (connection clock).</summary>
    public TimeSpan LastSenderReportAt { get; set; }
}
