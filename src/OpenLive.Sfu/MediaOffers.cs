using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu;

/// <summary>What a publisher's offer would send, read before any room is touched (for an edge that checks rights first).</summary>
public static class MediaOffers
{
    /// <summary>
    /// The sources an offer sends when it declares none: audio for an audio m-line, camera for the first video m-line
    /// and screen for the second (the order WHIP clients such as OBS use). Rejected and receive-only m-lines send nothing.
    /// </summary>
    public static IReadOnlyList<TrackSource> SentSources(SessionDescription offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return PublishAnswerBuilder.UndeclaredSources(offer);
    }
}
