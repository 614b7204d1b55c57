using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>Likes and viewers kept by the server: everyone, a late joiner too, sees the same counts; floods are coalesced; bad counts refused.</summary>
public sealed class RoomCountersTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    private static (string, int) Codes(LiveException e) => (e.Module, e.Code);

    [Fact]
    public async Task Likes_AreSummedByTheServer_AndALateJoinerSeesTheSameCountsAsEveryone()
    {
        await using var host = await Server.LoggedInClientAsync("rc1_host");
        await using var fanA = await Server.LoggedInClientAsync("rc1_a");
        await using var fanB = await Server.LoggedInClientAsync("rc1_b");
        var hostRoom = await host.CreateRoomAsync(9701, LiveRoomOptions.Host());
        Assert.Equal(new LiveRoomCounters(0, 0), hostRoom.Counters); // the owner is not a viewer
        var roomA = await fanA.JoinRoomAsync(9701, LiveRoomOptions.Audience());
        var roomB = await fanB.JoinRoomAsync(9701, LiveRoomOptions.Audience());
        Assert.Equal(2u, roomB.Counters.Viewers);

        var hostSawFive = Events.Next<CountersChangedEventArgs>(h => hostRoom.CountersChanged += h, e => e.Counters.Likes == 5);
        var bSawFive = Events.Next<CountersChangedEventArgs>(h => roomB.CountersChanged += h, e => e.Counters.Likes == 5);
        await roomA.SendLikesAsync(3);
        await roomB.SendLikesAsync(2);
        Assert.Equal(new LiveRoomCounters(5, 2), (await hostSawFive).Counters);
        Assert.Equal(5ul, (await bSawFive).Counters.Likes);
        Assert.Equal(5ul, hostRoom.Counters.Likes);

        await using var late = await Server.LoggedInClientAsync("rc1_late");
        var hostSawThree = Events.Next<CountersChangedEventArgs>(h => hostRoom.CountersChanged += h, e => e.Counters.Viewers == 3);
        var lateRoom = await late.JoinRoomAsync(9701, LiveRoomOptions.Audience());
        Assert.Equal(new LiveRoomCounters(5, 3), lateRoom.Counters);
        var viewersChanged = await hostSawThree;
        Assert.Equal((0u, ""), (viewersChanged.LikesAdded, viewersChanged.LastLiker)); // only the viewers changed

        var hostSawTwo = Events.Next<CountersChangedEventArgs>(h => hostRoom.CountersChanged += h, e => e.Counters.Viewers == 2);
        await lateRoom.QuitAsync();
        Assert.Equal(new LiveRoomCounters(5, 2), (await hostSawTwo).Counters);
    }

    [Fact]
    public async Task AFloodOfLikes_IsCountedWhole_ButPushedCoalesced()
    {
        const int Requests = 40;
        await using var host = await Server.LoggedInClientAsync("rc2_host");
        await using var fan = await Server.LoggedInClientAsync("rc2_fan");
        var hostRoom = await host.CreateRoomAsync(9702, LiveRoomOptions.Host());
        var room = await fan.JoinRoomAsync(9702, LiveRoomOptions.Audience());

        var pushes = 0;
        long added = 0;
        // Counted before the awaited event's handler runs (handlers run in the order added): the test reads the counts
        // as soon as the last push completes it.
        hostRoom.CountersChanged += (_, e) =>
        {
            Interlocked.Increment(ref pushes);
            Interlocked.Add(ref added, e.LikesAdded);
        };
        var all = Events.Next<CountersChangedEventArgs>(h => hostRoom.CountersChanged += h, e => e.Counters.Likes == Requests * 100);
        // 40 at once: within the server's 50 frames per second per connection (beyond it frames are dropped with 8011).
        await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => room.SendLikesAsync(LiveRoom.MaxLikesPerRequest)));
        var last = await all;

        Assert.Equal((ulong)(Requests * 100), last.Counters.Likes);
        Assert.Equal("rc2_fan", last.LastLiker);
        Assert.Equal(Requests * 100L, Interlocked.Read(ref added)); // every like in exactly one push
        // One push per quarter second at most: requests answered in one burst are a handful of pushes, not one each.
        Assert.True(Volatile.Read(ref pushes) < Requests, $"{pushes} pushes for {Requests} like requests");
    }

    [Fact]
    public async Task BadCounts_AreRefused_ByTheSdkAndByTheServer()
    {
        await using var host = await Server.LoggedInClientAsync("rc3_host");
        var hostRoom = await host.CreateRoomAsync(9703, LiveRoomOptions.Host());

        Assert.Equal(("ILiveSDK", 8021), Codes(Assert.Throws<LiveException>(() => { _ = hostRoom.SendLikesAsync(0); })));
        Assert.Equal(("ILiveSDK", 8021), Codes(Assert.Throws<LiveException>(() => { _ = hostRoom.SendLikesAsync(101); })));

        // A client that skips the SDK's check: the server refuses too, and counts nothing.
        foreach (var count in new uint[] { 0, 101, uint.MaxValue })
        {
            var refused = await Assert.ThrowsAsync<LiveException>(() => host.RoomRequestAsync(new ClientFrame { SendLikes = new SendLikes { Count = count } }, TestContext.Current.CancellationToken));
            Assert.Equal(("ILiveSDK", 8021), Codes(refused));
            // The server's own words arrive apart from the catalog's text (Error.detail), and the message has both.
            Assert.Equal($"a like request carries 1 to 100 likes, not {count}", refused.Detail);
            Assert.StartsWith("ILiveSDK 8021 ERR_INVALID_PARAM: ", refused.Message, StringComparison.Ordinal);
            Assert.EndsWith($"(a like request carries 1 to 100 likes, not {count})", refused.Message, StringComparison.Ordinal);
        }

        await using var late = await Server.LoggedInClientAsync("rc3_late");
        Assert.Equal(0ul, (await late.JoinRoomAsync(9703, LiveRoomOptions.Audience())).Counters.Likes);
    }

    [Fact]
    public async Task Likes_OutsideARoom_Are8003_AndAfterLeavingIt1201()
    {
        await using var client = await Server.LoggedInClientAsync("rc4_user");
        Assert.Equal(("ILiveSDK", 8003), Codes(await Assert.ThrowsAsync<LiveException>(() => client.RoomRequestAsync(new ClientFrame { SendLikes = new SendLikes { Count = 1 } }, TestContext.Current.CancellationToken))));

        var room = await client.CreateRoomAsync(9704, LiveRoomOptions.Host());
        await room.QuitAsync();
        Assert.Equal(("AVSDK", 1201), Codes(await Assert.ThrowsAsync<LiveException>(() => room.SendLikesAsync())));
    }
}
