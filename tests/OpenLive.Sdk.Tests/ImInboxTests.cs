using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Im;
using OpenLive.Server.Im;
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

        // Everything was acknowledged (the SDK acknowledges after raising the event: wait for the store to have it), so
        // the next login starts with the next new message.
        await LoginTests.WaitUntil(() => InboxCursor(server, "flood_bob") == Flood);
        await bob.LogoutAsync();
        await using var again = server.NewClient();
        var first = Events.Next<MessageReceivedEventArgs>(h => again.MessageReceived += h);
        await using var carol = await server.LoggedInClientAsync("flood_carol");
        await carol.SendC2CMessageAsync("flood_bob", LiveMessage.Text("fresh"));
        await again.LoginAsync("flood_bob", server.Sig("flood_bob"));
        Assert.Equal("fresh", (await first).Message.Text);
    }

    [Fact]
    public async Task InboxFlood_AtTheDefaultFrameRate_IsDeliveredWhole_BecauseExpectedAcksAreNotRateLimited()
    {
        // Default rates: the inbox is filled through the admin API (system messages), which has no per-user rate.
        await using var server = await TestServer.StartAsync();
        await (await server.LoggedInClientAsync("flood_dora")).DisposeAsync();
        using (var http = new HttpClient { BaseAddress = server.Url })
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.AdminKey);
            for (var i = 0; i < Flood; i++)
            {
                using var sent = await http.PostAsync($"/admin/v1/apps/{server.AppId}/messages",
                    new StringContent($$"""{"toUser":"flood_dora","text":"s{{i}}"}""", System.Text.Encoding.UTF8, "application/json"));
                Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);
            }
        }

        var received = new ConcurrentQueue<string>();
        await using var dora = server.NewClient(o => o.AutoReconnect = false);
        dora.MessageReceived += (_, e) => received.Enqueue(e.Message.Text);
        await dora.LoginAsync("flood_dora", server.Sig("flood_dora"));
        await LoginTests.WaitUntil(() => received.Count == Flood || !dora.IsLoggedIn);

        Assert.True(dora.IsLoggedIn, $"dora was disconnected after {received.Count} messages");
        Assert.Equal(Enumerable.Range(0, Flood).Select(i => $"s{i}"), received);
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
        await LoginTests.WaitUntil(() => InboxCursor(server, "full_bob") == 5); // the SDK acknowledges after raising the event
        await alice.SendC2CMessageAsync("full_bob", LiveMessage.Text("room again"));
    }

    private static ulong InboxCursor(TestServer server, string userId) =>
        server.Services.GetRequiredService<IMessageStore>().InboxCursor(server.AppId, userId);
}
