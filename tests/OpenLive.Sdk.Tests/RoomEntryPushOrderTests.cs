using Microsoft.Data.Sqlite;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// A member being admitted to a room can get the room's pushes before the answer to its entry: the room grain admits it,
/// then the session's IM step runs. A client drops such pushes (it has no room yet), and a dropped subscriber offer
/// stalls the member's media for good, so the session holds them until the answer is out. Here the test makes the IM
/// step wait (an exclusive lock on the server's SQLite database) and pushes to the entering member meanwhile.
/// </summary>
public sealed class RoomEntryPushOrderTests
{
    [Fact]
    public async Task PushesRaisedWhileAnEntryIsAnswered_ComeAfterTheAnswer()
    {
        await using var server = await TestServer.StartAsync();
        await using var host = await server.LoggedInClientAsync("order_host");
        var hostRoom = await host.CreateRoomAsync(9501, LiveRoomOptions.Host());
        var admitted = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == MemberEventId.In);
        await using var raw = await RawSocket.ConnectAsync(server.Url);
        await raw.SendAsync(new ClientFrame { RequestId = 1, Login = new Login { SdkAppId = server.AppId, UserId = "order_viewer", UserSig = server.Sig("order_viewer") } });
        Assert.Equal(ServerFrame.BodyOneofCase.Login, (await raw.ReceiveAsync())!.BodyCase);

        using (var blocker = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "openlive.db")}"))
        {
            blocker.Open();
            using var hold = blocker.CreateCommand();
            hold.CommandText = "BEGIN EXCLUSIVE;";
            hold.ExecuteNonQuery();

            await raw.SendAsync(new ClientFrame
            {
                RequestId = 2,
                JoinRoom = new JoinRoom { RoomId = new RoomId { Number = 9501 }, Options = new RoomOptions { ControlRole = "Guest" } },
            });
            await admitted; // in the room's member list; its IM step now waits for the lock
            await hostRoom.ChangeAuthorityAsync(AuthBits.CoHost); // pushes MemberUpdated to every other member

            hold.CommandText = "ROLLBACK;";
            hold.ExecuteNonQuery();
        }

        var answer = await raw.ReceiveAsync();
        Assert.Equal((2ul, ServerFrame.BodyOneofCase.Room), (answer!.RequestId, answer.BodyCase));
        var push = await raw.ReceiveAsync();
        Assert.Equal(ServerFrame.BodyOneofCase.MemberUpdated, push!.BodyCase);
        Assert.Equal("order_host", push.MemberUpdated.Member.UserId);
    }
}
