using OpenLive.Rtc.Client;
using OpenLive.Sdk.Media;

namespace OpenLive.Cli.Load;

/// <summary>
/// What one member receives, per remote track (publisher, source), cumulative across subscriber connections: when
/// a track arrives on a new transceiver (a re-joined room, a new subscriber connection after a reconnect), the old
/// transceiver's counts become the base, so a reader sees counts that only grow and can tell a stall from a restart.
/// </summary>
internal sealed class ReceivedTracks
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string From, MediaTrackSource Source), Counter> _tracks = [];

    public void Add(string from, MediaTrackSource source, RtcTransceiver transceiver)
    {
        lock (_gate)
        {
            if (!_tracks.TryGetValue((from, source), out var counter))
            {
                _tracks[(from, source)] = new Counter { Transceiver = transceiver };
            }
            else if (counter.Transceiver != transceiver)
            {
                counter.BaseFrames += counter.Transceiver.FramesReceived;
                counter.BasePackets += counter.Transceiver.GetReceiveStatistics().PacketsReceived;
                counter.Transceiver = transceiver;
            }
        }
    }

    /// <summary>The counts now, ordered by publisher and source so successive lines compare easily.</summary>
    public List<TrackCount> Snapshot()
    {
        lock (_gate)
        {
            var counts = new List<TrackCount>(_tracks.Count);
            foreach (var ((from, source), counter) in _tracks.OrderBy(t => t.Key.From, StringComparer.Ordinal).ThenBy(t => t.Key.Source))
            {
                counts.Add(new TrackCount(
                    from,
                    SourceName(source),
                    counter.BaseFrames + counter.Transceiver.FramesReceived,
                    counter.BasePackets + counter.Transceiver.GetReceiveStatistics().PacketsReceived));
            }

            return counts;
        }
    }

    public static string SourceName(MediaTrackSource source) => source switch
    {
        MediaTrackSource.Audio => "audio",
        MediaTrackSource.Camera => "camera",
        MediaTrackSource.Screen => "screen",
        _ => source.ToString(),
    };

    private sealed class Counter
    {
        public required RtcTransceiver Transceiver { get; set; }

        public long BaseFrames { get; set; }

        public long BasePackets { get; set; }
    }
}
