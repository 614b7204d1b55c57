using System.Collections.Concurrent;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Im;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// The offline inbox under pressure: more unacknowledged C2C messages than a connection's send queue holds, and a
/// receiver whose inbox is full. A hostile sender must not be able to lock another user out.
/// </summary>
public sealed class ImInboxTests
{
    private const int Flood = 1_100; // more than the 1,024 frames a connection queues

    [Fact]
    public async Task InboxLargerThanTheSendQueue_IsDeliveredWhole_AndTheReceiverStaysConnected()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:MaxMessagesPerSecond=10000", "--OpenLive:MaxFramesPerSecond=10000");
        await (await server.LoggedInClientAsync("flood_bob")).DisposeAsync(); // bob exists, then goes offline
        await using (var alice = await server.LoggedInClientAsync("flood_alice"))
        {
            for (var i = 0; i < Flood; i++)
            {
                await alice.SendC2CMessageAsync("flood_bob", LiveMessage.Text($"m{i}"));
            }
        }

        var received = new ConcurrentQueue<string>();
        var states = new ConcurrentQueue<ConnectionState>();
        await using var bob = server.NewClient(o => o.AutoReconnect = false);
        bob.MessageReceived += (_, e) => received.Enqueue(e.Message.Text);
        await bob.LoginAsync("flood_bob", server.Sig("flood_bob"));
        bob.ConnectionStateChanged += (_, e) => states.Enqueue(e.State);
        await LoginTests.WaitUntil(() => received.Count == Flood || !bob.IsLoggedIn);

        Assert.True(bob.IsLoggedIn, $"bob was disconnected after {received.Count} messages");
        Assert.Equal(Enumerable.Range(0, Flood).Select(i => $"m{i}"), received);
        Assert.DoesNotContain(states, s => s != ConnectionState.Connected);

        // Everything was acknowledged: the next login starts with the next new message.
        await bob.GetUnreadCountsAsync();
        await bob.LogoutAsync();
        await using var again = server.NewClient();
        var first = Events.Next<MessageReceivedEventArgs>(h => again.MessageReceived += h);
        await using var carol = await server.LoggedInClientAsync("flood_carol");
        await carol.SendC2CMessageAsync("flood_bob", LiveMessage.Text("fresh"));
        await again.LoginAsync("flood_bob", server.Sig("flood_bob"));
        Assert.Equal("fresh", (await first).Message.Text);
    }

    [Fact]
    public async Task FullInbox_RefusesTheSenderWith8011_AndTakesMessagesAgainOnceAcknowledged()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:MaxInboxMessages=5");
        await (await server.LoggedInClientAsync("full_bob")).DisposeAsync();
        await using var alice = await server.LoggedInClientAsync("full_alice");
        for (var i = 0; i < 5; i++)
        {
            await alice.SendC2CMessageAsync("full_bob", LiveMessage.Text($"m{i}"));
        }

        var refused = await Assert.ThrowsAsync<LiveException>(() => alice.SendC2CMessageAsync("full_bob", LiveMessage.Text("one too many")));
        Assert.Equal(("ILiveSDK", (int)ILiveErrorCode.BusyHere), (refused.Module, refused.Code));
        Assert.Contains("inbox", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("one too many", (await alice.GetMessagesAsync(ConversationRef.WithUser("full_bob"))).Select(m => m.Text));

        // Bob logs in and acknowledges what he got: there is room again.
        var received = new ConcurrentQueue<string>();
        await using var bob = server.NewClient();
        bob.MessageReceived += (_, e) => received.Enqueue(e.Message.Text);
        await bob.LoginAsync("full_bob", server.Sig("full_bob"));
        await LoginTests.WaitUntil(() => received.Count == 5);
        await bob.GetUnreadCountsAsync(); // requests are handled in order: the acks before it are stored
        await alice.SendC2CMessageAsync("full_bob", LiveMessage.Text("room again"));
    }
}
