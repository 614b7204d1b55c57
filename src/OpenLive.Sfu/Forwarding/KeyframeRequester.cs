using OpenLive.Rtc.Rtcp;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Asks a publisher for keyframes with PLIs (RFC 4585 §6.3.1), at most one per stream per configured interval
/// (<see cref="KeyframeRequestThrottle"/>): subscribers starting, switching layers or losing a keyframe, and losses too
/// wide to repair, all ask; a request held back by the throttle is sent once its interval has passed. Media thread only.
/// </summary>
internal sealed class KeyframeRequester(WebRtcTransport transport, uint senderSsrc, long interval)
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(20);

    private readonly byte[] _rtcp = new byte[1500];
    private readonly RtcpReportScheduler _schedule = new(CheckInterval);

    /// <summary>Sends a PLI for <paramref name="stream"/> now, or when the throttle allows (see <see cref="Tick"/>).</summary>
    public void Request(IncomingStream stream, long now)
    {
        if (stream.Ssrc != 0 && stream.KeyframeRequests.Request(now, interval))
        {
            SendPli(stream);
        }
    }

    /// <summary>Sends the held-back requests whose interval has passed (checked every 20 ms).</summary>
    public void Tick(long now, TimeSpan at, PublishedTrack[] tracks)
    {
        if (!_schedule.TryTakeDue(at))
        {
            return;
        }

        foreach (var track in tracks)
        {
            foreach (var stream in track.Layers)
            {
                if (stream.KeyframeRequests.TakeDue(now, interval))
                {
                    SendPli(stream);
                }
            }
        }
    }

    private void SendPli(IncomingStream stream)
    {
        if (PictureLossIndication.TryWrite(_rtcp, senderSsrc, stream.Ssrc, out var written))
        {
            transport.SendRtcp(_rtcp, written);
        }
    }
}
