using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Grains;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Application.Login;

/// <summary>Login and the session's life, through <see cref="LoginService"/> on a real server without an edge.</summary>
public sealed class LoginServiceTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServiceHarness _app = new(shared.Server);

    private LoginService Login => _app.Get<LoginService>();

    private static Protocol.V1.RoomId Room(uint number) => new() { Number = number };

    private static EntryOptions Host => new(null, 0, null, new MediaFlags(false, false, false, false));

    private static EntryOptions Guest => new(null, 0, null, new MediaFlags(false, false, false, false));

    [Fact]
    public async Task Login_AttachesTheUser_AndALaterLoginForcesTheFirstOffline_With8050()
    {
        var first = await _app.LoggedInAsync("ls_twice");
        Assert.Equal("ls_twice", first.State.Login!.UserId);
        Assert.True(first.State.Login.TinyId > 0);

        var second = await _app.LoggedInAsync("ls_twice");

        var reason = await first.NextAsync<SessionEndReason>();
        Assert.Equal((ErrorModule.ILiveSDK, (int)ILiveErrorCode.KickOut), (reason.Module, reason.Code));
        Assert.Equal(first.State.Login.TinyId, second.State.Login!.TinyId);
    }

    [Fact]
    public async Task Login_WithATicketOfAnotherKey_IsRefusedAsTlsSdk_AndLeavesNoLogin()
    {
        var session = _app.NewSession();
        var forged = new UserSigGenerator(shared.Server.AppId, "not-the-app-key", shared.Server.Clock).GenUserSig("ls_forged", 3600);

        var e = await Assert.ThrowsAsync<LiveException>(() => Login.LoginAsync(session.State, new LoginRequest(shared.Server.AppId, "ls_forged", forged, 0, "")));

        Assert.Equal(ErrorModule.TLSSDK, e.ErrorModule);
        Assert.Null(session.State.Login);
    }

    [Fact]
    public async Task Login_Twice_OnOneSession_IsRefused_With8024()
    {
        var session = await _app.LoggedInAsync("ls_again");

        var e = await Assert.ThrowsAsync<LiveException>(() => Login.LoginAsync(session.State, _app.LoginOf("ls_again")));

        Assert.Equal((int)ILiveErrorCode.AlreadyState, e.Code);
    }

    [Fact]
    public void Authenticate_RefusesTheReservedSender_AndUnknownApps()
    {
        var reserved = Assert.Throws<LiveException>(() => Login.Authenticate(shared.Server.AppId, UserIdRules.Administrator, shared.Server.Sig(UserIdRules.Administrator), "test"));
        Assert.Equal((int)ILiveErrorCode.InvalidParam, reserved.Code);

        var unknown = Assert.Throws<LiveException>(() => Login.Authenticate(1234567, "ls_nowhere", shared.Server.Sig("ls_nowhere"), "test"));
        Assert.Equal((int)ILiveErrorCode.NotFound, unknown.Code);
    }

    [Fact]
    public async Task ResolveUsers_MapsBothWays_And1501ForAnUnknownTinyId()
    {
        var session = await _app.LoggedInAsync("ls_resolver");
        var other = await _app.LoggedInAsync("ls_resolved");
        var tinyId = other.State.Login!.TinyId;

        var resolved = Login.ResolveUsers(session.State, ["ls_resolved"], [tinyId]);

        Assert.Equal(new[] { ("ls_resolved", tinyId), ("ls_resolved", tinyId) }, resolved);
        var e = Assert.Throws<LiveException>(() => Login.ResolveUsers(session.State, [], [ulong.MaxValue]));
        Assert.Equal((ErrorModule.AVSDK, (int)AVErrorCode.TinyIdToOpenIdFailed), (e.ErrorModule, e.Code));
    }

    [Fact]
    public async Task DroppedSession_KeepsItsSeat_AndAResumingLoginTakesItBack()
    {
        var rooms = _app.Get<RoomEntryService>();
        var dropped = await _app.LoggedInAsync("ls_resumer");
        await rooms.EnterAsync(dropped.State, Room(9701), Host, creating: true);

        await Login.EndAsync(dropped.State, keepSeat: true);
        Assert.Null(dropped.State.Room);

        var resumed = _app.NewSession();
        var outcome = await Login.LoginAsync(resumed.State, _app.LoginOf("ls_resumer", dropped.State.Id.ToString("N")));

        Assert.NotNull(outcome.ResumedRoom);
        Assert.Equal("ls_resumer", outcome.ResumedRoom.Owner);
        Assert.True(resumed.State.Room!.IsOwner);
        await rooms.DismissAsync(resumed.State);
    }

    [Fact]
    public async Task Logout_LeavesTheRoom_AndTheOwnerSeesTheMemberGo()
    {
        var rooms = _app.Get<RoomEntryService>();
        var owner = await _app.LoggedInAsync("ls_owner");
        var guest = await _app.LoggedInAsync("ls_guest");
        await rooms.EnterAsync(owner.State, Room(9702), Host, creating: true);
        await rooms.EnterAsync(guest.State, Room(9702), Guest, creating: false);

        await Login.LogoutAsync(guest.State);

        Assert.Null(guest.State.Login);
        Assert.Null(guest.State.Room);
        Assert.Equal(["ls_owner"], (await rooms.GetMembersAsync(owner.State, null, [])).Select(m => m.UserId));
        await rooms.DismissAsync(owner.State);
    }
}
