using System.Collections.Concurrent;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>IM through the SDK against the real server; run with SQLite and with PostgreSQL message stores.</summary>
public abstract class ImContract
{
    protected abstract TestServer Server { get; }

    /// <summary>Arguments that select the message store, for tests that start servers of their own.</summary>
    protected abstract string[] StoreArgs { get; }

    [Fact]
    public async Task C2C_ChatBothWays_WithHistory()
    {
        await using var alice = await Server.LoggedInClientAsync("im_alice");
        await using var bob = await Server.LoggedInClientAsync("im_bob");
        var toBob = Events.Next<MessageReceivedEventArgs>(h => bob.MessageReceived += h);
        var sent = await alice.SendC2CMessageAsync("im_bob", LiveMessage.Text("hello bob"));
        var got = (await toBob).Message;
        Assert.Equal(("im_alice", "hello bob", sent.MessageId, 1ul), (got.Sender, got.Text, got.MessageId, got.Seq));
        Assert.Equal(ConversationRef.WithUser("im_alice"), got.Conversation);

        var toAlice = Events.Next<MessageReceivedEventArgs>(h => alice.MessageReceived += h);
        await bob.SendC2CMessageAsync("im_alice", LiveMessage.Text("hi alice"));
        Assert.Equal("hi alice", (await toAlice).Message.Text);

        var history = await alice.GetMessagesAsync(ConversationRef.WithUser("im_bob"));
        Assert.Equal(["hi alice", "hello bob"], history.Select(m => m.Text));
        Assert.Equal([2ul, 1ul], history.Select(m => m.Seq));
    }

