using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;

namespace OpenLive.Sdk.Rooms;

/// <summary>Likes and viewers: counted by the server, the same for every member (a late joiner too).</summary>
public sealed partial class LiveRoom
{
    /// <summary>Most likes one <see cref="SendLikesAsync"/> may carry.</summary>
    public const int MaxLikesPerRequest = 100;

    private LiveRoomCounters _counters = LiveRoomCounters.None;

    /// <summary>The room's counters as of entering or the last <see cref="CountersChanged"/>.</summary>
    public LiveRoomCounters Counters => Volatile.Read(ref _counters);

    /// <summary>The room's likes or viewers changed.</summary>
    public event EventHandler<CountersChangedEventArgs>? CountersChanged;

    /// <summary>
    /// Likes the show <paramref name="count"/> times (batch a burst of clicks into one call). Everyone, this member too,
    /// sees it in <see cref="CountersChanged"/>.
    /// </summary>
    /// <exception cref="LiveException">8021 when <paramref name="count"/> is not 1..100; 1201 when not in the room.</exception>
    public Task SendLikesAsync(int count = 1, CancellationToken cancellationToken = default)
    {
        if (count is < 1 or > MaxLikesPerRequest)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"a like request carries 1 to {MaxLikesPerRequest} likes, not {count}");
        }

        return RequestAsync(new ClientFrame { SendLikes = new SendLikes { Count = (uint)count } }, cancellationToken);
    }

    internal void ApplyCounters(RoomCounters? wire)
    {
        if (wire is not null)
        {
            Volatile.Write(ref _counters, new LiveRoomCounters(wire.Likes, wire.Viewers));
        }
    }

    internal void OnCountersChanged(RoomCountersChanged push)
    {
        ApplyCounters(push.Counters);
        _client.RaiseFor(CountersChanged, this, new CountersChangedEventArgs(Counters, push.LikesAdded, push.LastLiker));
    }
}
