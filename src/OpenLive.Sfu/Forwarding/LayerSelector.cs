namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Picks the simulcast layer each video track is forwarded at: the highest layer that is flowing and whose usual rate
/// (<see cref="IncomingStreamStatistics.PeakBitrate"/>, not one quiet second's, and never less than a flowing layer
/// below it) fits the subscriber's share of its
/// available bandwidth (<see cref="SubscriberConnection.AvailableBitrate"/>: the transport-cc
/// estimate, or REMB), capped by the quality the subscriber asked for and, for subscribers without transport-cc, by
/// their recent losses (<see cref="ForwardedTrack.LossCap"/>). A layer is "flowing" while packets arrived within the
/// last second: publishers drop their top layers when their own bandwidth falls, and a subscriber must not wait on a
/// layer that stopped.
/// </summary>
internal static class LayerSelector
{
    /// <summary>Simulcast layers judged per track at most (Chromium sends three; a publisher may declare a few more).</summary>
    private const int MaxLayers = 8;

    /// <summary>
    /// Chooses the layers; returns what the layers the subscriber would get without a bandwidth limit need (bits per
    /// second, video only), which a bandwidth probe tries to reach when it is more than the estimate.
    /// </summary>
    public static long Select(ReadOnlySpan<ForwardedTrack> tracks, long estimatedBitrate, long now, long frequency, bool lossCapApplies = true)
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
            return 0;
        }

        long wanted = 0;
        Span<long> needsOfAllTracks = stackalloc long[MaxLayers]; // reused for each track
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
                // One layer: wanted in full, so that a probe can lift a track cut to its base temporal layer back up.
                var only = layers[0].Statistics;
                wanted += only.LastPacketAt != 0 && now - only.LastPacketAt < frequency ? only.Bitrate : 0;
                continue;
            }

            var lossCap = lossCapApplies ? track.LossCap : int.MaxValue;
            var highest = Math.Min(track.RequestedLayer >= 0 ? track.RequestedLayer : layers.Length - 1, Math.Min(lossCap, layers.Length - 1));
            // What each layer needs: its own peak, and never less than a flowing layer below it. A layer the encoder
            // has just (re)started — after a CPU or bandwidth limitation lifted — ramps up from a low start rate, and
            // judged by that it would fit a budget its steady rate does not: forwarded for a moment, then dropped.
            var needs = needsOfAllTracks[..Math.Min(layers.Length, MaxLayers)];
            long below = 0;
            for (var layer = 0; layer < needs.Length; layer++)
            {
                var statistics = layers[layer].Statistics;
                if (statistics.LastPacketAt != 0 && now - statistics.LastPacketAt < frequency)
                {
                    below = Math.Max(below, statistics.PeakBitrate);
                }

                needs[layer] = Math.Max(statistics.PeakBitrate, below);
            }

            highest = Math.Min(highest, needs.Length - 1);
            var choice = -1;
            var best = -1;
            for (var layer = highest; layer >= 0; layer--)
            {
                var stream = layers[layer];
                var flowing = stream.Statistics.LastPacketAt != 0 && now - stream.Statistics.LastPacketAt < frequency;
                if (flowing && best < 0)
                {
                    best = layer;
                    wanted += needs[layer];
                }

                if (flowing && (needs[layer] <= budget || layer == 0))
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

        return wanted;
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
