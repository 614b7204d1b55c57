using OpenLive.Rtc.Rtcp;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Asks a publisher to resend what its link lost (generic NACK, RFC 4585 §6.2.1), for its video streams: each
/// stream's <see cref="NackTracker"/> records the sequence numbers that arrive, and every 20 ms the shared
/// <see cref="NackSender"/> lists what is still missing (each number paced and retried by the tracker). This class
/// only chooses the streams: audio is not NACKed, since a late audio packet is useless to the jitter buffer and Opus
/// conceals the loss. Media thread only.
/// </summary>
internal sealed class NackRequester(TransportFeedbackChannel channel, uint senderSsrc)
{
    private readonly NackSender _sender = new();

    /// <summary>Records an arrival on <paramref name="stream"/>; true when the gap was too wide to repair, so the caller asks for a keyframe.</summary>
    public static bool OnPacket(IncomingStream stream, ushort sequenceNumber, TimeSpan at) =>
        stream.Track.IsVideo && stream.Nacks.Record(sequenceNumber, at) == NackRecordResult.Reset;

    /// <summary>Sends the NACKs due at <paramref name="at"/> for the publisher's <paramref name="tracks"/>.</summary>
    public void Tick(TimeSpan at, PublishedTrack[] tracks)
    {
        if (!_sender.IsDue(at))
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
                if (stream.Ssrc != 0)
                {
                    _ = _sender.TrySend(stream.Nacks, senderSsrc, stream.Ssrc, at, channel);
                }
            }
        }
    }
}
