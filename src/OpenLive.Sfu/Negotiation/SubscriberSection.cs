using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;

namespace OpenLive.Sfu.Negotiation;

/// <summary>
/// One m-line of a subscriber connection. m-lines are never removed (JSEP keeps them for the connection's life): a
/// section whose track went away turns inactive and is reused by the next track of its kind.
/// </summary>
internal sealed class SubscriberSection(string mid, MediaKind kind)
{
    public string Mid { get; } = mid;

    public MediaKind Kind { get; } = kind;

    /// <summary>The track it carries, or null while inactive.</summary>
    public ForwardedTrack? Track { get; set; }
}
