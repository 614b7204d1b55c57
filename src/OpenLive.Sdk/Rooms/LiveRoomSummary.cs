using OpenLive.Protocol.V1;

namespace OpenLive.Sdk.Rooms;

/// <summary>A room going on now, as <see cref="LiveClient.ListRoomsAsync"/> lists it (for a lobby).</summary>
/// <param name="Id">The room, to join with <see cref="LiveClient.JoinRoomAsync"/>.</param>
/// <param name="OwnerUserId">Its owner (the host).</param>
/// <param name="Members">Members present, the owner included.</param>
/// <param name="Counters">Its likes and viewers, as its members see them.</param>
/// <param name="StartedAt">When the owner entered.</param>
/// <param name="OwnerCameraOn">Whether the owner's camera is on now.</param>
public sealed record LiveRoomSummary(LiveRoomId Id, string OwnerUserId, int Members, LiveRoomCounters Counters, DateTimeOffset StartedAt, bool OwnerCameraOn)
{
    internal static LiveRoomSummary FromWire(RoomSummary wire) => new(
        LiveRoomId.FromWire(wire.RoomId),
        wire.OwnerUserId,
        (int)wire.Members,
        wire.Counters is { } counters ? new LiveRoomCounters(counters.Likes, counters.Viewers) : LiveRoomCounters.None,
        DateTimeOffset.FromUnixTimeMilliseconds(wire.StartedAtMs),
        wire.OwnerCameraOn);
}

/// <summary>A page of the app's rooms going on now, newest first.</summary>
/// <param name="Rooms">The rooms of this page.</param>
/// <param name="Total">How many rooms the app has going on now (for paging with the offset).</param>
public sealed record LiveRoomList(IReadOnlyList<LiveRoomSummary> Rooms, int Total);
