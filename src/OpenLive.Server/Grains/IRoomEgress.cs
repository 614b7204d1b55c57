namespace OpenLive.Server.Grains;

/// <summary>
/// The egress layer of a room (one role of the room grain; iLiveSDK's startPushStream / stopPushStream /
/// startRecordVideo / stopRecordVideo): the grain decides who may start what and for whom, and hands the node-local
/// egress host its media room. Members act with their session; the admin API acts for any member without one.
/// </summary>
[Alias("OpenLive.IRoomEgress")]
public interface IRoomEgress : IGrainWithStringKey
{
    /// <summary>
    /// Starts a channel (10006 caller not in the room, 10003 no right, 10010 target not a member, 1401/1402 the target
    /// may not send that stream, 10005 a channel limit, 8023 egress not available on the node).
    /// </summary>
    [Alias("StartEgress")]
    Task<RoomResult<RoomEgressChannel>> StartEgress(string callerUserId, Guid sessionId, EgressOrder order);

    /// <summary>Stops channels of the room, all or none (8022 when one is unknown).</summary>
    [Alias("StopEgress")]
    Task<RoomResult> StopEgress(string callerUserId, Guid sessionId, ulong[] channelIds);

    /// <summary>Stops the recordings the caller started with StartRecordVideo and answers their file ids (8022 when none run).</summary>
    [Alias("StopRecordVideo")]
    Task<RoomResult<string[]>> StopRecordVideo(string callerUserId, Guid sessionId);

    /// <summary>The room's running channels (10009 when the room does not exist).</summary>
    [Alias("AdminEgress")]
    Task<RoomResult<RoomEgressChannel[]>> AdminEgress();

    /// <summary>Starts a channel for any member, as the administrator (no rights check; the target checks and limits hold).</summary>
    [Alias("AdminStartEgress")]
    Task<RoomResult<RoomEgressChannel>> AdminStartEgress(EgressOrder order);

    /// <summary>Stops one channel, as the administrator (8022 when unknown).</summary>
    [Alias("AdminStopEgress")]
    Task<RoomResult> AdminStopEgress(ulong channelId);
}

/// <summary>What to start, validated by the application service (option values, file name, RTMP ingests from the server's settings).</summary>
/// <param name="MemberId">Whose stream.</param>
/// <param name="Screen">The screen rather than the camera.</param>
/// <param name="AudioOnly">The member's audio alone.</param>
/// <param name="Record">A recording file.</param>
/// <param name="Hls">Live HLS on this server.</param>
/// <param name="RtmpUrls">RTMP pushes (the app's configured ingests); empty for none.</param>
/// <param name="FileName">The recording's file name stem, or null for a generated one.</param>
/// <param name="RecordVideo">Started by StartRecordVideo (so StopRecordVideo stops it).</param>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.EgressOrder")]
public sealed record EgressOrder(
    [property: Id(0)] string MemberId,
    [property: Id(1)] bool Screen,
    [property: Id(2)] bool AudioOnly,
    [property: Id(3)] bool Record,
    [property: Id(4)] bool Hls,
    [property: Id(5)] string[] RtmpUrls,
    [property: Id(6)] string? FileName,
    [property: Id(7)] bool RecordVideo);

/// <summary>A running channel as the room reports it (iLiveSDK's PushStreamRsp plus who and what).</summary>
/// <param name="ChannelId">The channel id (never 0).</param>
/// <param name="MemberId">Whose stream.</param>
/// <param name="StartedBy">The user that started it, or <c>administrator</c> (a user id no client may log in as).</param>
/// <param name="Order">What was asked.</param>
/// <param name="HlsUrls">Live HLS playlist paths (relative to the server's base URL).</param>
/// <param name="RtmpUrls">The RTMP ingests pushed to.</param>
/// <param name="FileIds">Recording file ids (relative to the recordings directory).</param>
/// <param name="StartedAtMs">Unix milliseconds.</param>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomEgressChannel")]
public sealed record RoomEgressChannel(
    [property: Id(0)] ulong ChannelId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] string StartedBy,
    [property: Id(3)] EgressOrder Order,
    [property: Id(4)] string[] HlsUrls,
    [property: Id(5)] string[] RtmpUrls,
    [property: Id(6)] string[] FileIds,
    [property: Id(7)] long StartedAtMs);
