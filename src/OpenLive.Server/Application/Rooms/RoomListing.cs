using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Calls;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;
using OpenLive.Server.Wire;

namespace OpenLive.Server.Application.Rooms;

/// <summary>
/// The app's rooms going on now, for a lobby (<c>ListRooms</c>): newest first by when their owner entered, calls'
/// rooms left out (only their participants may enter them). Each listed room is asked for its state, so a session may
/// list at most <see cref="RequestsPerSecond"/> times a second (bursts of twice that): more get 8011.
/// </summary>
internal sealed class RoomListing(IGrainFactory grains, [FromKeyedServices(ServerClock.Key)] TimeProvider time)
{
    /// <summary>The most rooms one request returns.</summary>
    public const int MaxLimit = 100;

    /// <summary>The rooms a request returns when it does not say.</summary>
    public const int DefaultLimit = 20;

    /// <summary>List requests per second a session may send.</summary>
    public const int RequestsPerSecond = 2;

    /// <exception cref="LiveException">8021 for a limit above 100; 8011 beyond the request rate.</exception>
    public async Task<RoomList> ListAsync(ClientSession session, uint limit, uint offset)
    {
        var login = session.RequireLogin();
        if (limit > MaxLimit)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"a room list holds 1-{MaxLimit} rooms (0 for {DefaultLimit}); this request asks for {limit}");
        }

        session.RoomListRate ??= new RateLimiter(RequestsPerSecond, time);
        if (!session.RoomListRate.TryAcquire())
        {
            throw new LiveException(ILiveErrorCode.BusyHere, $"more than {RequestsPerSecond} room lists per second; this one was not done");
        }

        var summaries = (await ShowsAsync(login.SdkAppId).ConfigureAwait(false))
            .Select(show => Summary(show.Room))
            .OrderByDescending(summary => summary.StartedAtMs)
            .ThenBy(summary => summary.OwnerUserId, StringComparer.Ordinal)
            .ToArray();
        var list = new RoomList { Total = (uint)summaries.Length };
        list.Rooms.Add(summaries.Skip((int)Math.Min(offset, int.MaxValue)).Take(limit == 0 ? DefaultLimit : (int)limit));
        return list;
    }

    /// <summary>
    /// The app's rooms going on now that are shows (calls' rooms are rooms too, but nobody but their participants may
    /// enter them), each with its grain key and state; a room that ended meanwhile is left out.
    /// </summary>
    public async Task<(string Key, RoomSnapshot Room)[]> ShowsAsync(uint sdkAppId)
    {
        var rooms = await grains.GetGrain<IAppDirectoryGrain>(sdkAppId).Rooms().ConfigureAwait(false);
        var keys = rooms.Keys.Where(key => CallRooms.CallKeyOfRoom(key) is null).ToArray();
        var states = await Task.WhenAll(keys.Select(key => grains.GetGrain<IRoomAdministration>(key).AdminState())).ConfigureAwait(false);
        return [.. keys.Zip(states).Where(pair => pair.Second.Succeeded).Select(pair => (pair.First, pair.Second.Value!))];
    }

    private static RoomSummary Summary(RoomSnapshot room)
    {
        var owner = Array.Find(room.Members, member => member.UserId == room.Owner);
        return new RoomSummary
        {
            RoomId = RoomWire.RoomId(room.Name),
            OwnerUserId = room.Owner,
            Members = (uint)room.Members.Length,
            Counters = RoomWire.Counters(room.Counts ?? new RoomCounts(0, 0)),
            StartedAtMs = owner?.JoinedAtMs ?? 0,
            OwnerCameraOn = owner?.HasCamera ?? false,
        };
    }
}
