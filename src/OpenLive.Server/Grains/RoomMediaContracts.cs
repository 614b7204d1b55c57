namespace OpenLive.Server.Grains;

/// <summary>
/// Which of a member's sources a track carries. The control plane's own type, so grain contracts depend neither on the
/// SFU's types nor on the wire's; the numbers match both.
/// </summary>
[GenerateSerializer]
[Alias("OpenLive.MediaTrackSource")]
public enum MediaTrackSource
{
    /// <summary>The microphone.</summary>
    Audio = 1,

    /// <summary>The camera (iLiveSDK main video).</summary>
    Camera = 2,

    /// <summary>The shared screen (iLiveSDK sub-stream).</summary>
    Screen = 3,
}

/// <summary>The simulcast layer a view asks for.</summary>
[GenerateSerializer]
[Alias("OpenLive.ViewQuality")]
public enum ViewQuality
{
    /// <summary>The server picks by the subscriber's bandwidth.</summary>
    Auto = 0,

    /// <summary>The lowest layer.</summary>
    Low = 1,

    /// <summary>The middle layer.</summary>
    Medium = 2,

    /// <summary>The highest layer.</summary>
    High = 3,
}

/// <summary>Which source an m-line (by mid) of a publish offer carries.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.PublishedTrackSource")]
public sealed record PublishedTrackSource(
    [property: Id(0)] string Mid,
    [property: Id(1)] MediaTrackSource Source);

/// <summary>A video view: whose camera or screen, at what quality.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomView")]
public sealed record RoomView(
    [property: Id(0)] string UserId,
    [property: Id(1)] MediaTrackSource Source,
    [property: Id(2)] ViewQuality Quality);

/// <summary>
/// An offer for a member's subscriber connection (raised by the SFU), with what each m-line carries, the room's
/// media epoch (stamped by the room: an offer of a newer epoch is for a new connection on the room's new node) and the
/// member's connection number in the epoch (a higher one is for a new connection after a media restart).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.SubscriberOfferPush")]
public sealed record SubscriberOfferPush(
    [property: Id(0)] string Sdp,
    [property: Id(1)] uint Revision,
    [property: Id(2)] ReceivedTrack[] Tracks,
    [property: Id(3)] uint MediaEpoch = 0,
    [property: Id(4)] uint Connection = 0);

/// <summary>One m-line of a subscriber offer: whose track of which source.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.ReceivedTrack")]
public sealed record ReceivedTrack(
    [property: Id(0)] string Mid,
    [property: Id(1)] string PublisherId,
    [property: Id(2)] MediaTrackSource Source);

/// <summary>One member's media for the admin API: its published tracks and the tracks it receives.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.MemberMediaStats")]
public sealed record MemberMediaStats(
    [property: Id(0)] string UserId,
    [property: Id(1)] MemberTrackStats[] Tracks);

/// <summary>
/// One track's counters (the SFU's <c>MediaTrackStats</c>): published by the member, or received from
/// <see cref="PublisherId"/>; the bitrate is what arrives from the publisher, for a received track that of the layer forwarded.
/// Loss (0..1) and jitter are from the last receiver report on that leg; the round trip is the subscriber connection's;
/// frames per second and the VP8 keyframe size are the publisher's (the layer forwarded, for a received track); for a
/// received track, the subscriber connection's available bitrate (0: no limit seen) and what its layers want.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.MemberTrackStats")]
public sealed record MemberTrackStats(
    [property: Id(0)] bool Publishing,
    [property: Id(1)] string PublisherId,
    [property: Id(2)] MediaTrackSource Source,
    [property: Id(3)] string Codec,
    [property: Id(4)] long Packets,
    [property: Id(5)] long Bytes,
    [property: Id(6)] long BitrateBps,
    [property: Id(7)] long PacketsLost,
    [property: Id(8)] long Nacks,
    [property: Id(9)] long KeyframeRequests,
    [property: Id(10)] int Layer,
    [property: Id(11)] double FractionLost = 0,
    [property: Id(12)] double JitterMs = 0,
    [property: Id(13)] double? RoundTripMs = null,
    [property: Id(14)] int FramesPerSecond = 0,
    [property: Id(15)] int Width = 0,
    [property: Id(16)] int Height = 0,
    [property: Id(17)] long AvailableBitrateBps = 0,
    [property: Id(18)] long WantedBitrateBps = 0);
