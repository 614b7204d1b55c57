using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu;

/// <summary>One member's media in a room (guarded by the room's lock).</summary>
internal sealed class MediaMember(string id)
{
    public string Id { get; } = id;

    public MediaPermissions Permissions { get; set; }

    public bool AutoReceiveCamera { get; set; }

    public bool AutoReceiveScreen { get; set; }

    /// <summary>
    /// False for a member whose media is negotiated by its own offers (WHIP publishing, WHEP playback): it has no
    /// signaling channel, so the SFU never offers it a subscriber connection, and a connection that closes on its own
    /// ends its membership (<see cref="IMediaRoomEvents.ConnectionLost"/>).
    /// </summary>
    public bool ServerOffers { get; set; } = true;

    public IReadOnlyList<ViewRequest> Views { get; set; } = [];

    public PublisherConnection? Publisher { get; set; }

    /// <summary>What brings the member's tracks from another node, instead of a <see cref="Publisher"/>.</summary>
    public RelayPublisher? Relay { get; set; }

    /// <summary>The ICE ufrag of the publisher connection's peer: an offer with another one is a new peer connection.</summary>
    public string? PublisherRemoteUfrag { get; set; }

    public ulong PublishVersion { get; set; }

    public PublishedTrack[] Tracks { get; set; } = [];

    public SubscriberConnection? Subscriber { get; set; }

    /// <summary>The subscriber connection's m-lines, in order.</summary>
    public List<SubscriberSection> Sections { get; } = [];

    /// <summary>Payload types used on the subscriber connection, by codec configuration (RFC 8843 §9.1: one meaning per type).</summary>
    public Dictionary<string, (byte PayloadType, byte RtxPayloadType)> PayloadTypes { get; } = new(StringComparer.Ordinal);

    public uint OfferRevision { get; set; }

    /// <summary>Which of the member's subscriber connections the offers are for (one more after each <see cref="MediaRoom.RestartMember"/>).</summary>
    public uint SubscriberConnection { get; set; }

    /// <summary>An offer is out and unanswered; changes wait for the answer, then go out in one new offer.</summary>
    public bool AwaitingAnswer { get; set; }

    /// <summary>The offer out while <see cref="AwaitingAnswer"/>: sent again when the member's signaling comes back.</summary>
    public SubscriberOfferInfo? PendingOffer { get; set; }

    /// <summary>Something changed while an offer was out.</summary>
    public bool NeedsOffer { get; set; }

    /// <summary>The first answer started DTLS on the subscriber transport.</summary>
    public bool SubscriberStarted { get; set; }
}
