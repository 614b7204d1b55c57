using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Application.Messaging;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Application.Rooms;

/// <summary>
/// Rooms from a session's side: one room at a time, permission bits granted here (role, then privateMapKey; a client
/// can only narrow them), membership and fan-out in the room grain (<see cref="IRoomMembership"/>), which also decides
/// whether a member who is not the owner may hold send bits (only vouched for, or by the owner's invitation). Entering has an IM
/// step (joining the room's group) that undoes the entry when it fails, as AVSDK reported it.
/// </summary>
internal sealed class RoomEntryService(
    IGrainFactory grains,
    RoleCatalog roles,
    MessagingService messaging,
    [FromKeyedServices(ServerClock.Key)] TimeProvider time,
    IOptions<ServerOptions> options)
{
    private readonly ServerOptions _options = options.Value;

    /// <summary>Creates (<paramref name="creating"/>) or joins a room; the snapshot is the room as the new member sees it.</summary>
    /// <exception cref="LiveException">AlreadyInRoom or RepeatedOperation, a bad id or role, 10003 refused bits, 8004 exists, 10009 missing, 6999/7000 IM step.</exception>
    public async Task<RoomSnapshot> EnterAsync(ClientSession session, RoomId? roomId, EntryOptions entry, bool creating)
    {
        var login = session.RequireLogin();
        var (key, name, entrant, roleBits, keyBits) = PrepareEntry(session, login, roomId, entry, creating);
        if (session.Room is { } current)
        {
            throw current.Key == key
                ? new LiveException(AVErrorCode.ServerRepeatedOperation, $"already in room {current.Name.Describe()}")
                : new LiveException(ILiveErrorCode.AlreadyInRoom, $"already in room {current.Name.Describe()}; quit or switch first");
        }

        var grain = grains.GetGrain<IRoomMembership>(key);
        var result = creating ? await grain.Create(name, entrant).ConfigureAwait(false) : await grain.Join(entrant).ConfigureAwait(false);
        var snapshot = result.GetValueOrThrow();
        await JoinGroupOrRollBackAsync(session, login, grain, name.GroupId).ConfigureAwait(false);
        session.SetRoom(new SessionRoom(key, name, creating, roleBits, keyBits));
        return snapshot;
    }

    /// <summary>
    /// Enters a call's room (created by its sponsor, joined by an invitee the call grain let in): every participant
    /// publishes and receives, as in CallSDK, with the host role's video parameters. Only the call service calls this —
    /// no client request can name a call room's key (<see cref="CallRooms"/>).
    /// </summary>
    /// <exception cref="LiveException">8010 when the session is in a room; the room's and the IM step's errors.</exception>
    public async Task<RoomSnapshot> EnterCallRoomAsync(ClientSession session, ulong callId, bool creating)
    {
        var login = session.RequireLogin();
        if (session.Room is { } current)
        {
            throw new LiveException(ILiveErrorCode.AlreadyInRoom, $"already in room {current.Name.Describe()}; quit it before a call");
        }

        var key = CallRooms.RoomKey(login.SdkAppId, callId);
        var name = CallRooms.RoomName(callId);
        var (roleName, role) = roles.Resolve(RoleCatalog.Host, creating: true);
        var bits = RoomGrants.Grant(role.AuthBits, 0, creating);
        var entrant = new RoomEntrant(login.UserId, login.TinyId, session.Id, session.Reference!, roleName, bits, role.ToVideo(),
            new MediaFlags(AutoCamera: false, AutoMic: false, AutoRequestCamera: true, AutoRequestScreen: true), session.Node, SendBitsVouched: true);
        var grain = grains.GetGrain<IRoomMembership>(key);
        var snapshot = (creating ? await grain.Create(name, entrant).ConfigureAwait(false) : await grain.Join(entrant).ConfigureAwait(false)).GetValueOrThrow();
        await JoinGroupOrRollBackAsync(session, login, grain, name.GroupId).ConfigureAwait(false);
        session.SetRoom(new SessionRoom(key, name, creating, role.AuthBits, null));
        return snapshot;
    }

    /// <summary>Leaves a call's room if the session is still in it (the call may have ended it already).</summary>
    public async Task LeaveCallRoomAsync(ClientSession session, ulong callId)
    {
        var login = session.RequireLogin();
        var key = CallRooms.RoomKey(login.SdkAppId, callId);
        if (session.Room?.Key != key)
        {
            return;
        }

        await grains.GetGrain<IRoomMembership>(key).Quit(login.UserId, session.Id).ConfigureAwait(false);
        lock (session.Gate)
        {
            if (session.Room?.Key == key)
            {
                session.SetRoomLocked(null);
            }
        }
    }

    /// <summary>Moves to another room: joins it first, so that a refusal leaves the member where it was.</summary>
    public async Task<RoomSnapshot> SwitchAsync(ClientSession session, RoomId? roomId, EntryOptions entry)
    {
        var login = session.RequireLogin();
        var current = session.Room ?? throw new LiveException(ILiveErrorCode.NoRoom, "not in a room; join one instead");
        RefuseInCall(current);
        if (current.IsOwner)
        {
            throw new LiveException(ILiveErrorCode.NotSupport, "the room's creator cannot switch rooms: quitting dismisses the room");
        }

        var (key, name, entrant, roleBits, keyBits) = PrepareEntry(session, login, roomId, entry, creating: false);
        if (key == current.Key)
        {
            throw new LiveException(AVErrorCode.HasInTheState, $"already in room {name.Describe()}");
        }

        var target = grains.GetGrain<IRoomMembership>(key);
        var snapshot = (await target.Join(entrant).ConfigureAwait(false)).GetValueOrThrow();
        await JoinGroupOrRollBackAsync(session, login, target, name.GroupId).ConfigureAwait(false);
        await grains.GetGrain<IRoomMembership>(current.Key).Quit(login.UserId, session.Id).ConfigureAwait(false);
        session.SetRoom(new SessionRoom(key, name, false, roleBits, keyBits));
        return snapshot;
    }

    /// <summary>Leaves the room (the owner leaving dismisses it). The session forgets the room even when the grain refuses.</summary>
    public async Task QuitAsync(ClientSession session)
    {
        var login = session.RequireLogin();
        var current = session.RequireRoom();
        RefuseInCall(current);
        var result = await grains.GetGrain<IRoomMembership>(current.Key).Quit(login.UserId, session.Id).ConfigureAwait(false);
        session.SetRoom(null);
        result.ThrowIfFailed();
    }

    /// <summary>Dismisses the room (its owner only: 10003 otherwise).</summary>
    public async Task DismissAsync(ClientSession session)
    {
        var login = session.RequireLogin();
        var current = session.RequireRoom();
        (await grains.GetGrain<IRoomMembership>(current.Key).Dismiss(login.UserId, session.Id).ConfigureAwait(false)).ThrowIfFailed();
        session.SetRoom(null);
    }

    /// <summary>Takes another role: its bits (capped by a presented privateMapKey) and video parameters.</summary>
    public async Task<RoomSnapshot> ChangeRoleAsync(ClientSession session, string controlRole)
    {
        var login = session.RequireLogin();
        var current = session.RequireRoom();
        if (string.IsNullOrEmpty(controlRole))
        {
            throw new LiveException(AVErrorCode.ServerInvalidArgument, "control_role is empty");
        }

        var (roleName, role) = roles.Resolve(controlRole, creating: false);
        var snapshot = (await grains.GetGrain<IRoomMembership>(current.Key)
            .ChangeRole(login.UserId, session.Id, roleName, current.Cap(role.AuthBits), role.ToVideo(), SendBitsVouched(login.SdkAppId, current.KeyBits)).ConfigureAwait(false)).GetValueOrThrow();
        session.SetRoom(current with { RoleBits = role.AuthBits });
        return snapshot;
    }

    /// <summary>
    /// Changes the member's bits within its ceiling (the role's, or a privateMapKey's: a newly presented key becomes the
    /// ceiling); <paramref name="authBits"/> 0 or all ones asks for everything allowed.
    /// </summary>
    public async Task<RoomSnapshot> ChangeAuthorityAsync(ClientSession session, ulong authBits, string? privateMapKey)
    {
        var login = session.RequireLogin();
        var current = session.RequireRoom();
        var ceiling = current.Ceiling;
        if (!string.IsNullOrEmpty(privateMapKey))
        {
            ceiling = RoomGrants.VerifyPrivateMapKey(login.Verifier, login.UserId, privateMapKey, current.Name);
            current = current with { KeyBits = ceiling };
            session.SetRoom(current);
        }

        var requested = authBits is 0 or ulong.MaxValue ? ceiling : (uint)(authBits & (ulong)AuthBits.All);
        var bits = requested & ceiling;
        return (await grains.GetGrain<IRoomMembership>(current.Key)
            .ChangeAuthority(login.UserId, session.Id, bits, SendBitsVouched(login.SdkAppId, current.KeyBits), current.KeyBits).ConfigureAwait(false)).GetValueOrThrow();
    }

    /// <summary>The members of the session's room, or of <paramref name="roomId"/>; all, or the named ones.</summary>
    public async Task<RoomMemberInfo[]> GetMembersAsync(ClientSession session, RoomId? roomId, string[] userIds)
    {
        var login = session.RequireLogin();
        var key = roomId is null ? session.RequireRoom().Key : RoomKeys.Validate(login.SdkAppId, roomId).GrainKey;
        return (await grains.GetGrain<IRoomMembership>(key).GetMembers(login.UserId, userIds).ConfigureAwait(false)).GetValueOrThrow();
    }

    /// <summary>
    /// (WHIP/WHEP) The bits a member without a signaling session enters with, granted as for SDK sessions: the role's
    /// (LiveMaster by default to publish, Guest to play) or a privateMapKey's; a publisher whose bits include
    /// CREATE_ROOM creates the room, anyone else joins (10003 without the bit needed). Joining someone else's room with
    /// send bits needs a privateMapKey that grants them (or the app's self-promotion setting): a media-only member cannot
    /// be invited to co-host.
    /// </summary>
    public MediaOnlyGrant GrantMediaOnly(AuthenticatedUser user, RoomName name, string? role, string? privateMapKey, bool publishing)
    {
        var keyBits = RoomGrants.KeyBits(user.App, user.Verifier, user.UserId, privateMapKey, name);
        var (roleName, options) = roles.Resolve(role, creating: publishing);
        var ceiling = keyBits ?? options.AuthBits;
        var creating = publishing && (ceiling & (uint)AuthBits.CreateRoom) != 0;
        if (publishing && !creating && string.IsNullOrEmpty(role))
        {
            (roleName, options) = roles.Resolve(RoleCatalog.CoHost, creating: false); // a key without CREATE_ROOM: a co-host's seat
        }

        return new MediaOnlyGrant(roleName, options, RoomGrants.Grant(ceiling, 0, creating), keyBits, creating, RoleAsked: !string.IsNullOrEmpty(role), SendBitsVouched(user.App.SdkAppId, keyBits));
    }

    /// <summary>
    /// (WHIP/WHEP) Enters with <paramref name="grant"/>: creates the room when the grant says so, and joins it instead
    /// when it exists already — as a co-host unless a role was asked for, with bits <paramref name="approve"/> accepts
    /// (it throws to refuse), which the room grants only to its owner or with vouched send bits (10003). Other entries join.
    /// </summary>
    public async Task<RoomSnapshot> EnterMediaOnlyAsync(string key, RoomName name, MediaOnlyGrant grant, MediaOnlyMember member, Action<uint> approve)
    {
        var grain = grains.GetGrain<IRoomMembership>(key);
        if (!grant.Creating)
        {
            return (await grain.Join(member.Entrant(grant)).ConfigureAwait(false)).GetValueOrThrow();
        }

        var created = await grain.Create(name, member.Entrant(grant)).ConfigureAwait(false);
        if (created.Error?.Is(ILiveErrorCode.AlreadyExist) != true)
        {
            return created.GetValueOrThrow();
        }

        var (roleName, role) = grant.RoleAsked ? (grant.RoleName, grant.Role) : roles.Resolve(RoleCatalog.CoHost, creating: false);
        var joining = grant with { RoleName = roleName, Role = role, Bits = RoomGrants.Grant(grant.KeyBits ?? role.AuthBits, 0, creating: false), Creating = false };
        approve(joining.Bits);
        return (await grain.Join(member.Entrant(joining)).ConfigureAwait(false)).GetValueOrThrow();
    }

    /// <summary>A call's room is left by hanging up the call (the call grain must know): 8008 for room requests that would leave it.</summary>
    private static void RefuseInCall(SessionRoom current)
    {
        if (current.Name.IsCall)
        {
            throw new LiveException(ILiveErrorCode.WrongState, "in a call: hang it up to leave its room");
        }
    }

    /// <summary>The room's key and id as the grains know them.</summary>
    /// <exception cref="LiveException">For an invalid room id.</exception>
    public static (string Key, RoomName Name) Identify(uint sdkAppId, RoomId? roomId)
    {
        var (key, groupId) = RoomKeys.Validate(sdkAppId, roomId);
        return (key, new RoomName(roomId!.IdCase == RoomId.IdOneofCase.Number ? roomId.Number : 0, roomId.IdCase == RoomId.IdOneofCase.Text ? roomId.Text : null, groupId));
    }

    /// <summary>Validates the room id and grants bits: the role's, replaced by the privateMapKey's when one is given or
    /// required, narrowed by what the client asked for; creating needs CREATE_ROOM, joining JOIN_ROOM (10003 otherwise).</summary>
    private (string Key, RoomName Name, RoomEntrant Entrant, uint RoleBits, uint? KeyBits) PrepareEntry(ClientSession session, SessionLogin login, RoomId? roomId, EntryOptions entry, bool creating)
    {
        var (key, name) = Identify(login.SdkAppId, roomId);
        var (roleName, role) = roles.Resolve(entry.ControlRole, creating);
        var keyBits = RoomGrants.KeyBits(login.App, login.Verifier, login.UserId, entry.PrivateMapKey, name);
        var bits = RoomGrants.Grant(keyBits ?? role.AuthBits, entry.AuthBits, creating);
        var entrant = new RoomEntrant(login.UserId, login.TinyId, session.Id, session.Reference!, roleName, bits, role.ToVideo(), entry.Media, session.Node, SendBitsVouched(login.SdkAppId, keyBits), keyBits);
        return (key, name, entrant, role.AuthBits, keyBits);
    }

    /// <summary>
    /// Whether a member's send bits are vouched for without the owner: by a privateMapKey (the app's server signed them)
    /// or by the app's self-promotion setting. Otherwise the room grants them only through the owner's invitation.
    /// </summary>
    private bool SendBitsVouched(uint sdkAppId, uint? keyBits) => keyBits is not null || roles.AllowsSelfPromotion(sdkAppId);

    /// <summary>
    /// The IM step of entering a room: joining its group. When it fails (6999) or does not finish within
    /// <see cref="ServerOptions.ImStepTimeout"/> (7000), the room entry is undone.
    /// </summary>
    private async Task JoinGroupOrRollBackAsync(ClientSession session, SessionLogin login, IRoomMembership grain, string groupId)
    {
        LiveException? failure = null;
        try
        {
            await Task.Run(() => messaging.JoinGroup(login, groupId)).WaitAsync(_options.ImStepTimeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            failure = new LiveException(AVErrorCode.ImSdkTimeout, $"joining the room's IM group did not finish within {_options.ImStepTimeout.TotalSeconds:0.#} s");
        }
        catch (DbException e) // SQLite or PostgreSQL
        {
            failure = new LiveException(AVErrorCode.ImSdkFail, $"joining the room's IM group failed: {e.Message}");
        }

        if (failure is not null)
        {
            await grain.Quit(login.UserId, session.Id).ConfigureAwait(false);
            throw failure;
        }
    }
}

/// <summary>(WHIP/WHEP) What a media-only member is granted: its role, bits, a privateMapKey's bits, whether it creates the room, whether its send bits are vouched for.</summary>
internal sealed record MediaOnlyGrant(string RoleName, RoleOptions Role, uint Bits, uint? KeyBits, bool Creating, bool RoleAsked, bool SendBitsVouched);

/// <summary>(WHIP/WHEP) A member without a signaling session: its session id and observer, media flags, and its node's fan-out.</summary>
internal sealed record MediaOnlyMember(string UserId, ulong TinyId, Guid SessionId, ISessionObserver Session, MediaFlags Media, INodeFanout Node)
{
    public RoomEntrant Entrant(MediaOnlyGrant grant) => new(UserId, TinyId, SessionId, Session, grant.RoleName, grant.Bits, grant.Role.ToVideo(), Media, Node, grant.SendBitsVouched);
}

/// <summary>
/// How a session asks to enter: a role (empty for the default), the bits it wants (0 or all ones: everything the role
/// or key allows), a privateMapKey, and the media options.
/// </summary>
internal sealed record EntryOptions(string? ControlRole, ulong AuthBits, string? PrivateMapKey, MediaFlags Media);
