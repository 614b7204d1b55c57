namespace OpenLive.Server.Grains;

/// <summary>The counters layer of a room (one role of the room grain): likes and viewers, kept by the server for everyone.</summary>
[Alias("OpenLive.IRoomCounts")]
public interface IRoomCounts : IGrainWithStringKey
{
    /// <summary>A member sends <paramref name="count"/> likes (8021 outside 1..100; 10006 not a member).</summary>
    [Alias("SendLikes")]
    Task<RoomResult> SendLikes(string userId, Guid sessionId, uint count);
}
