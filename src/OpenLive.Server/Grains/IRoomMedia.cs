namespace OpenLive.Server.Grains;

/// <summary>
/// A room's media as its members ask for it (one role of the room grain): publish offers, subscriber answers, video
/// views, counters. The room's SFU room lives on the grain's node.
/// </summary>
[Alias("OpenLive.IRoomMedia")]
public interface IRoomMedia : IGrainWithStringKey
{
    /// <summary>Answers the member's publisher offer with the answer SDP (10003 for a source it may not send; 10002 bad offer; 10011 no codec).</summary>
    [Alias("Publish")]
    Task<RoomResult<string>> Publish(string userId, Guid sessionId, string sdp, PublishedTrackSource[] tracks);

    /// <summary>Replaces the member's video views (1401, 1402, 10003).</summary>
    [Alias("RequestViews")]
    Task<RoomResult> RequestViews(string userId, Guid sessionId, RoomView[] views);

    /// <summary>Drops the member's video views.</summary>
    [Alias("CancelViews")]
    Task<RoomResult> CancelViews(string userId, Guid sessionId);

    /// <summary>
    /// The member's media path died: its publisher and subscriber connections close and a new subscriber connection is
    /// offered (8011 within <see cref="RoomGrain.MediaRestartInterval"/> of the last one).
    /// </summary>
    [Alias("RestartMedia")]
    Task<RoomResult> RestartMedia(string userId, Guid sessionId);

    /// <summary>The member's answer to its subscriber offer.</summary>
    [Alias("AnswerSubscriber")]
    Task<RoomResult> AnswerSubscriber(string userId, Guid sessionId, string sdp, uint revision);

    /// <summary>The member's media counters, per published and received track.</summary>
    [Alias("GetMediaStats")]
    Task<RoomResult<MemberTrackStats[]>> GetMediaStats(string userId, Guid sessionId);

    /// <summary>
    /// (WHEP) Answers a media-only member's offer to receive <paramref name="publisherUserId"/>'s audio and video with
    /// the answer SDP (1401 publisher absent or silent, 1402 only missing video asked for, 10003, 10002, 10011).
    /// </summary>
    [Alias("Play")]
    Task<RoomResult<string>> Play(string userId, Guid sessionId, string publisherUserId, string sdp);
}
