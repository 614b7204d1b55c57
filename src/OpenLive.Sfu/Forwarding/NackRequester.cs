using OpenLive.Rtc.Rtcp;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Asks a publisher to resend what its link lost (generic NACK, RFC 4585 §6.2.1), for its video streams: each
/// stream's <see cref="NackTracker"/> records the sequence numbers that arrive, and every 20 ms a NACK lists what is
/// still missing (each number paced and retried by the tracker). Audio is not NACKed: a late audio packet is
/// useless to the jitter buffer, and Opus conceals the loss. Media thread only.
/// </summary>
internal sealed class NackRequester(WebRtcTransport transport, uint senderSsrc)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly byte[] _rtcp = new byte[1500];
    private readonly RtcpReportScheduler _schedule = new(Interval);

    /// <summary>Records an arrival on <paramref name="stream"/>; true when the gap was too wide to repair, so the caller asks for a keyframe.</summary>
    public static bool OnPacket(IncomingStream stream, ushort sequenceNumber, TimeSpan at) =>
        stream.Track.IsVideo && stream.Nacks.Record(sequenceNumber, at) == NackRecordResult.Reset;

    /// <summary>Sends the NACKs due at <paramref name="at"/> for the publisher's <paramref name="tracks"/>.</summary>
    public void Tick(TimeSpan at, PublishedTrack[] tracks)
    {
        if (!_schedule.TryTakeDue(at))
        {
            return;
        }

        foreach (var track in tracks)
        {
            if (!track.IsVideo)
            {
                continue;
            }

            foreach (var stream in track.Layers)
            {
                if (stream.Ssrc != 0 && stream.Nacks.MissingCount > 0
                    && stream.Nacks.TryWriteNack(_rtcp, senderSsrc, stream.Ssrc, at, out var written))
                {
                    transport.SendRtcp(_rtcp, written);
                }
            }
        }
    }
}
