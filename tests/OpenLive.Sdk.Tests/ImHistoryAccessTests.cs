using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>Who reads a room's history: its current members only, and only that room's messages. Run with SQLite and with PostgreSQL message stores.</summary>
public abstract class ImHistoryAccessContract
{
    protected abstract TestServer Server { get; }

    [Fact]
    public async Task NumericAndStringRoomsWithTheSameDigits_HaveSeparateGroupsAndHistories()
    {
        await using var numericHost = await Server.LoggedInClientAsync("hist_num");
        await using var textHost = await Server.LoggedInClientAsync("hist_text");
        var numeric = await numericHost.CreateRoomAsync(9561, LiveRoomOptions.Host());
        var text = await textHost.CreateRoomAsync(LiveRoomId.FromString("9561"), LiveRoomOptions.Host());
        Assert.Equal("9561", numeric.GroupId); // numeric rooms keep their group ids (stored history depends on them)
        Assert.NotEqual(numeric.GroupId, text.GroupId);

        await numeric.SendMessageAsync(LiveMessage.Text("in the numeric room"));
        await text.SendMessageAsync(LiveMessage.Text("in the string room"));
        Assert.Equal(["in the numeric room"], (await numeric.GetMessagesAsync()).Select(m => m.Text));
        Assert.Equal(["in the string room"], (await text.GetMessagesAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task FormerMember_CannotReadTheRoomsHistory_10006()
    {
        await using var host = await Server.LoggedInClientAsync("hist_host");
        await using var viewer = await Server.LoggedInClientAsync("hist_viewer");
        var hostRoom = await host.CreateRoomAsync(9562, LiveRoomOptions.Host());
        var room = await viewer.JoinRoomAsync(9562, LiveRoomOptions.Audience());
        await hostRoom.SendMessageAsync(LiveMessage.Text("members only"));
        Assert.Equal(["members only"], (await room.GetMessagesAsync()).Select(m => m.Text));
        await viewer.SendGroupMessageAsync(LiveMessage.Text("the viewer wrote here too"));

        await room.QuitAsync();
        await hostRoom.SendMessageAsync(LiveMessage.Text("after the viewer left"));
        var refused = await Assert.ThrowsAsync<LiveException>(() => viewer.GetMessagesAsync(ConversationRef.InGroup(hostRoom.GroupId)));
        Assert.Equal(("AVSDK", (int)AVErrorCode.ServerIdNotInRoom), (refused.Module, refused.Code));

        // Back in the room, the history is readable again.
        var back = await viewer.JoinRoomAsync(9562, LiveRoomOptions.Audience());
        Assert.Contains("after the viewer left", (await back.GetMessagesAsync()).Select(m => m.Text));
    }

    [Theory]
    [InlineData(uint.MaxValue)]
    [InlineData(int.MaxValue + 1u)]
    [InlineData(101u)]
    public async Task HistoryCountAboveThePage_Is8021(uint count)
    {
        await using var raw = await RawSocket.ConnectAsync(Server.Url);
        var user = $"hist_count_{count}";
        await raw.SendAsync(new ClientFrame { RequestId = 1, Login = new Login { SdkAppId = Server.AppId, UserId = user, UserSig = Server.Sig(user), ProtocolVersion = Protocol.ProtocolVersion.Current } });
        Assert.Equal(ServerFrame.BodyOneofCase.Login, (await raw.ReceiveAsync())!.BodyCase);
        await raw.SendAsync(new ClientFrame { RequestId = 2, GetMessages = new GetMessages { Conversation = new Conversation { UserId = "hist_num" }, Count = count } });
        var reply = (await raw.ReceiveAsync())!;
        Assert.Equal((2u, "ILiveSDK", (int)ILiveErrorCode.InvalidParam), (reply.RequestId, reply.Error?.Module, reply.Error?.Code));
    }
}

public sealed class ImHistoryAccessTests(SharedServer shared) : ImHistoryAccessContract, IClassFixture<SharedServer>
{
    protected override TestServer Server => shared.Server;
}

public sealed class PostgresImHistoryAccessTests(PostgresBackedServer backed) : ImHistoryAccessContract, IClassFixture<PostgresBackedServer>
{
    protected override TestServer Server => backed.Server;
}
