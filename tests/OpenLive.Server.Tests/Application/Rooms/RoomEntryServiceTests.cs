using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Grains;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Application.Rooms;

/// <summary>Entering, switching, leaving and roles, through <see cref="RoomEntryService"/> on real room grains.</summary>
public sealed class RoomEntryServiceTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly MediaFlags NoMedia = new(false, false, false, false);
    private readonly ServiceHarness _app = new(shared.Server);

    private RoomEntryService Rooms => _app.Get<RoomEntryService>();

    private static RoomId Room(uint number) => new() { Number = number };

    private static EntryOptions As(string? role = null) => new(role, 0, null, NoMedia);

    [Fact]
    public async Task Create_ThenJoin_BothSeeTheRoom_AndTheOwnerHearsTheNewMember()
    {
        var owner = await _app.LoggedInAsync("re_owner");
        var guest = await _app.LoggedInAsync("re_guest");

        var created = await Rooms.EnterAsync(owner.State, Room(9801), As(), creating: true);
        var joined = await Rooms.EnterAsync(guest.State, Room(9801), As(), creating: false);

        Assert.Equal(("re_owner", "re_owner", RoleCatalog.Host), (created.Owner, created.Self!.UserId, created.Self.Role));
        Assert.Equal(["re_guest", "re_owner"], joined.Members.Select(m => m.UserId).Order());
        Assert.Equal((uint)AuthBits.Audience, joined.Self!.AuthBits);
        Assert.True(owner.State.Room!.IsOwner);
        Assert.False(guest.State.Room!.IsOwner);
        var pushed = await owner.NextAsync<ServerFrame>(f => f.MemberEvent is not null);
        Assert.Equal(((uint)MemberEventId.In, "re_guest"), (pushed.MemberEvent.EventId, pushed.MemberEvent.Members.Single().UserId));
        await Rooms.DismissAsync(owner.State);
    }

    [Fact]
    public async Task EnteringASecondRoom_IsRefused_WhileSwitchingMovesTheMember()
    {
        var ownerA = await _app.LoggedInAsync("re_owner_a");
        var ownerB = await _app.LoggedInAsync("re_owner_b");
        var guest = await _app.LoggedInAsync("re_switcher");
        await Rooms.EnterAsync(ownerA.State, Room(9802), As(), creating: true);
        await Rooms.EnterAsync(ownerB.State, Room(9803), As(), creating: true);
        await Rooms.EnterAsync(guest.State, Room(9802), As(), creating: false);

        var refused = await Assert.ThrowsAsync<LiveException>(() => Rooms.EnterAsync(guest.State, Room(9803), As(), creating: false));
        Assert.Equal((int)ILiveErrorCode.AlreadyInRoom, refused.Code);

        var switched = await Rooms.SwitchAsync(guest.State, Room(9803), As());

        Assert.Equal(["re_owner_b", "re_switcher"], switched.Members.Select(m => m.UserId).Order());
        Assert.Equal(9803u, guest.State.Room!.Name.Number);
        Assert.Equal(["re_owner_a"], (await Rooms.GetMembersAsync(ownerA.State, null, [])).Select(m => m.UserId));
        await Rooms.DismissAsync(ownerA.State);
        await Rooms.DismissAsync(ownerB.State);
    }

    [Fact]
    public async Task ChangeRole_GivesTheRolesBits_AndTheSameRoleAgainIs8024()
    {
        var owner = await _app.LoggedInAsync("re_role_owner");
        var guest = await _app.LoggedInAsync("re_role_guest");
        await Rooms.EnterAsync(owner.State, Room(9804), As(), creating: true);
        // A privateMapKey vouches for the send bits; without one only the owner's invitation gives them (below).
        var key = new UserSigGenerator(shared.Server.AppId, shared.Server.Key).GenPrivateMapKey("re_role_guest", 300, 9804u, AuthBits.CoHost);
        await Rooms.EnterAsync(guest.State, Room(9804), new EntryOptions(RoleCatalog.Audience, 0, key, NoMedia), creating: false);

        var changed = await Rooms.ChangeRoleAsync(guest.State, RoleCatalog.CoHost);

        Assert.Equal((RoleCatalog.CoHost, (uint)AuthBits.CoHost), (changed.Self!.Role, changed.Self.AuthBits));
        Assert.Equal((uint)AuthBits.CoHost, guest.State.Room!.RoleBits);
        var again = await Assert.ThrowsAsync<LiveException>(() => Rooms.ChangeRoleAsync(guest.State, RoleCatalog.CoHost));
        Assert.Equal((int)ILiveErrorCode.AlreadyState, again.Code);
        await Rooms.DismissAsync(owner.State);
    }

    [Fact]
    public async Task WithoutAKey_ANonOwnersSendingRole_Is10003_AtEntryAndByRoleChange()
    {
        var owner = await _app.LoggedInAsync("re_self_owner");
        var guest = await _app.LoggedInAsync("re_self_guest");
        await Rooms.EnterAsync(owner.State, Room(9809), As(), creating: true);

        var atEntry = await Assert.ThrowsAsync<LiveException>(() => Rooms.EnterAsync(guest.State, Room(9809), As(RoleCatalog.CoHost), creating: false));
        Assert.Equal((ErrorModule.AVSDK, (int)AVErrorCode.ServerNoPermission), (atEntry.ErrorModule, atEntry.Code));
        Assert.Null(guest.State.Room);

        await Rooms.EnterAsync(guest.State, Room(9809), As(), creating: false);
        var byChange = await Assert.ThrowsAsync<LiveException>(() => Rooms.ChangeRoleAsync(guest.State, RoleCatalog.CoHost));
        Assert.Equal((int)AVErrorCode.ServerNoPermission, byChange.Code);
        Assert.Equal((uint)AuthBits.Audience, guest.State.Room!.RoleBits);
        Assert.Equal((uint)AuthBits.Audience, (await Rooms.GetMembersAsync(owner.State, null, ["re_self_guest"])).Single().AuthBits);
        await Rooms.DismissAsync(owner.State);
    }

    [Fact]
    public async Task OwnerQuitting_DisbandsTheRoom_AndTheMembersAreTold()
    {
        var owner = await _app.LoggedInAsync("re_quit_owner");
        var guest = await _app.LoggedInAsync("re_quit_guest");
        await Rooms.EnterAsync(owner.State, Room(9805), As(), creating: true);
        await Rooms.EnterAsync(guest.State, Room(9805), As(), creating: false);

        await Rooms.QuitAsync(owner.State);

        var closed = await guest.NextAsync<ServerFrame>(f => f.RoomDisbanded is not null);
        Assert.Equal(9805u, closed.RoomDisbanded.RoomId.Number);
        Assert.Null(owner.State.Room);
        Assert.Null(guest.State.Room);
    }

    [Fact]
    public async Task JoiningARoomThatDoesNotExist_Is10009_AndLeavesTheSessionOutside()
    {
        var guest = await _app.LoggedInAsync("re_lost");

        var e = await Assert.ThrowsAsync<LiveException>(() => Rooms.EnterAsync(guest.State, Room(9806), As(), creating: false));

        Assert.Equal((ErrorModule.AVSDK, (int)AVErrorCode.ServerRoomNotExist), (e.ErrorModule, e.Code));
        Assert.Null(guest.State.Room);
    }

    [Fact]
    public async Task AClientCanOnlyNarrowItsBits()
    {
        var owner = await _app.LoggedInAsync("re_bits_owner");
        await Rooms.EnterAsync(owner.State, Room(9807), As(), creating: true);

        var narrowed = await Rooms.ChangeAuthorityAsync(owner.State, (ulong)(AuthBits.JoinRoom | AuthBits.ReceiveAudio), privateMapKey: null);

        Assert.Equal((uint)(AuthBits.JoinRoom | AuthBits.ReceiveAudio), narrowed.Self!.AuthBits);
        await Rooms.DismissAsync(owner.State);
    }

    [Fact]
    public void MediaOnlyGrants_PublishersCreateAsHosts_PlayersJoinAsAudience()
    {
        var user = _app.Get<LoginService>().Authenticate(shared.Server.AppId, "re_whip", shared.Server.Sig("re_whip"), "test");
        var (_, name) = RoomEntryService.Identify(shared.Server.AppId, Room(9808));

        var publisher = Rooms.GrantMediaOnly(user, name, role: null, privateMapKey: null, publishing: true);
        var player = Rooms.GrantMediaOnly(user, name, role: null, privateMapKey: null, publishing: false);

        Assert.Equal((RoleCatalog.Host, (uint)AuthBits.All, true), (publisher.RoleName, publisher.Bits, publisher.Creating));
        Assert.Equal((RoleCatalog.Audience, (uint)AuthBits.Audience, false), (player.RoleName, player.Bits, player.Creating));
    }
}
