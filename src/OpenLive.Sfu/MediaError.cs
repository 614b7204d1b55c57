namespace OpenLive.Sfu;

/// <summary>
/// Why the SFU refused a request, in the SFU's own terms. The SFU knows no product error codes: the control plane maps
/// each kind to the code its clients expect (OpenLive maps them to iLiveSDK's AVSDK codes in one place).
/// </summary>
public enum MediaErrorKind
{
    /// <summary>The SDP is not valid, or lacks what a WebRTC connection needs (ICE, DTLS fingerprint, BUNDLE, rtcp-mux).</summary>
    InvalidDescription = 1,

    /// <summary>The member's <see cref="MediaRights"/> do not allow what the request asks for.</summary>
    NotPermitted,

    /// <summary>No codec of the offer can be forwarded (or received from the publisher).</summary>
    UnsupportedCodec,

    /// <summary>The named publisher sends no media in this room.</summary>
    NoSuchPublisher,

    /// <summary>The named publisher sends no video of the kind asked for.</summary>
    NoSuchVideo,

    /// <summary>The room's media has ended (closed by the control plane).</summary>
    RoomClosed,

    /// <summary>The member already receives on a connection of its own: the request would duplicate it.</summary>
    AlreadyReceiving,

    /// <summary>A per-connection resource ran out (payload types, for example).</summary>
    OutOfResources,

    /// <summary>An answer that matches no offer waiting for one (wrong revision, or none sent).</summary>
    NoPendingOffer,
}

/// <summary>
/// A refusal: its kind, a message for a person saying what was wrong, and for <see cref="MediaErrorKind.NotPermitted"/>
/// the right that was missing (so the control plane can name it in its own terms, e.g. an auth bit).
/// </summary>
public sealed record MediaError(MediaErrorKind Kind, string Message, MediaRights MissingRight = MediaRights.None);
