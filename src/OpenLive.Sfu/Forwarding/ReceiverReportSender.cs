using OpenLive.Rtc.Rtcp;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Receiver reports to a publisher once a second (RFC 3550 §6.4.2): one report block per stream that has sent, from
/// its <see cref="IncomingStreamStatistics"/> (loss, extended highest sequence number, jitter, LSR/DLSR), so the
/// publisher sees its link's loss and round-trip time. Media thread only.
/// </summary>
internal sealed class ReceiverReportSender(WebRtcTransport transport, uint senderSsrc)
{
    /// <summary>Report blocks per report at most: a publisher sends a handful of streams (audio, three video layers, screen).</summary>
    private const int MaxBlocks = 16;

    private readonly byte[] _rtcp = new byte[1500];
    private readonly RtcpReportScheduler _schedule = new(TimeSpan.FromSeconds(1));

    /// <summary>Sends the report due at <paramref name="at"/> (<paramref name="now"/> on the media clock of <paramref name="frequency"/> Hz).</summary>
    public void Tick(long now, long frequency, TimeSpan at, PublishedTrack[] tracks)
    {
        if (!_schedule.TryTakeDue(at))
        {
            return;
        }

        Span<ReportBlock> blocks = stackalloc ReportBlock[MaxBlocks];
        var count = 0;
        foreach (var track in tracks)
        {
            foreach (var stream in track.Layers)
            {
                if (stream.Ssrc != 0 && stream.Statistics.Packets > 0 && count < blocks.Length)
                {
                    blocks[count++] = stream.Statistics.NextReportBlock(stream.Ssrc, now, frequency);
                }
            }
        }

        if (count > 0 && ReceiverReport.TryWrite(_rtcp, senderSsrc, blocks[..count], out var written))
        {
            transport.SendRtcp(_rtcp, written);
        }
    }
}
