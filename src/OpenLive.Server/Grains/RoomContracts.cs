namespace OpenLive.Server.Grains;

/// <summary>Who enters a room, with what the session has already checked (role, granted bits).</summary>
[GenerateSerializer]
[Alias("OpenLive.RoomEntrant")]
public sealed record RoomEntrant(
    [property: Id(0)] string UserId,
    [property: Id(1)] ulong TinyId,
    [property: Id(2)] Guid SessionId,
    [property: Id(3)] ISessionObserver Session,
    [property: Id(4)] string Role,
    [property: Id(5)] uint AuthBits,
    [property: Id(6)] RoomVideo Video,
    [property: Id(7)] MediaFlags Media,
    [property: Id(8)] INodeFanout Node);

/// <summary>
/// The entry options the media plane acts on (iLiveSDK's autoCamera, autoMic, autoRequestCamera/Screen).
/// <see cref="MediaOnly"/> marks a member without a signaling session (WHIP/WHEP): its media comes from its own offers,
/// pushes to it are dropped, and losing its media connection ends its stay.
/// </summary>
[GenerateSerializer]
[Alias("OpenLive.MediaFlags")]
public sealed record MediaFlags(
    [property: Id(0)] bool AutoCamera,
    [property: Id(1)] bool AutoMic,
    [property: Id(2)] bool AutoRequestCamera,
    [property: Id(3)] bool AutoRequestScreen,
    [property: Id(4)] bool MediaOnly = false);

/// <summary>The video parameters of a member's role.</summary>
[GenerateSerializer]
[Alias("OpenLive.RoomVideo")]
public sealed record RoomVideo(
    [property: Id(0)] uint Width,
    [property: Id(1)] uint Height,
    [property: Id(2)] uint Fps,
    [property: Id(3)] uint MaxBitrateKbps);

/// <summary>A room id as the client gave it (exactly one of the two is set).</summary>
[GenerateSerializer]
[Alias("OpenLive.RoomName")]
public sealed record RoomName(
    [property: Id(0)] uint Number,
    [property: Id(1)] string? Text,
    [property: Id(2)] string GroupId)
{
    /// <summary>The room id as error texts show it: the number, or the quoted string.</summary>
    public string Describe() => Text is null ? Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{Text}\"";
}

/// <summary>
/// The outcome of a room operation: an iLiveSDK error, or success with an optional serialized <c>RoomState</c> /
/// <c>MemberList</c>. Errors travel as data so they keep their module and code across nodes.
/// </summary>
[GenerateSerializer]
[Alias("OpenLive.RoomResult")]
public sealed record RoomResult(
    [property: Id(0)] OpenLive.Core.Errors.ErrorModule ErrorModule,
    [property: Id(1)] int ErrorCode,
    [property: Id(2)] string? Detail,
    [property: Id(3)] byte[]? Payload)
{
    /// <summary>True when there is no error.</summary>
    public bool Succeeded => ErrorCode == 0;

    /// <summary>Success, with an optional payload.</summary>
    public static RoomResult Ok(byte[]? payload = null) => new(OpenLive.Core.Errors.ErrorModule.ILiveSDK, 0, null, payload);

    /// <summary>An AVSDK error.</summary>
    public static RoomResult Fail(OpenLive.Core.Errors.AVErrorCode code, string detail) => new(OpenLive.Core.Errors.ErrorModule.AVSDK, (int)code, detail, null);

    /// <summary>An ILiveSDK error.</summary>
    public static RoomResult Fail(OpenLive.Core.Errors.ILiveErrorCode code, string detail) => new(OpenLive.Core.Errors.ErrorModule.ILiveSDK, (int)code, detail, null);

    /// <summary>Throws the error, or returns the payload.</summary>
    public byte[]? GetPayloadOrThrow() => Succeeded ? Payload : throw new OpenLive.Core.Errors.LiveException(ErrorModule, ErrorCode, null, Detail);
}

/// <summary>A room seat kept for a dropped session, so a reconnecting client can take it back.</summary>
[GenerateSerializer]
[Alias("OpenLive.ParkedSeat")]
public sealed record ParkedSeat(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] string RoomKey,
    [property: Id(2)] RoomName Room,
    [property: Id(3)] bool IsOwner,
    [property: Id(4)] uint RoleBits,
    [property: Id(5)] uint? KeyBits,
    [property: Id(6)] DateTimeOffset Until);

/// <summary>Which source (<see cref="OpenLive.Sfu.TrackSource"/> as a number) an m-line of a publish offer carries.</summary>
[GenerateSerializer]
[Alias("OpenLive.PublishedTrackSource")]
public sealed record PublishedTrackSource(
    [property: Id(0)] string Mid,
    [property: Id(1)] int Source);

/// <summary>A video view: whose camera or screen (<see cref="OpenLive.Sfu.TrackSource"/>), at what quality (<see cref="OpenLive.Sfu.VideoQualityRequest"/>).</summary>
[GenerateSerializer]
[Alias("OpenLive.RoomView")]
public sealed record RoomView(
    [property: Id(0)] string UserId,
    [property: Id(1)] int Source,
    [property: Id(2)] int Quality);

/// <summary>One member's media for the admin API: its published tracks and the tracks it receives.</summary>
[GenerateSerializer]
[Alias("OpenLive.MemberMediaStats")]
public sealed record MemberMediaStats(
    [property: Id(0)] string UserId,
    [property: Id(1)] MemberTrackStats[] Tracks);

/// <summary>
/// One track's counters (the SFU's <c>MediaTrackStats</c>): published by the member, or received from
/// <see cref="PublisherId"/>; the bitrate is what arrives from the publisher, for a received track that of the layer forwarded.
/// </summary>
[GenerateSerializer]
[Alias("OpenLive.MemberTrackStats")]
public sealed record MemberTrackStats(
    [property: Id(0)] bool Publishing,
    [property: Id(1)] string PublisherId,
    [property: Id(2)] int Source,
    [property: Id(3)] string Codec,
    [property: Id(4)] long Packets,
    [property: Id(5)] long Bytes,
    [property: Id(6)] long BitrateBps,
    [property: Id(7)] long PacketsLost,
    [property: Id(8)] long Nacks,
    [property: Id(9)] long KeyframeRequests,
    [property: Id(10)] int Layer);
