using System.Net;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Tests.Sdp;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;
using static OpenLive.Server.Tests.Edges.HttpMedia.HttpMediaClient;

namespace OpenLive.Server.Tests.Edges.HttpMedia;

/// <summary>
/// A WHIP/WHEP member has no signaling channel to renegotiate on: when its media connection closes by itself (here it
/// never connects within a 3 s connect timeout), it leaves the room — an owner's leaving dismisses it, as a quit would.
/// </summary>
public sealed class MediaConnectionLossTests
{
    [Fact]
    public async Task UnconnectedMembers_Leave_AndAnOwnersRoomIsDismissed()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:Media:ConnectTimeout", "00:00:03");
        using var http = new HttpMediaClient(server);

        // A co-host publisher and a player in an SDK host's room: both leave.
        await using var host = await server.LoggedInClientAsync("loss_host");
        var live = await host.CreateRoomAsync(74001u, LiveRoomOptions.Host());
        var gone = new List<string>();
        var bothGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        live.MemberEvent += (_, e) =>
        {
            if (e.EventId == MemberEventId.Out)
            {
                lock (gone)
                {
                    gone.AddRange(e.Members.Select(m => m.UserId));
                    if (gone.Count == 2)
                    {
                        bothGone.TrySetResult();
                    }
                }
            }
        };
        var (_, publisher) = await CreatedAsync(await http.PublishAsync(74001u, "loss_pub", ServerFixtures.WhipObsOffer, WhipTests.CoHostKey(server, "loss_pub", 74001u)), "whip");
        var (_, player) = await CreatedAsync(await http.PlayAsync(74001u, "loss_pub", "loss_viewer", BrowserFixtures.WhepRecvOnlyOffer), "whep");
        await bothGone.Task.WaitAsync(Events.Timeout, TestContext.Current.CancellationToken);
        Assert.Equal(["loss_pub", "loss_viewer"], gone.Order(StringComparer.Ordinal));
        await WhipTests.WaitUntilGoneAsync(http, publisher);
        await WhipTests.WaitUntilGoneAsync(http, player);

        // A publisher that created its room: the room ends with it.
        var (_, owner) = await CreatedAsync(await http.PublishAsync(74002u, "loss_owner", ServerFixtures.WhipObsOffer), "whip");
        await using var viewer = await server.LoggedInClientAsync("loss_owner_viewer");
        var joined = await viewer.JoinRoomAsync(74002u, LiveRoomOptions.Audience());
        var ended = await Events.Next<RoomEndedEventArgs>(h => joined.Ended += h);
        Assert.True(ended.Dismissed);
        using var deleted = await http.DeleteAsync(owner);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }
}
