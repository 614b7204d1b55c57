using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Rtc.Client;

public sealed partial class RtcClientConnection
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    // Receive thread only.
    private readonly byte[] _rtcpBuffer = new byte[BufferSize];
    private readonly ReportBlock[] _reportBlocks = new ReportBlock[SenderReport.MaxReportBlocks];
    private readonly RtcpReportScheduler _reportSchedule;
    private readonly NackSender _nackSender = new();
    private readonly FeedbackChannel _feedbackChannel;

    /// <summary>
    /// Periodic work on the receive thread: NACKs for what is missing and transport-wide feedback (the shared
    /// <see cref="NackSender"/> and <see cref="TransportCcFeedbackSender"/>), and sender/receiver reports.
    /// </summary>
    private TimeSpan OnTick()
    {
        ApplyRoutingPlan();
        var receiver = _srtpReceiver;
        if (receiver is null || _closed)
        {
            return TickInterval;
        }

        if (_early.Count > 0)
        {
            ReplayEarly(receiver);
        }

        var now = Elapsed;
        SendNacks(now);
        _transportCc?.Tick(now, _plan.Receivers.Length > 0 ? _plan.Receivers[0].RemoteSsrc : 0, _feedbackChannel);

        if (_reportSchedule.TryTakeDue(now))
        {
            SendReports();
        }

        return TickInterval;
    }

    private void SendNacks(TimeSpan now)
    {
        if (!_nackSender.IsDue(now))
        {
            return;
        }

        foreach (var receiver in _plan.Receivers)
        {
            if (receiver.Receiving is { Nacks: { } nacks } stream && _nackSender.TrySend(nacks, _feedbackSsrc, stream.Ssrc, now, _feedbackChannel))
            {
                receiver.CountNackSent();
            }
        }
    }

    /// <summary>
    /// One compound packet (RFC 3550 §6.1): an SR per stream we send (the first carrying the report blocks of the
    /// streams we receive), or an RR when we send nothing, then an SDES with our CNAME.
    /// </summary>
    private void SendReports()
    {
        var blocks = 0;
        var now = Elapsed;
        foreach (var receiver in _plan.Receivers)
        {
            var stream = receiver.Receiving;
            if (stream is null || stream.Statistics.Received == 0 || blocks == _reportBlocks.Length)
            {
                continue;
            }

            var delay = stream.LastSenderReport == 0 ? 0 : NtpTime.ToCompactDuration(now - stream.LastSenderReportAt);
            _reportBlocks[blocks++] = stream.Statistics.NextReportBlock(stream.Ssrc, stream.LastSenderReport, delay);
        }

        var buffer = _rtcpBuffer.AsSpan(0, BufferSize - SrtpSender.MaxRtcpOverhead);
        var reportBlocks = _reportBlocks.AsSpan(0, blocks);
        int length;
        lock (_sendGate)
        {
            length = WriteSenderReports(buffer, reportBlocks, out var firstSsrc);
            if (length == 0)
            {
                if (!ReceiverReport.TryWrite(buffer, _feedbackSsrc, reportBlocks, out length))
                {
                    return;
                }

                firstSsrc = _feedbackSsrc;
            }

            if (!SourceDescription.TryWrite(buffer[length..], firstSsrc, _cnameBytes, out var written))
            {
                return;
            }

            length += written;
        }

        SendRtcp(_rtcpBuffer, length);
    }

    /// <summary>SRs for every stream that has sent (send lock held); returns their length, 0 when none.</summary>
    private int WriteSenderReports(Span<byte> buffer, ReadOnlySpan<ReportBlock> blocks, out uint firstSsrc)
    {
        firstSsrc = 0;
        var length = 0;
        var ntp = NtpTime.FromDateTimeOffset(_time.GetUtcNow());
        foreach (var route in _plan.SendRoutes)
        {
            var stream = route.Stream;
            {
                if (!stream.HasSent)
                {
                    continue;
                }

                // The RTP time of "now" (RFC 3550 §6.4.1): the last packet's timestamp moved on by the time since it went out.
                var since = _time.GetElapsedTime(stream.LastSendTimestamp);
                var rtpTime = stream.LastRtpTimestamp + (uint)(since.Ticks * stream.ClockRate / TimeSpan.TicksPerSecond);
                var info = new SenderInfo(stream.Ssrc, ntp, rtpTime, (uint)stream.PacketsSent, (uint)stream.PayloadBytesSent);
                var withBlocks = firstSsrc == 0 ? blocks : [];
                if (!SenderReport.TryWrite(buffer[length..], info, withBlocks, out var written))
                {
                    return length;
                }

                firstSsrc = firstSsrc == 0 ? stream.Ssrc : firstSsrc;
                length += written;
            }
        }

        return length;
    }

    /// <summary>
    /// An empty RR before feedback unless every m-line allows reduced-size RTCP (RFC 5506 §3: otherwise compound
    /// packets start with a report). Returns its length.
    /// </summary>
    private int LeadingReport(Span<byte> buffer) =>
        _plan.ReducedSize || !ReceiverReport.TryWrite(buffer, _feedbackSsrc, [], out var written) ? 0 : written;

    /// <summary>
    /// The client end of the shared feedback senders: each feedback packet after a leading empty receiver report unless
    /// every m-line allows reduced-size RTCP (<see cref="LeadingReport"/>), with room for the SRTCP trailer. Receive thread only.
    /// </summary>
    private sealed class FeedbackChannel(RtcClientConnection owner) : IRtcpFeedbackChannel
    {
        private int _leading;

        public Span<byte> BeginFeedback()
        {
            var buffer = owner._rtcpBuffer.AsSpan(0, BufferSize - SrtpSender.MaxRtcpOverhead);
            _leading = owner.LeadingReport(buffer);
            return buffer[_leading..];
        }

        public bool SendFeedback(int length) => owner.SendRtcp(owner._rtcpBuffer, _leading + length);
    }
}
