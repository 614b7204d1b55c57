namespace OpenLive.Server.Grains;

/// <summary>
/// Reading the room group's history: for the room's current members only. The message store remembers everyone who
/// ever wrote to or joined a group; only the room knows who is in it now, so it decides.
/// </summary>
internal sealed partial class RoomGrain
{
    public Task<RoomResult> AuthorizeHistory(string readerUserId, Guid sessionId) =>
        Task.FromResult<RoomResult>(IsMember(readerUserId, sessionId, out _) ? RoomResult.Ok : NotInRoom());
}