    [Fact]
    public async Task RoomGroupChat_ReachesTheOtherMembers_AndHasHistory()
    {
        await using var host = await Server.LoggedInClientAsync("im_host");
        await using var viewer = await Server.LoggedInClientAsync("im_viewer");
        var hostRoom = await host.CreateRoomAsync(9301, LiveRoomOptions.Host());
        var room = await viewer.JoinRoomAsync(9301, LiveRoomOptions.Audience());
        var atHost = Events.Next<MessageReceivedEventArgs>(h => hostRoom.MessageReceived += h);
        var echoed = 0;
        room.MessageReceived += (_, _) => Interlocked.Increment(ref echoed);

        await room.SendMessageAsync(LiveMessage.Text("nice show"));
        var message = (await atHost).Message;
        Assert.Equal(("im_viewer", "nice show"), (message.Sender, message.Text));
        Assert.Equal(ConversationRef.InGroup("9301"), message.Conversation);
        Assert.Equal(0, echoed); // the sender does not receive its own message

        Assert.Equal(["nice show"], (await hostRoom.GetMessagesAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task OfflineC2C_IsDeliveredAtLogin_InOrder_AndOnlyOnce()
    {
        await using (var alice = await Server.LoggedInClientAsync("off_alice"))
        {
            await using var once = await Server.LoggedInClientAsync("off_bob"); // bob exists (has logged in before)
        }

        await using var sender = await Server.LoggedInClientAsync("off_alice");
        for (var i = 0; i < 5; i++)
        {
            await sender.SendC2CMessageAsync("off_bob", LiveMessage.Text($"m{i}"));
        }

        var received = new ConcurrentQueue<string>();
        await using var bob = Server.NewClient();
        bob.MessageReceived += (_, e) => received.Enqueue(e.Message.Text);
        await bob.LoginAsync("off_bob", Server.Sig("off_bob"));
        await LoginTests.WaitUntil(() => received.Count == 5);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], received);

        // Requests on a connection are handled in order: this answer means the acks before it were stored.
        await bob.GetUnreadCountsAsync();
        await bob.LogoutAsync();
        received.Clear();
        await bob.LoginAsync("off_bob", Server.Sig("off_bob"));
        await bob.GetUnreadCountsAsync();
        await Task.Delay(200);
        Assert.Empty(received);
    }

    [Fact]
    public async Task Retry_WithTheSameClientMessageId_IsStoredOnce()
    {
        await using var alice = await Server.LoggedInClientAsync("idem_alice");
        await using var bob = await Server.LoggedInClientAsync("idem_bob");
        var count = 0;
        bob.MessageReceived += (_, _) => Interlocked.Increment(ref count);
        var message = LiveMessage.Text("once");
        var first = await alice.SendC2CMessageAsync("idem_bob", message);
        var retry = await alice.SendC2CMessageAsync("idem_bob", message);
        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first.MessageId, retry.MessageId);
        Assert.Single(await bob.GetMessagesAsync(ConversationRef.WithUser("idem_alice")));
        await Task.Delay(200);
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task OnlineOnly_ReachesConnectedReceiversOnly()
    {
        await using var alice = await Server.LoggedInClientAsync("onl_alice");
        await using (var bob = await Server.LoggedInClientAsync("onl_bob"))
        {
            var got = Events.Next<MessageReceivedEventArgs>(h => bob.MessageReceived += h);
            var sent = await alice.SendOnlineC2CMessageAsync("onl_bob", LiveMessage.Command(0x800 + 3, "like"));
            var message = (await got).Message;
            Assert.True(message.IsOnlineOnly);
            Assert.Equal(0ul, sent.Seq);
            Assert.Equal((0x803, "like"), (message.Command!.UserAction, message.Command.ActionParam));
        }

        await alice.SendOnlineC2CMessageAsync("onl_bob", LiveMessage.Text("nobody home"));
        var received = 0;
        await using var back = Server.NewClient();
        back.MessageReceived += (_, _) => Interlocked.Increment(ref received);
        await back.LoginAsync("onl_bob", Server.Sig("onl_bob"));
        await back.GetUnreadCountsAsync();
        await Task.Delay(200);
        Assert.Equal(0, received);
        Assert.Empty(await back.GetMessagesAsync(ConversationRef.WithUser("onl_alice")));
    }

    [Fact]
    public async Task UnreadCounts_FollowTheReadMark()
    {
        await using var alice = await Server.LoggedInClientAsync("unr_alice");
        await using var bob = await Server.LoggedInClientAsync("unr_bob");
        await alice.SendC2CMessageAsync("unr_bob", LiveMessage.Text("1"));
        var last = await alice.SendC2CMessageAsync("unr_bob", LiveMessage.Text("2"));
        var unread = Assert.Single(await bob.GetUnreadCountsAsync());
        Assert.Equal((ConversationRef.WithUser("unr_alice"), 2ul, last.Seq), (unread.Conversation, unread.Unread, unread.LastSeq));
        await bob.MarkReadAsync(ConversationRef.WithUser("unr_alice"), last.Seq);
        Assert.Empty(await bob.GetUnreadCountsAsync());
    }

    [Fact]
    public async Task BadMessages_AreRefused_AndNothingIsStored()
    {
        await using var alice = await Server.LoggedInClientAsync("bad_alice");
        await using var bob = await Server.LoggedInClientAsync("bad_bob");
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => alice.SendC2CMessageAsync("nobody_here", LiveMessage.Text("x")))).Is(ILiveErrorCode.NotFound));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => alice.SendC2CMessageAsync("bad_bob", new LiveMessage()))).Is(ILiveErrorCode.InvalidParam));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => alice.SendC2CMessageAsync("bad_bob", LiveMessage.Text(new string('x', 20_000))))).Is(ILiveErrorCode.InvalidParam));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => alice.SendC2CMessageAsync("bad_bob", null!))).Is(ILiveErrorCode.NullPointer));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => alice.SendGroupMessageAsync(LiveMessage.Text("x")))).Is(ILiveErrorCode.NoRoom));
        Assert.Equal(("AVSDK", 10006), Codes(await Assert.ThrowsAsync<LiveException>(() => alice.GetMessagesAsync(ConversationRef.InGroup("someone-elses-room")))));
        Assert.Empty(await bob.GetMessagesAsync(ConversationRef.WithUser("bad_alice")));

        var refused = 0;
        for (var i = 0; i < 80; i++)
        {
            try
            {
                await alice.SendOnlineC2CMessageAsync("bad_bob", LiveMessage.Text("flood"));
            }
            catch (LiveException e) when (e.Is(ILiveErrorCode.BusyHere))
            {
                refused++;
            }
        }

        Assert.True(refused > 0, "the per-user rate limit never refused");
    }

    [Fact]
    public async Task History_SurvivesAServerRestart()
    {
        var data = Path.Combine(Path.GetTempPath(), "openlive-restart-" + Guid.NewGuid().ToString("N"));
        string sentId;
        await using (var first = await TestServer.StartAsync(null, [.. StoreArgs, "--data", data]))
        {
            await using var alice = await first.LoggedInClientAsync("rs_alice");
            await using var bob = await first.LoggedInClientAsync("rs_bob");
            sentId = (await alice.SendC2CMessageAsync("rs_bob", LiveMessage.Text("remember me"))).MessageId;
        }

        await using var second = await TestServer.StartAsync(null, [.. StoreArgs, "--data", data]);
        await using var reader = await second.LoggedInClientAsync("rs_bob");
        var history = await reader.GetMessagesAsync(ConversationRef.WithUser("rs_alice"));
        Assert.Equal((sentId, "remember me"), (Assert.Single(history).MessageId, history[0].Text));
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task ImCallsWhileReconnecting_Are8001()
    {
        var server = await TestServer.StartAsync(null, StoreArgs);
        await using var alice = await server.LoggedInClientAsync("nr_alice");
        var reconnecting = Events.Next<ConnectionStateChangedEventArgs>(h => alice.ConnectionStateChanged += h, e => e.State == ConnectionState.Reconnecting);
        await server.DisposeAsync(); // the server goes away; the client keeps trying within the resume window
        await reconnecting;
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => alice.SendC2CMessageAsync("anyone", LiveMessage.Text("x")))).Is(ILiveErrorCode.ImNotReady));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => alice.GetUnreadCountsAsync())).Is(ILiveErrorCode.ImNotReady));
    }

    private static (string, int) Codes(LiveException e) => (e.Module, e.Code);
}

public sealed class ImTests(SharedServer shared) : ImContract, IClassFixture<SharedServer>
{
    protected override TestServer Server => shared.Server;

    protected override string[] StoreArgs => [];
}

public sealed class PostgresImTests(PostgresBackedServer backed) : ImContract, IClassFixture<PostgresBackedServer>
{
    protected override TestServer Server => backed.Server;

    protected override string[] StoreArgs => backed.Args;
}
