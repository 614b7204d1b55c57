namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Picks the simulcast layer each video track is forwarded at: the highest layer that is flowing and fits the
/// subscriber's share of its estimated bandwidth (REMB, when it sends one), capped by the quality the subscriber asked
/// for and by its recent losses (<see cref="ForwardedTrack.LossCap"/>). A layer is "flowing" while packets arrived within the last second: publishers drop their top layers when their
/// own bandwidth falls, and a subscriber must not wait on a layer that stopped.
/// </summary>
internal static class LayerSelector
{
    public static void Select(ReadOnlySpan<ForwardedTrack> tracks, long estimatedBitrate, long now, long frequency)
    {
        var videoTracks = 0;
        foreach (var track in tracks)
        {
            if (track.Source.IsVideo)
            {
                videoTracks++;
            }
        }

        if (videoTracks == 0)
        {
            return;
        }

        var budget = estimatedBitrate > 0 ? estimatedBitrate / videoTracks : long.MaxValue;
        foreach (var track in tracks)
        {
            var layers = track.Source.Layers;
            if (!track.Source.IsVideo)
            {
                continue;
            }

            SelectTemporalLayer(track, budget, now, frequency);
            if (layers.Length < 2)
            {
                continue;
            }

            var highest = Math.Min(track.RequestedLayer >= 0 ? track.RequestedLayer : layers.Length - 1, Math.Min(track.LossCap, layers.Length - 1));
            var choice = -1;
            for (var layer = highest; layer >= 0; layer--)
            {
                var stream = layers[layer];
                var flowing = stream.Statistics.LastPacketAt != 0 && now - stream.Statistics.LastPacketAt < frequency;
                if (flowing && (stream.Statistics.Bitrate <= budget || layer == 0))
                {
                    choice = layer;
                    break;
                }
            }

            if (choice >= 0 && choice != track.TargetLayer)
            {
                track.TargetLayer = choice; // Switches at the new layer's next keyframe, which the track asks for.
            }
        }
    }

    /// <summary>
    /// When even the lowest layer does not fit the budget, only its base temporal layer (TID 0, a quarter to a half of
    /// its rate with Chromium's three layers) is forwarded; every layer again once it fits. Only VP8 is filtered
    /// (<see cref="Vp8Munger"/>); for other codecs the value is unused.
    /// </summary>
    private static void SelectTemporalLayer(ForwardedTrack track, long budget, long now, long frequency)
    {
        var lowest = track.Source.Layers[0].Statistics;
        var flowing = lowest.LastPacketAt != 0 && now - lowest.LastPacketAt < frequency;
        track.TargetTemporalLayer = flowing && lowest.Bitrate > budget ? 0 : Vp8Munger.AllTemporalLayers;
    }
}
