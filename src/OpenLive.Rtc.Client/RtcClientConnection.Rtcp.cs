using OpenLive.Rtc.Rtcp;

namespace OpenLive.Rtc.Client;

public sealed partial class RtcClientConnection
{
    private long _remoteEstimatedBitrate;
    private long _transportFeedbackReceived;

    /// <summary>The peer's last REMB estimate in bits per second (draft-alvestrand-rmcat-remb-03); 0 before one.</summary>
    public long RemoteEstimatedBitrate => Interlocked.Read(ref _remoteEstimatedBitrate);

    /// <summary>Transport-wide congestion control feedback packets received (counted, not acted on: no congestion control here).</summary>
    public long TransportFeedbackReceived => Interlocked.Read(ref _transportFeedbackReceived);

    /// <summary>A plain compound (or reduced-size) RTCP packet from the peer (receive thread).</summary>
    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpReader(compound);
        while (reader.TryRead(out var packet))
        {
            switch (packet.Type)
            {
                case RtcpPacketType.SenderReport when SenderReport.TryParse(packet, out var report):
                    OnSenderReport(report.Info);
                    for (var i = 0; i < report.ReportCount; i++)
                    {
                        OnReportBlock(report.GetReportBlock(i));
                    }

                    break;
                case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(packet, out var report):
                    for (var i = 0; i < report.ReportCount; i++)
                    {
                        OnReportBlock(report.GetReportBlock(i));
                    }

                    break;
                case RtcpPacketType.TransportFeedback:
                    OnTransportFeedback(packet);
                    break;
                case RtcpPacketType.PayloadFeedback:
                    OnPayloadFeedback(packet);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Keeps the SR's time for our next report block on that stream (LSR/DLSR, RFC 3550 §6.4.1).</summary>
    private void OnSenderReport(in SenderInfo info)
    {
        if (_bySsrc.TryGetValue(info.SenderSsrc, out var stream))
        {
            stream.LastSenderReport = NtpTime.ToCompact(info.NtpTimestamp);
            stream.LastSenderReportAt = Elapsed;
        }
    }

    /// <summary>A report on one of our streams: the loss the peer saw and, from LSR and DLSR, the round-trip time.</summary>
    private void OnReportBlock(in ReportBlock block)
    {
        if (!_plan.Senders.TryGetValue(block.Ssrc, out var route) || block.Ssrc != route.Stream.Ssrc)
        {
            return;
        }

        var stream = route.Stream;
        Volatile.Write(ref stream.RemoteFractionLost, block.FractionLost);
        Volatile.Write(ref stream.RemoteCumulativeLost, block.CumulativeLost);
        if (block.LastSenderReport != 0)
        {
            var now = NtpTime.ToCompact(NtpTime.FromDateTimeOffset(_time.GetUtcNow()));
            var roundTrip = NtpTime.RoundTripTime(now, block.LastSenderReport, block.DelaySinceLastSenderReport);
            Volatile.Write(ref stream.RoundTripTicks, roundTrip.Ticks);
        }
    }

    private void OnTransportFeedback(in RtcpPacket packet)
    {
        if (packet.Count == RtcpFeedbackFormats.TransportCc)
        {
            Interlocked.Increment(ref _transportFeedbackReceived);
            return;
        }

        if (packet.Count != RtcpFeedbackFormats.GenericNack || !GenericNack.TryParse(packet, out var nack)
            || !_plan.Senders.TryGetValue(nack.MediaSsrc, out var route) || nack.MediaSsrc != route.Stream.Ssrc)
        {
            return;
        }

        var retransmitter = new SendStreamRetransmitter(this, route.Transceiver, route.Stream);
        route.Stream.Nacks.Respond(nack, ref retransmitter);
    }

    private void OnPayloadFeedback(in RtcpPacket packet)
    {
        switch (packet.Count)
        {
            case RtcpFeedbackFormats.PictureLossIndication when PictureLossIndication.TryParse(packet, out _, out var mediaSsrc):
                if (_plan.Senders.TryGetValue(mediaSsrc, out var route) && mediaSsrc == route.Stream.Ssrc)
                {
                    Interlocked.Increment(ref route.Stream.PlisReceived);
                    KeyframeRequested?.Invoke(this, new RtcKeyframeRequestedEventArgs(route.Transceiver, route.Layer, fullIntraRequest: false));
                }

                break;
            case RtcpFeedbackFormats.FullIntraRequest when FullIntraRequest.TryParse(packet, out var request):
                for (var i = 0; i < request.Count; i++)
                {
                    var entry = request.GetEntry(i);
                    if (_plan.Senders.TryGetValue(entry.Ssrc, out var target) && entry.Ssrc == target.Stream.Ssrc
                        && target.Stream.LastFirSequence != entry.SequenceNumber)
                    {
                        // RFC 5104 §4.3.1.2: a repeated command sequence number is the same request, not a new one.
                        target.Stream.LastFirSequence = entry.SequenceNumber;
                        Interlocked.Increment(ref target.Stream.FirsReceived);
                        KeyframeRequested?.Invoke(this, new RtcKeyframeRequestedEventArgs(target.Transceiver, target.Layer, fullIntraRequest: true));
                    }
                }

                break;
            case RtcpFeedbackFormats.ApplicationLayer when ReceiverEstimatedMaximumBitrate.TryParse(packet, out var remb):
                Interlocked.Exchange(ref _remoteEstimatedBitrate, (long)Math.Min(remb.Bitrate, long.MaxValue));
                break;
            default:
                break;
        }
    }
}
