using Microsoft.Data.Sqlite;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// The message store fails for real: the test holds an exclusive write lock on the server's SQLite database, so a
/// send cannot commit. The failure is an IMSDK error (20005 one-to-one, 10002 group), nothing is stored or delivered,
/// and the same send with the same client message id goes through once the store is free.
/// </summary>
public sealed class ImStoreFailureTests
{
    [Fact]
    public async Task FailingStore_IsAnImSdkError_AndLosesNothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.LoggedInClientAsync("isf_alice");
        await using var bob = await server.LoggedInClientAsync("isf_bob");
        var aliceRoom = await alice.CreateRoomAsync(9411, LiveRoomOptions.Host());
        await bob.JoinRoomAsync(9411, LiveRoomOptions.Audience());
        var received = new List<string>();
        using var arrived = new SemaphoreSlim(0);
        bob.MessageReceived += (_, e) =>
        {
            lock (received)
            {
                received.Add(e.Message.Text);
            }

            arrived.Release();
        };

        var direct = LiveMessage.Text("to bob");
        direct.ClientMessageId = "isf-1";
        var toRoom = LiveMessage.Text("to the room");
        toRoom.ClientMessageId = "isf-2";
        using (var blocker = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "openlive.db")}"))
        {
            blocker.Open();
            using var hold = blocker.CreateCommand();
            hold.CommandText = "BEGIN EXCLUSIVE;";
            hold.ExecuteNonQuery();

            var c2c = await Assert.ThrowsAsync<LiveException>(() => alice.SendC2CMessageAsync("isf_bob", direct));
            Assert.Equal(("IMSDK", ImErrors.MessageInternalError), (c2c.Module, c2c.Code));
            var group = await Assert.ThrowsAsync<LiveException>(() => aliceRoom.SendMessageAsync(toRoom));
            Assert.Equal(("IMSDK", ImErrors.GroupInternalError), (group.Module, group.Code));

            hold.CommandText = "ROLLBACK;";
            hold.ExecuteNonQuery();
        }

        Assert.Empty(await alice.GetMessagesAsync(ConversationRef.WithUser("isf_bob")));
        Assert.Empty(await aliceRoom.GetMessagesAsync());
        lock (received)
        {
            Assert.Empty(received);
        }

        // The retries (same client ids) are the first and only copies.
        Assert.Equal(1UL, (await alice.SendC2CMessageAsync("isf_bob", direct)).Seq);
        Assert.Equal(1UL, (await aliceRoom.SendMessageAsync(toRoom)).Seq);
        Assert.True(await arrived.WaitAsync(Events.Timeout));
        Assert.True(await arrived.WaitAsync(Events.Timeout));
        lock (received)
        {
            Assert.Equal(["to bob", "to the room"], received.Order());
        }

        Assert.Single(await alice.GetMessagesAsync(ConversationRef.WithUser("isf_bob")));
    }
}
