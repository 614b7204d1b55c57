using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.LiveShow;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Grains;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Application.LiveShow;

/// <summary>Co-host invitations, kicks and mutes through <see cref="LiveShowService"/>; the room grain decides.</summary>
public sealed class LiveShowServiceTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServiceHarness _app = new(shared.Server);

    private LiveShowService LiveShow => _app.Get<LiveShowService>();

    private RoomEntryService Rooms => _app.Get<RoomEntryService>();

    private static EntryOptions Entry => new(null, 0, null, new MediaFlags(false, false, false, false));

    private async Task<(TestSession Owner, TestSession Guest)> ShowAsync(string prefix, uint room)
    {
        var owner = await _app.LoggedInAsync($"{prefix}_owner");
        var guest = await _app.LoggedInAsync($"{prefix}_guest");
        await Rooms.EnterAsync(owner.State, new RoomId { Number = room }, Entry, creating: true);
        await Rooms.EnterAsync(guest.State, new RoomId { Number = room }, Entry, creating: false);
        return (owner, guest);
    }

    [Fact]
    public async Task Invitation_ReachesTheInvitee_AndAcceptingMakesItACoHost()
    {
        var (owner, guest) = await ShowAsync("lss_invite", 9951);

        await LiveShow.InviteCoHostAsync(owner.State, "lss_invite_guest", 0);
        var invitation = await guest.NextAsync<ServerFrame>(f => f.Message is not null);
        Assert.Equal("lss_invite_owner", invitation.Message.Conversation.UserId);

        var room = await LiveShow.AnswerCoHostInviteAsync(guest.State, accept: true, coHostRole: null);

        Assert.Equal(RoleCatalog.CoHost, room.Self!.Role);
        var answer = await owner.NextAsync<ServerFrame>(f => f.Message is not null);
        Assert.Equal("lss_invite_guest", answer.Message.Conversation.UserId);
        var again = await Assert.ThrowsAsync<LiveException>(() => LiveShow.AnswerCoHostInviteAsync(guest.State, accept: true, coHostRole: null));
        Assert.Equal((int)AVErrorCode.AcceptFailed, again.Code);
        await Rooms.DismissAsync(owner.State);
    }

    [Fact]
    public async Task OnlyTheOwnerMayKick_AndTheKickedMemberIsToldWhy()
    {
        var (owner, guest) = await ShowAsync("lss_kick", 9952);

        var refused = await Assert.ThrowsAsync<LiveException>(() => LiveShow.KickMemberAsync(guest.State, "lss_kick_owner", "coup"));
        Assert.Equal((int)AVErrorCode.ServerNoPermission, refused.Code);

        await LiveShow.KickMemberAsync(owner.State, "lss_kick_guest", "spam");

        var removed = await guest.NextAsync<ServerFrame>(f => f.RoomDisconnected is not null);
        Assert.Contains("spam", removed.RoomDisconnected.Reason.Message, StringComparison.Ordinal);
        Assert.Null(guest.State.Room);
        await Rooms.DismissAsync(owner.State);
    }

    [Fact]
    public async Task AnInvitationOfMoreThanTenMinutes_IsRefused_With8021()
    {
        var (owner, _) = await ShowAsync("lss_long", 9953);

        var e = await Assert.ThrowsAsync<LiveException>(() => LiveShow.InviteCoHostAsync(owner.State, "lss_long_guest", 601));

        Assert.Equal((int)ILiveErrorCode.InvalidParam, e.Code);
        await Rooms.DismissAsync(owner.State);
    }
}
