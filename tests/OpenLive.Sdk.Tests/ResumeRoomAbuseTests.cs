using OpenLive.Protocol.V1;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// <c>Login.resume_room</c> (a client whose node died names the room it was in) hands a seat back only to the session
/// that held it: the seat's user, with that session's resume token. Another user with a stolen token, a guessed token,
/// or a room the user was never in gets a plain login and no seat — and the seat stays its owner's.
/// </summary>
public sealed class ResumeRoomAbuseTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public async Task ASeatGoesBackOnlyToItsSessionsToken_NotToAStolenOrGuessedOne()
    {
        const uint Room = 9401;
        var roomId = new RoomId { Number = Room };

        // The owner: creates the room, then its connection dies (the seat is kept for the resume window).
        await using var owner = await RawSocket.ConnectAsync(Server.Url);
        var ownerLogin = await LoginAsync(owner, 1, "ra_owner", resumeToken: "", resumeRoom: null);
        await owner.SendAsync(new ClientFrame { RequestId = 2, CreateRoom = new CreateRoom { RoomId = roomId, Options = new RoomOptions { ControlRole = "LiveMaster" } } });
        Assert.Null((await AnswerAsync(owner, 2)).Error);
        owner.Abort();

        // Another user with the owner's token, naming the owner's room: logged in as itself, no seat.
        await using var thief = await RawSocket.ConnectAsync(Server.Url);
        var stolen = await LoginAsync(thief, 1, "ra_thief", ownerLogin.ResumeToken, roomId);
        Assert.Null(stolen.Room);
        Assert.False(stolen.Resumed);

        // The owner's own user with a guessed token (on another device class: a second login of the same class would
        // rightly end the parked session): no seat either.
        await using var guesser = await RawSocket.ConnectAsync(Server.Url);
        var guessed = await LoginAsync(guesser, 1, "ra_owner", Guid.NewGuid().ToString("N"), roomId, device: "tablet");
        Assert.Null(guessed.Room);
        await guesser.DisposeAsync();

        // A token for a room its session was never in: nothing.
        await using var wanderer = await RawSocket.ConnectAsync(Server.Url);
        var wanderLogin = await LoginAsync(wanderer, 1, "ra_wanderer", resumeToken: "", resumeRoom: null);
        wanderer.Abort();
        await using var wandererAgain = await RawSocket.ConnectAsync(Server.Url);
        var elsewhere = await LoginAsync(wandererAgain, 1, "ra_wanderer", wanderLogin.ResumeToken, roomId);
        Assert.Null(elsewhere.Room);

        // The room holds its owner only (parked) — none of them took a seat — and the owner's real token still works.
        await using var viewer = await Server.LoggedInClientAsync("ra_viewer");
        var room = await viewer.JoinRoomAsync(Room, LiveRoomOptions.Audience());
        Assert.Equal(["ra_owner", "ra_viewer"], (await room.GetMembersAsync()).Select(m => m.UserId).Order());
        await using var ownerAgain = await RawSocket.ConnectAsync(Server.Url);
        var resumed = await LoginAsync(ownerAgain, 1, "ra_owner", ownerLogin.ResumeToken, roomId);
        Assert.Equal("ra_owner", resumed.Room?.OwnerUserId);
    }

    private async Task<LoginResult> LoginAsync(RawSocket socket, uint requestId, string userId, string resumeToken, RoomId? resumeRoom, string device = "")
    {
        var login = new Login { SdkAppId = Server.AppId, UserId = userId, UserSig = Server.Sig(userId), ProtocolVersion = 1, ResumeToken = resumeToken, Device = device };
        if (resumeRoom is not null)
        {
            login.ResumeRoom = resumeRoom;
        }

        await socket.SendAsync(new ClientFrame { RequestId = requestId, Login = login });
        var answer = await AnswerAsync(socket, requestId);
        Assert.Null(answer.Error);
        return answer.Login;
    }

    /// <summary>The answer to <paramref name="requestId"/>, past any push before it.</summary>
    private static async Task<ServerFrame> AnswerAsync(RawSocket socket, uint requestId)
    {
        while (true)
        {
            var frame = await socket.ReceiveAsync() ?? throw new InvalidOperationException("the connection closed");
            if (frame.RequestId == requestId)
            {
                return frame;
            }
        }
    }
}
