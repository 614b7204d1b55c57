using OpenLive.Rtc.Rtcp;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Sender reports to a subscriber once a second, per forwarded track (RFC 3550 §6.4.1), so its player can line audio
/// up with video: the publisher's last report for the layer being forwarded gives an NTP time and the RTP time of the
/// same instant; both are moved on by the time since it arrived and the RTP time is shifted into this subscriber's
/// timestamps (<see cref="OutgoingSequencer.TimestampOffset"/>). Tracks whose publisher has sent no report yet are
/// skipped: there is nothing to map times from. Media thread only.
/// </summary>
internal sealed class SenderReportTranslator(WebRtcTransport transport)
{
    private readonly byte[] _rtcp = new byte[1500];
    private readonly RtcpReportScheduler _schedule = new(TimeSpan.FromSeconds(1));

    /// <summary>Sends the reports due at <paramref name="at"/> (<paramref name="now"/> on the media clock of <paramref name="frequency"/> Hz).</summary>
    public void Tick(long now, long frequency, TimeSpan at, ForwardedTrack[] tracks)
    {
        if (!_schedule.TryTakeDue(at))
        {
            return;
        }

        foreach (var track in tracks)
        {
            if (track.Packets == 0 || track.Sequencer.CurrentSource < 0)
            {
                continue;
            }

            var stream = track.Source.Layers[Math.Min(track.Sequencer.CurrentSource, track.Source.Layers.Length - 1)];
            var report = stream.Statistics.LastSenderReport;
            if (report.ArrivedAt == 0)
            {
                continue;
            }

            var elapsed = now - report.ArrivedAt;
            var rtp = report.RtpTimestamp + (uint)(elapsed * track.Source.Codec.ClockRate / frequency)
                + track.Sequencer.TimestampOffset;
            var ntp = report.Ntp + (ulong)(elapsed / (double)frequency * 4294967296.0);
            var info = new SenderInfo(track.Ssrc, ntp, rtp, (uint)track.Packets, (uint)track.Bytes);
            if (SenderReport.TryWrite(_rtcp, info, ReadOnlySpan<ReportBlock>.Empty, out var written) && transport.SendRtcp(_rtcp, written))
            {
                track.OnSenderReportSent(NtpTime.ToCompact(ntp), now);
            }
        }
    }
}
