using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Grains;
using OpenLive.Server.Tests.Application;
using OpenLive.Sfu;
using OpenLive.Testing;
using Orleans.Core.Internal;
using ReceivedTrack = OpenLive.Server.Grains.ReceivedTrack;

namespace OpenLive.Server.Tests.Grains;

/// <summary>
/// The room grain through its role interfaces, on a real in-process silo: results are typed values or errors as data,
/// and the SFU's callbacks become member events and typed subscriber offers.
/// </summary>
public sealed class RoomGrainTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly RoomVideo NoVideo = new(0, 0, 0, 0);
    private static readonly MediaFlags NoMedia = new(false, false, false, false);
    private readonly ServiceHarness _app = new(shared.Server);

    private IGrainFactory GrainFactory => _app.Get<IGrainFactory>();

    private string KeyOf(uint room) => RoomKeys.Validate(shared.Server.AppId, new RoomId { Number = room }).GrainKey;

    private RoomName Name(uint room) => new(room, null, RoomKeys.Validate(shared.Server.AppId, new RoomId { Number = room }).GroupId);

    private RoomEntrant Entrant(TestSession session, string role, uint bits) =>
        new(session.State.Login!.UserId, session.State.Login.TinyId, session.State.Id, session.State.Reference!, role, bits, NoVideo, NoMedia, _app.Fanout.Reference);

    [Fact]
    public async Task Create_ReturnsTheRoomAsTheOwnerSeesIt_AndASecondCreateIs8004AsData()
    {
        var owner = await _app.LoggedInAsync("rg_owner");
        var room = GrainFactory.GetGrain<IRoomMembership>(KeyOf(9601));

        var created = await room.Create(Name(9601), Entrant(owner, "LiveMaster", (uint)AuthBits.All));
        var again = await room.Create(Name(9601), Entrant(owner, "LiveMaster", (uint)AuthBits.All));

        Assert.True(created.Succeeded);
        Assert.Equal(("rg_owner", "rg_owner", (uint)AuthBits.All), (created.Value!.Owner, created.Value.Self!.UserId, created.Value.Self.AuthBits));
        Assert.Equal(new RoomError(ErrorModule.ILiveSDK, (int)ILiveErrorCode.AlreadyExist, again.Error!.Detail), again.Error);
        Assert.Null(again.Value);
        (await GrainFactory.GetGrain<IRoomAdministration>(KeyOf(9601)).AdminDismiss()).ThrowIfFailed();
    }

    [Fact]
    public async Task JoinsQueuedBehindAMissingRoomsAnswer_AndTheCreateAmongThem_AreAnsweredNotRejected()
    {
        // Members waiting for a room ask again and again (openlive load's do) while its host creates it. Each 10009
        // used to deactivate the activation at once, the queued calls were forwarded from one short-lived activation to
        // the next, and past two forwards Orleans rejected them: 10001 for a create or a join.
        const uint Room = 9612;
        var key = KeyOf(Room);
        var owner = await _app.LoggedInAsync("rg_race_owner");
        var guests = new List<TestSession>();
        for (var i = 1; i <= 8; i++)
        {
            guests.Add(await _app.LoggedInAsync($"rg_race{i}"));
        }

        var membership = GrainFactory.GetGrain<IRoomMembership>(key);
        var joins = guests.Take(4).Select(g => membership.Join(Entrant(g, "Guest", (uint)AuthBits.Audience))).ToList();
        var create = membership.Create(Name(Room), Entrant(owner, "LiveMaster", (uint)AuthBits.All));
        joins.AddRange(guests.Skip(4).Select(g => membership.Join(Entrant(g, "Guest", (uint)AuthBits.Audience))));

        // Calls are not ordered among themselves: a join is answered before or after the create, never rejected.
        Assert.True((await create).Succeeded);
        var answers = await Task.WhenAll(joins);
        Assert.All(answers, joined => Assert.True(joined.Succeeded || joined.Error!.Code == (int)AVErrorCode.ServerRoomNotExist, joined.Error?.ToString()));
        for (var i = 0; i < guests.Count; i++)
        {
            if (!answers[i].Succeeded)
            {
                Assert.True((await membership.Join(Entrant(guests[i], "Guest", (uint)AuthBits.Audience))).Succeeded);
            }
        }

        (await GrainFactory.GetGrain<IRoomAdministration>(key).AdminDismiss()).ThrowIfFailed();
    }

    [Fact]
    public async Task AMissingRoom_Is10009_ForMembersAndAdministrators()
    {
        var key = KeyOf(9602);
        var guest = await _app.LoggedInAsync("rg_nobody");

        var joined = await GrainFactory.GetGrain<IRoomMembership>(key).Join(Entrant(guest, "Guest", (uint)AuthBits.Audience));
        var state = await GrainFactory.GetGrain<IRoomAdministration>(key).AdminState();
        var media = await GrainFactory.GetGrain<IRoomAdministration>(key).AdminMediaStats();

        Assert.Equal((int)AVErrorCode.ServerRoomNotExist, joined.Error!.Code);
        Assert.Equal((int)AVErrorCode.ServerRoomNotExist, state.Error!.Code);
        Assert.Null(media);
    }

    [Fact]
    public async Task MediaRequestsOfANonMember_Are10006_AndNamedNonMembersAre10010()
    {
        var owner = await _app.LoggedInAsync("rg_media_owner");
        var key = KeyOf(9603);
        (await GrainFactory.GetGrain<IRoomMembership>(key).Create(Name(9603), Entrant(owner, "LiveMaster", (uint)AuthBits.All))).GetValueOrThrow();

        var publish = await GrainFactory.GetGrain<IRoomMedia>(key).Publish("rg_stranger", Guid.NewGuid(), "v=0", []);
        var members = await GrainFactory.GetGrain<IRoomMembership>(key).GetMembers("rg_media_owner", ["rg_stranger"]);

        Assert.Equal((ErrorModule.AVSDK, (int)AVErrorCode.ServerIdNotInRoom), (publish.Error!.Module, publish.Error.Code));
        Assert.Equal((int)AVErrorCode.ServerEndpointNotExist, members.Error!.Code);
        (await GrainFactory.GetGrain<IRoomAdministration>(key).AdminDismiss()).ThrowIfFailed();
    }

    [Fact]
    public async Task SfuCallbacks_BecomeMemberEvents_AndTypedSubscriberOffers()
    {
        var owner = await _app.LoggedInAsync("rg_cb_owner");
        var guest = await _app.LoggedInAsync("rg_cb_guest");
        var key = KeyOf(9604);
        (await GrainFactory.GetGrain<IRoomMembership>(key).Create(Name(9604), Entrant(owner, "LiveMaster", (uint)AuthBits.All))).GetValueOrThrow();
        (await GrainFactory.GetGrain<IRoomMembership>(key).Join(Entrant(guest, "Guest", (uint)AuthBits.Audience))).GetValueOrThrow();
        var callbacks = GrainFactory.GetGrain<IRoomMediaCallbacks>(key);

        await callbacks.OnMediaTrack("rg_cb_owner", MediaTrackSource.Audio, started: true);
        var hasAudio = await guest.NextAsync<ServerFrame>(f => f.MemberEvent is not null && f.MemberEvent.EventId == (uint)MemberEventId.HasAudio);
        Assert.True(hasAudio.MemberEvent.Members.Single().HasAudio);

        var offer = new SubscriberOfferPush("v=0 offer", 3, [new ReceivedTrack("0", "rg_cb_owner", MediaTrackSource.Audio)]);
        await callbacks.OnSubscriberOffer("rg_cb_guest", offer);
        var pushed = await guest.NextAsync<SubscriberOfferPush>();
        Assert.Equal((offer.Sdp, offer.Revision, offer.Tracks.Single()), (pushed.Sdp, pushed.Revision, pushed.Tracks.Single()));
        (await GrainFactory.GetGrain<IRoomAdministration>(key).AdminDismiss()).ThrowIfFailed();
    }

    [Fact]
    public async Task ARoomGrainThatDeactivates_ClosesItsMediaRoom()
    {
        // The SFU room lives on the grain's node and belongs to its activation: a grain that goes away (idle collection,
        // a node draining) must not leave its members' connections and tracks running in the SFU with nobody to end them.
        var owner = await _app.LoggedInAsync("rg_deact_owner");
        var key = KeyOf(9690);
        var sfu = _app.Get<SfuEngine>();
        (await GrainFactory.GetGrain<IRoomMembership>(key).Create(Name(9690), Entrant(owner, "LiveMaster", (uint)AuthBits.All))).GetValueOrThrow();
        (await GrainFactory.GetGrain<IRoomMedia>(key).RequestViews("rg_deact_owner", owner.State.Id, [])).ThrowIfFailed();
        Assert.True(sfu.TryGetRoom(key, out var media));

        await GrainFactory.GetGrain<IRoomMembership>(key).AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        // Deactivation runs after the current call returns: wait (bounded) for its effect, no fixed sleep.
        var deadline = DateTime.UtcNow + Events.Timeout;
        while (sfu.TryGetRoom(key, out _) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.False(sfu.TryGetRoom(key, out _), "the SFU room outlived its grain");
        Assert.Equal(MediaErrorKind.RoomClosed, media.SetViews("rg_deact_owner", []).Error?.Kind);
    }

    [Fact]
    public async Task ARoomRemembersAtMostMaxRememberedRemovedUsers_ThenRefusesKicksWith10001()
    {
        var owner = await _app.LoggedInAsync("rg_cap_owner");
        var key = KeyOf(9691);
        var membership = GrainFactory.GetGrain<IRoomMembership>(key);
        var liveShow = GrainFactory.GetGrain<IRoomLiveShow>(key);
        (await membership.Create(Name(9691), Entrant(owner, "LiveMaster", (uint)AuthBits.All))).GetValueOrThrow();
        var guest = Entrant(owner, "Guest", (uint)AuthBits.Audience); // one observer stands in for every kicked user's session

        for (var i = 0; i <= RoomGrain.MaxRemembered; i++)
        {
            var userId = $"rg_cap_{i}";
            (await membership.Join(guest with { UserId = userId, SessionId = Guid.NewGuid() })).GetValueOrThrow();
            var kicked = await liveShow.KickMember("rg_cap_owner", owner.State.Id, userId, string.Empty);
            if (i < RoomGrain.MaxRemembered)
            {
                kicked.ThrowIfFailed();
            }
            else
            {
                Assert.Equal((ErrorModule.AVSDK, (int)AVErrorCode.ServerFailed), (kicked.Error!.Module, kicked.Error.Code));
            }
        }

        Assert.Equal((int)AVErrorCode.ServerNoPermission, (await membership.Join(guest with { UserId = "rg_cap_0", SessionId = Guid.NewGuid() })).Error!.Code);
        (await GrainFactory.GetGrain<IRoomAdministration>(key).AdminDismiss()).ThrowIfFailed();
    }
}
