namespace OpenLive.Sfu;

/// <summary>
/// One track's counters as the SFU sees them (for the member's own view and the admin page). The bitrate is what
/// arrives from the publisher over about the last second: for a received track, that of the layer it is forwarded from.
/// <see cref="FractionLost"/> (0..1) and <see cref="JitterMs"/> are from the last receiver report: the SFU's own for a
/// published track (loss on the way up), the subscriber's for a received one (loss on the way down);
/// <see cref="RoundTripMs"/> is the subscriber connection's, measured from its receiver reports (null before one, and
/// for published tracks: the SFU only receives on those). Video frames per second (marker bits over about the last second)
/// and the size the last VP8 keyframe stated (0 for other codecs) are the publisher's, of its largest layer for a
/// published track and of the layer forwarded for a received one. For a received track, <see cref="AvailableBitrateBps"/>
/// is what the subscriber connection's layers are fitted into (its bandwidth estimate; 0 while none has shown a limit)
/// and <see cref="WantedBitrateBps"/> what the layers it would get without a limit need — the two that say why a viewer
/// is on a lower layer than the publisher sends.
/// </summary>
public sealed record MediaTrackStats(
    bool Publishing,
    string PublisherId,
    TrackSource Source,
    string Codec,
    long Packets,
    long Bytes,
    long BitrateBps,
    long PacketsLost,
    long Nacks,
    long KeyframeRequests,
    int Layer,
    double FractionLost = 0,
    double JitterMs = 0,
    double? RoundTripMs = null,
    int FramesPerSecond = 0,
    int Width = 0,
    int Height = 0,
    long AvailableBitrateBps = 0,
    long WantedBitrateBps = 0);

/// <summary>Statistics (read without stopping the media thread: values are a moment's, not a consistent snapshot).</summary>
public sealed partial class MediaRoom
{
    /// <summary>What the member sends and receives, per track.</summary>
    public IReadOnlyList<MediaTrackStats> Stats(string memberId)
    {
        lock (_gate)
        {
            var stats = new List<MediaTrackStats>();
            if (!_members.TryGetValue(memberId, out var member))
            {
                return stats;
            }

            foreach (var track in member.Tracks)
            {
                // For a published track, "lost" counts the losses the publisher repaired for the SFU (RTX received).
                long packets = 0, bytes = 0, bitrate = 0, repaired = 0;
                byte fractionLost = 0;
                double jitter = 0;
                var (fps, width, height) = (0, 0, 0);
                foreach (var stream in track.Layers)
                {
                    if (stream.Statistics.FrameSize is var size && size.Width >= width && stream.Statistics.FramesPerSecond > 0)
                    {
                        (fps, width, height) = (stream.Statistics.FramesPerSecond, size.Width, size.Height);
                    }

                    packets += stream.Statistics.Packets;
                    bytes += stream.Statistics.Bytes;
                    bitrate += stream.Statistics.Bitrate;
                    repaired += stream.Statistics.Retransmissions;
                    fractionLost = Math.Max(fractionLost, stream.Statistics.LastFractionLost);
                    jitter = Math.Max(jitter, stream.Statistics.Reception.Jitter);
                }

                stats.Add(new MediaTrackStats(true, memberId, track.Source, track.Codec.Name, packets, bytes, bitrate, repaired, 0, 0, track.Layers.Length > 1 ? track.Layers.Length - 1 : -1,
                    fractionLost / 256.0, Milliseconds(jitter, track.Codec.ClockRate), null, fps, width, height));
            }

            foreach (var section in member.Sections)
            {
                if (section.Track is { } forwarded)
                {
                    var current = forwarded.Sequencer.CurrentSource;
                    var layer = forwarded.Source.Layers.Length > 1 ? current : -1;
                    var flowing = forwarded.Active && forwarded.Packets > 0 && current >= 0;
                    var source = forwarded.Source.Layers[Math.Clamp(current, 0, forwarded.Source.Layers.Length - 1)].Statistics;
                    var bitrate = flowing ? source.Bitrate : 0;
                    var (width, height) = flowing ? source.FrameSize : (0, 0);
                    stats.Add(new MediaTrackStats(false, forwarded.Source.MemberId, forwarded.Source.Source, forwarded.Source.Codec.Name,
                        forwarded.Packets, forwarded.Bytes, bitrate, forwarded.CumulativeLost, forwarded.Nacks, forwarded.KeyframeRequests, layer,
                        forwarded.FractionLost / 256.0, Milliseconds(forwarded.Jitter, forwarded.Source.Codec.ClockRate), member.Subscriber?.MeasuredRoundTripTime?.TotalMilliseconds,
                        flowing ? source.FramesPerSecond : 0, width, height,
                        member.Subscriber?.AvailableBitrate ?? 0, member.Subscriber?.WantedBitrate ?? 0));
                }
            }

            return stats;
        }
    }

    /// <summary>RTP timestamp units to milliseconds.</summary>
    private static double Milliseconds(double units, uint clockRate) => clockRate == 0 ? 0 : units * 1000 / clockRate;
}
