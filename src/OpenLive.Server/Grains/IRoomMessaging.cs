using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>A room's group chat (one role of the room grain): who may send now, and the fan-out of sent messages.</summary>
[Alias("OpenLive.IRoomMessaging")]
public interface IRoomMessaging : IGrainWithStringKey
{
    /// <summary>Checks that the sender may message the room now (10006 not a member, 10003 muted).</summary>
    [Alias("AuthorizeMessage")]
    Task<RoomResult> AuthorizeMessage(string senderUserId, Guid sessionId);

    /// <summary>Checks that the reader is a member of the room now (10006 otherwise): a room's history is for its current members.</summary>
    [Alias("AuthorizeHistory")]
    Task<RoomResult> AuthorizeHistory(string readerUserId, Guid sessionId);

    /// <summary>
    /// Fans a room message out to every member but the sender (10006 when the sender is not a member). The frame is
    /// serialized once by the sender's node: the room's fan-out hands the same bytes to every node (benchmarks.md).
    /// </summary>
    [Alias("PublishMessage")]
    Task<RoomResult> PublishMessage(string senderUserId, Guid sessionId, Immutable<byte[]> frame);
}
