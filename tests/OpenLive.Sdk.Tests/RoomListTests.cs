using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Sdk.Calls;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// <see cref="LiveClient.ListRoomsAsync"/> (ListRooms): the app's rooms going on now, newest first, with their owner,
/// members and counters as the members see them; calls' rooms are not listed; paging by limit and offset; a limit out
/// of range is 8021 (in the SDK, and on the server for a raw request), more than two lists a second 8011.
/// </summary>
public sealed class RoomListTests
{
    private static (string Module, int Code) Codes(LiveException e) => (e.Module, e.Code);

    [Fact]
    public async Task Lists_TheRoomsGoingOn_NewestFirst_WithOwnerMembersAndCounters_ButNotCalls()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.LoggedInClientAsync("rl1_alice");
        await using var bob = await server.LoggedInClientAsync("rl1_bob");
        await using var carol = await server.LoggedInClientAsync("rl1_carol");
        await using var dave = await server.LoggedInClientAsync("rl1_dave");
        await using var erin = await server.LoggedInClientAsync("rl1_erin");
        var aliceRoom = await alice.CreateRoomAsync(9101, LiveRoomOptions.Host());
        await bob.CreateRoomAsync(LiveRoomId.FromString("rl1-show"), LiveRoomOptions.Host());
        var viewerRoom = await carol.JoinRoomAsync(9101, LiveRoomOptions.Audience());
        var liked = Events.Next<CountersChangedEventArgs>(h => aliceRoom.CountersChanged += h, e => e.Counters.Likes == 3);
        await viewerRoom.SendLikesAsync(3);
        await liked;
        var ringing = Events.Next<IncomingCallEventArgs>(h => erin.IncomingCall += h);
        var call = await dave.MakeCallAsync("rl1_erin");
        await erin.AcceptCallAsync((await ringing).Invitation.CallId);

        var list = await carol.ListRoomsAsync();

        Assert.Equal(2, list.Total);
        Assert.Equal(["rl1_bob", "rl1_alice"], list.Rooms.OrderByDescending(r => r.StartedAt).Select(r => r.OwnerUserId));
        Assert.True(list.Rooms[0].StartedAt >= list.Rooms[1].StartedAt);
        var alices = Assert.Single(list.Rooms, r => r.OwnerUserId == "rl1_alice");
        Assert.Equal((LiveRoomId.FromNumber(9101), 2, new LiveRoomCounters(3, 1)), (alices.Id, alices.Members, alices.Counters));
        var bobs = Assert.Single(list.Rooms, r => r.OwnerUserId == "rl1_bob");
        Assert.Equal((LiveRoomId.FromString("rl1-show"), 1, new LiveRoomCounters(0, 0)), (bobs.Id, bobs.Members, bobs.Counters));

        // Pages: one room at a time; past the end, none (dave's own list rate: three lists fit its burst of four).
        var first = await dave.ListRoomsAsync(limit: 1);
        var second = await dave.ListRoomsAsync(limit: 1, offset: 1);
        var past = await dave.ListRoomsAsync(limit: 1, offset: 2);
        Assert.Equal([list.Rooms[0].Id, list.Rooms[1].Id], [Assert.Single(first.Rooms).Id, Assert.Single(second.Rooms).Id]);
        Assert.Empty(past.Rooms);
        Assert.Equal(2, past.Total);
        await call.HangUpAsync();
    }

    [Fact]
    public async Task BadLimits_Get8021_InTheSdkAndOnTheServer_AndAFloodGets8011()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.LoggedInClientAsync("rl2_alice");
        Assert.Equal(("ILiveSDK", 8021), Codes(await Assert.ThrowsAsync<LiveException>(() => alice.ListRoomsAsync(limit: 0))));
        Assert.Equal(("ILiveSDK", 8021), Codes(await Assert.ThrowsAsync<LiveException>(() => alice.ListRoomsAsync(limit: 101))));
        Assert.Equal(("ILiveSDK", 8021), Codes(await Assert.ThrowsAsync<LiveException>(() => alice.ListRoomsAsync(offset: -1))));

        await using var raw = await RawSocket.ConnectAsync(server.Url);
        await raw.SendAsync(new ClientFrame { RequestId = 1, ListRooms = new ListRooms() });
        Assert.Equal(8009, (await raw.ReceiveAsync())!.Error.Code);
        await raw.SendAsync(new ClientFrame { RequestId = 2, Login = new Login { SdkAppId = server.AppId, UserId = "rl2_raw", UserSig = server.Sig("rl2_raw"), ProtocolVersion = Protocol.ProtocolVersion.Current } });
        Assert.NotNull((await raw.ReceiveAsync())!.Login);
        await raw.SendAsync(new ClientFrame { RequestId = 3, ListRooms = new ListRooms { Limit = 1000, Offset = uint.MaxValue } });
        var tooMany = (await raw.ReceiveAsync())!;
        Assert.Equal((3u, "ILiveSDK", 8021), (tooMany.RequestId, tooMany.Error.Module, tooMany.Error.Code));
        await raw.SendAsync(new ClientFrame { RequestId = 4, ListRooms = new ListRooms { Offset = uint.MaxValue } });
        Assert.Empty((await raw.ReceiveAsync())!.RoomList.Rooms);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                await alice.ListRoomsAsync();
                return 0;
            }
            catch (LiveException e)
            {
                return e.Code;
            }
        }));
        Assert.Contains(8011, outcomes);
        Assert.Contains(0, outcomes);
        Assert.All(outcomes, code => Assert.Contains(code, new[] { 0, 8011 }));
    }
}
