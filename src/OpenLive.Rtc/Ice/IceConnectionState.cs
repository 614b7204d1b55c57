namespace OpenLive.Rtc.Ice;

/// <summary>Where an <see cref="IceAgent"/> is, in the shape of the W3C RTCIceConnectionState.</summary>
public enum IceConnectionState
{
    /// <summary>Created, not started.</summary>
    New,

    /// <summary>Checking candidate pairs; nothing selected yet.</summary>
    Checking,

    /// <summary>A pair is selected and its consent is fresh: media may flow.</summary>
    Connected,

    /// <summary>A pair is selected but its consent checks have gone unanswered for a while; may come back.</summary>
    Disconnected,

    /// <summary>Terminal: no pair worked, or consent expired (RFC 7675 §5.1). Media must stop.</summary>
    Failed,

    /// <summary>Terminal: closed by its owner.</summary>
    Closed,
}
