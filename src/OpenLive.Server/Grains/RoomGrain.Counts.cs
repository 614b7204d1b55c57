using Google.Protobuf;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Wire;

namespace OpenLive.Server.Grains;

/// <summary>
/// The room's counters every member must agree on — likes and viewers — kept here rather than counted by each client
/// (a late joiner saw ♥ 0 where the others saw 1). Changes go out coalesced: at most one push per
/// <see cref="CountsPushInterval"/>, so a member flooding likes costs the room one push per interval, not one per like.
/// Likes are written to the room's storage with that push, not with each request: a like flood would otherwise be one
/// storage write per request (50 a second per client at the frame limit). A node lost within the interval loses the
/// likes of that interval — a counter, not a message.
/// </summary>
internal sealed partial class RoomGrain : IRoomCounts
{
    /// <summary>Most likes one request may carry (a client batches a burst of clicks).</summary>
    public const uint MaxLikesPerRequest = 100;

    /// <summary>How long changes gather before one push: a quarter second, quick enough for hearts on a screen.</summary>
    public static readonly TimeSpan CountsPushInterval = TimeSpan.FromMilliseconds(250);

    private ulong _likes;
    private uint _likesSincePush;
    private string _lastLiker = string.Empty;
    private bool _likesUnsaved;
    private IGrainTimer? _countsPush;

    public Task<RoomResult> SendLikes(string userId, Guid sessionId, uint count)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult<RoomResult>(NotInRoom());
        }

        if (count is 0 or > MaxLikesPerRequest)
        {
            return Task.FromResult<RoomResult>(RoomError.Of(ILiveErrorCode.InvalidParam, $"a like request carries 1 to {MaxLikesPerRequest} likes, not {count}"));
        }

        _likes = _likes > ulong.MaxValue - count ? ulong.MaxValue : _likes + count;
        _likesSincePush = _likesSincePush > uint.MaxValue - count ? uint.MaxValue : _likesSincePush + count;
        _lastLiker = userId;
        _likesUnsaved = true;
        CountsChanged();
        return Task.FromResult(RoomResult.Ok);
    }

    /// <summary>Members present other than the owner (parked seats count: their member is coming back).</summary>
    private RoomCounts Counts() => new(_likes, (uint)(_members.Count - (_owner is not null && _members.ContainsKey(_owner) ? 1 : 0)));

    /// <summary>Schedules the one push for changes gathered until <see cref="CountsPushInterval"/> from now (nothing when one is scheduled).</summary>
    private void CountsChanged()
    {
        _countsPush ??= this.RegisterGrainTimer(
            static (grain, _) => grain.PushCountsAsync(),
            this,
            CountsPushInterval,
            Timeout.InfiniteTimeSpan);
    }

    private async Task PushCountsAsync()
    {
        _countsPush?.Dispose();
        _countsPush = null;
        if (_name is null)
        {
            return;
        }

        var push = new RoomCountersChanged
        {
            RoomId = WireRoomId(),
            Counters = RoomWire.Counters(Counts()),
            LikesAdded = _likesSincePush,
            LastLiker = _likesSincePush > 0 ? _lastLiker : string.Empty,
        };
        _likesSincePush = 0;
        Broadcast(new ServerFrame { RoomCounters = push }.ToByteArray(), except: null);
        if (_likesUnsaved)
        {
            _likesUnsaved = false;
            try
            {
                await PersistAsync(); // a timer is no grain call: the call filter does not write for it
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _likesUnsaved = true; // storage away (Redis restarting): the next call on the room writes them
                Changed();
            }
        }
    }

    /// <summary>A new room (or one created again after its end) starts from zero.</summary>
    private void ForgetCounts()
    {
        _likes = 0;
        _likesSincePush = 0;
        _lastLiker = string.Empty;
        _likesUnsaved = false;
        _countsPush?.Dispose();
        _countsPush = null;
    }
}
