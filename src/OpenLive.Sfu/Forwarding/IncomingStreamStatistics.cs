using OpenLive.Rtc.Rtcp;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// What the SFU measures of one publisher stream: volume and bitrate for the room's statistics and the layer selector,
/// RFC 3550 reception statistics for receiver reports (the shared <see cref="RtpReceiveStatistics"/>), the last
/// keyframe's arrival, and the publisher's last sender report (for LSR/DLSR and to translate reports for subscribers).
/// Written on the media thread only; the control plane reads the counters for statistics.
/// </summary>
internal sealed class IncomingStreamStatistics
{
    private long _windowStart;
    private long _windowBytes;
    private long _previousBitrate;
    private long _earlierBitrate;
    private int _windowFrames;
    private int _frameSize;

    /// <summary>RFC 3550 Appendix A reception statistics (loss, extended highest sequence, jitter).</summary>
    public RtpReceiveStatistics Reception { get; } = new();

    /// <summary>Packets received (media and repaired).</summary>
    public long Packets { get; private set; }

    /// <summary>Plain RTP bytes received.</summary>
    public long Bytes { get; private set; }

    /// <summary>Retransmissions (RTX) received, i.e. losses the publisher repaired.</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Media-thread timestamp of the last packet; 0 before the first.</summary>
    public long LastPacketAt { get; private set; }

    /// <summary>The last keyframe's arrival (timestamp); subscribers switching here need not wait long.</summary>
    public long LastKeyframeAt { get; private set; }

    /// <summary>Received-bitrate estimate over roughly the last second, in bits per second.</summary>
    public long Bitrate { get; private set; }

    /// <summary>
    /// The highest of the last three one-second bitrates: what the stream needs when it flows as usual. A layer whose
    /// encoder stalled for a moment (a publisher short of CPU) sends little for a second; judged by that second alone it
    /// would fit a budget it then overruns, and a viewer would see the layer flap up and back down.
    /// </summary>
    public long PeakBitrate => Math.Max(Bitrate, Math.Max(_previousBitrate, _earlierBitrate));

    /// <summary>The publisher's last sender report for this stream; <see cref="ReceivedSenderReport.ArrivedAt"/> is 0 before one.</summary>
    public ReceivedSenderReport LastSenderReport { get; private set; }

    /// <summary>Video frames per second over the same window as <see cref="Bitrate"/> (packets with the marker bit, retransmissions not counted).</summary>
    public int FramesPerSecond { get; private set; }

    /// <summary>The picture size the last VP8 keyframe stated; (0, 0) before one and for other codecs (the SFU decodes nothing).</summary>
    public (int Width, int Height) FrameSize => Volatile.Read(ref _frameSize) is var packed ? (packed >>> 16, packed & 0xffff) : default;

    /// <summary>
    /// Counts one packet (plain RTP, RTX already unwrapped) that arrived at <paramref name="now"/> (a clock of
    /// <paramref name="frequency"/> Hz); <paramref name="endsFrame"/>: a video packet with the marker bit.
    /// </summary>
    public void OnPacket(ushort sequenceNumber, uint rtpTimestamp, int length, bool retransmission, long now, long frequency, int clockRate, bool endsFrame = false)
    {
        Packets++;
        Bytes += length;
        if (retransmission)
        {
            Retransmissions++;
        }
        else if (endsFrame)
        {
            _windowFrames++;
        }

        LastPacketAt = now;
        _windowBytes += length;
        if (now - _windowStart >= frequency)
        {
            _earlierBitrate = _previousBitrate;
            _previousBitrate = Bitrate;
            Bitrate = _windowStart == 0 ? 0 : _windowBytes * 8 * frequency / (now - _windowStart);
            FramesPerSecond = _windowStart == 0 ? 0 : (int)Math.Round((double)_windowFrames * frequency / (now - _windowStart));
            _windowStart = now;
            _windowBytes = 0;
            _windowFrames = 0;
        }

        Reception.OnPacket(sequenceNumber, rtpTimestamp, RtpReceiveStatistics.ToRtpUnits(now, frequency, clockRate), countJitter: !retransmission);
    }

    /// <summary>A keyframe started at <paramref name="now"/>.</summary>
    public void OnKeyframe(long now) => LastKeyframeAt = now;

    /// <summary>A VP8 keyframe stated its picture size (read by the control plane for statistics).</summary>
    public void OnFrameSize(int width, int height) => Volatile.Write(ref _frameSize, (width << 16) | height);

    /// <summary>The publisher sent a sender report for this stream.</summary>
    public void OnSenderReport(in SenderInfo info, long now) =>
        LastSenderReport = new ReceivedSenderReport(info.NtpTimestamp, info.RtpTimestamp, now);

    /// <summary>A report block for this stream (RFC 3550 §6.4.1), starting the next interval.</summary>
    public ReportBlock NextReportBlock(uint ssrc, long now, long frequency)
    {
        var report = LastSenderReport;
        var delay = report.ArrivedAt == 0 ? 0 : NtpTime.ToCompactDuration(TimeSpan.FromSeconds((double)(now - report.ArrivedAt) / frequency));
        var block = Reception.NextReportBlock(ssrc, report.ArrivedAt == 0 ? 0 : NtpTime.ToCompact(report.Ntp), delay);
        LastFractionLost = block.FractionLost;
        return block;
    }

    /// <summary>The fraction lost (of 256) the SFU's last receiver report for this stream said: the publisher's loss on the way up.</summary>
    public byte LastFractionLost { get; private set; }
}
