using Microsoft.Data.Sqlite;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// Entering a room includes an IM step (joining its group). Here the step meets a real obstacle: the test holds an
/// exclusive write lock on the server's SQLite database, so the step's write is refused (busy) or waits.
/// </summary>
public sealed class ImRoomEntryTests
{
    [Fact]
    public async Task FailingImStep_UndoesTheEntry_With6999() =>
        await RunAsync([], expectedCode: 6999);

    [Fact]
    public async Task StalledImStep_UndoesTheEntry_With7000() =>
        await RunAsync(["--OpenLive:ImStepTimeout=00:00:01"], expectedCode: 7000);

    private static async Task RunAsync(string[] args, int expectedCode)
    {
        await using var server = await TestServer.StartAsync(null, args);
        await using var host = await server.LoggedInClientAsync("ims_host");
        await using var viewer = await server.LoggedInClientAsync("ims_viewer");
        var hostRoom = await host.CreateRoomAsync(9401, LiveRoomOptions.Host());
        var events = new List<MemberEventId>();
        hostRoom.MemberEvent += (_, e) => { lock (events) { events.Add(e.EventId); } };

        using (var blocker = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "openlive.db")}"))
        {
            blocker.Open();
            using var hold = blocker.CreateCommand();
            hold.CommandText = "BEGIN EXCLUSIVE;";
            hold.ExecuteNonQuery();

            var e = await Assert.ThrowsAsync<LiveException>(() => viewer.JoinRoomAsync(9401, LiveRoomOptions.Audience()));
            Assert.Equal(("AVSDK", expectedCode), (e.Module, e.Code));
            hold.CommandText = "ROLLBACK;";
            hold.ExecuteNonQuery();
        }

        Assert.Null(viewer.CurrentRoom);
        Assert.Equal(["ims_host"], (await hostRoom.GetMembersAsync()).Select(m => m.UserId)); // the entry was undone
        var room = await viewer.JoinRoomAsync(9401, LiveRoomOptions.Audience()); // and works once the store is free
        Assert.True(room.IsEntered);
    }
}
