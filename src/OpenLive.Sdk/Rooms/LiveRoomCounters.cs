namespace OpenLive.Sdk.Rooms;

/// <summary>
/// A room's counters, kept by the server so every member sees the same: <paramref name="Likes"/> sent in the room since
/// it was created, <paramref name="Viewers"/> — members present other than the room's owner.
/// </summary>
/// <param name="Likes">Likes since the room was created.</param>
/// <param name="Viewers">Members present other than the owner (co-hosts count).</param>
public sealed record LiveRoomCounters(ulong Likes, uint Viewers)
{
    /// <summary>Before the server said anything.</summary>
    public static LiveRoomCounters None { get; } = new(0, 0);
}

/// <summary>The room's counters changed (pushed at most four times a second).</summary>
/// <param name="counters">The counters now.</param>
/// <param name="likesAdded">Likes since the last change (0 when only the viewers changed): one heart each, for instance.</param>
/// <param name="lastLiker">Who sent the last of those likes (empty when none).</param>
public sealed class CountersChangedEventArgs(LiveRoomCounters counters, uint likesAdded, string lastLiker) : EventArgs
{
    /// <summary>The counters now.</summary>
    public LiveRoomCounters Counters { get; } = counters;

    /// <summary>Likes since the last change (0 when only the viewers changed).</summary>
    public uint LikesAdded { get; } = likesAdded;

    /// <summary>Who sent the last of those likes (empty when none).</summary>
    public string LastLiker { get; } = lastLiker;
}
