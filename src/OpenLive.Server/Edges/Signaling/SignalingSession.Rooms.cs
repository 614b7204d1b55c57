using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Server.Grains;
using OpenLive.Server.Application.Rooms;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>
/// Rooms from the session's side: one room at a time, permission bits granted here (role, then privateMapKey; a client
/// can only narrow them), membership and fan-out in the <see cref="IRoomMembership"/>.
/// </summary>
internal sealed partial class SignalingSession
{
    private CurrentRoom? _room;

    /// <summary>
    /// The room this session is in. <paramref name="RoleBits"/> are the current role's bits; <paramref name="KeyBits"/> the
    /// privateMapKey's when one was presented, which caps every later role or authority change.
    /// </summary>
    private sealed record CurrentRoom(string Key, RoomName Name, bool IsOwner, uint RoleBits, uint? KeyBits)
    {
        public uint Ceiling => KeyBits ?? RoleBits;

        /// <summary>A role's bits as this member may hold them: capped by the privateMapKey when one was presented.</summary>
        public uint Cap(uint roleBits) => roleBits & (KeyBits ?? uint.MaxValue);

        public ParkedSeat ToSeat(Guid sessionId, DateTimeOffset until) => new(sessionId, Key, Name, IsOwner, RoleBits, KeyBits, until);

        public static CurrentRoom FromSeat(ParkedSeat seat) => new(seat.RoomKey, seat.Room, seat.IsOwner, seat.RoleBits, seat.KeyBits);
    }

    private CurrentRoom RoomOrThrow() => _room ?? throw new LiveException(ILiveErrorCode.NoRoom, "not in a room");

    /// <summary>Forgets the current room (under the gate) and returns what it was.</summary>
    private CurrentRoom? TakeRoom()
    {
        lock (_gate)
        {
            var room = _room;
            SetRoomLocked(null);
            return room;
        }
    }

    private async Task<ServerFrame?> EnterRoomAsync(LoginState login, RoomId? roomId, RoomOptions? options, bool creating)
    {
        var (key, name, entrant, roleBits, keyBits) = PrepareEntry(login, roomId, options ?? new RoomOptions(), creating);
        if (_room is { } current)
        {
            throw current.Key == key
                ? new LiveException(AVErrorCode.ServerRepeatedOperation, $"already in room {current.Name.Describe()}")
                : new LiveException(ILiveErrorCode.AlreadyInRoom, $"already in room {current.Name.Describe()}; quit or switch first");
        }

        var grain = _services.Grains.GetGrain<IRoomMembership>(key);
        var result = creating ? await grain.Create(name, entrant).ConfigureAwait(false) : await grain.Join(entrant).ConfigureAwait(false);
        var state = Wire.RoomWire.RoomState(result.GetValueOrThrow());
        await JoinGroupOrRollBackAsync(login, grain, name.GroupId).ConfigureAwait(false);
        SetRoom(new CurrentRoom(key, name, creating, roleBits, keyBits));
        return new ServerFrame { Room = state };
    }

    private async Task<ServerFrame?> SwitchRoomAsync(LoginState login, SwitchRoom request)
    {
        var current = _room ?? throw new LiveException(ILiveErrorCode.NoRoom, "not in a room; join one instead");
        if (current.IsOwner)
        {
            throw new LiveException(ILiveErrorCode.NotSupport, "the room's creator cannot switch rooms: quitting dismisses the room");
        }

        var (key, name, entrant, roleBits, keyBits) = PrepareEntry(login, request.RoomId, request.Options ?? new RoomOptions(), creating: false);
        if (key == current.Key)
        {
            throw new LiveException(AVErrorCode.HasInTheState, $"already in room {name.Describe()}");
        }

        // Join the new room first: when that fails the member stays where it was.
        var target = _services.Grains.GetGrain<IRoomMembership>(key);
        var joined = await target.Join(entrant).ConfigureAwait(false);
        var state = Wire.RoomWire.RoomState(joined.GetValueOrThrow());
        await JoinGroupOrRollBackAsync(login, target, name.GroupId).ConfigureAwait(false);
        await _services.Grains.GetGrain<IRoomMembership>(current.Key).Quit(login.UserId, Id).ConfigureAwait(false);
        SetRoom(new CurrentRoom(key, name, false, roleBits, keyBits));
        return new ServerFrame { Room = state };
    }

    private async Task<ServerFrame?> QuitRoomAsync(LoginState login)
    {
        var current = RoomOrThrow();
        var result = await _services.Grains.GetGrain<IRoomMembership>(current.Key).Quit(login.UserId, Id).ConfigureAwait(false);
        SetRoom(null);
        result.ThrowIfFailed();
        return new ServerFrame { Ok = new Empty() };
    }

    private async Task<ServerFrame?> DismissRoomAsync(LoginState login)
    {
        var current = RoomOrThrow();
        var result = await _services.Grains.GetGrain<IRoomMembership>(current.Key).Dismiss(login.UserId, Id).ConfigureAwait(false);
        result.ThrowIfFailed();
        SetRoom(null);
        return new ServerFrame { Ok = new Empty() };
    }

    private async Task<ServerFrame?> ChangeRoleAsync(LoginState login, ChangeRole request)
    {
        var current = RoomOrThrow();
        if (string.IsNullOrEmpty(request.ControlRole))
        {
            throw new LiveException(AVErrorCode.ServerInvalidArgument, "control_role is empty");
        }

        var (roleName, role) = _services.Roles.Resolve(request.ControlRole, creating: false);
        var result = await _services.Grains.GetGrain<IRoomMembership>(current.Key)
            .ChangeRole(login.UserId, Id, roleName, current.Cap(role.AuthBits), role.ToVideo()).ConfigureAwait(false);
        var state = Wire.RoomWire.RoomState(result.GetValueOrThrow());
        SetRoom(current with { RoleBits = role.AuthBits });
        return new ServerFrame { Room = state };
    }

    private async Task<ServerFrame?> ChangeAuthorityAsync(LoginState login, ChangeAuthority request)
    {
        var current = RoomOrThrow();
        var ceiling = current.Ceiling;
        if (!string.IsNullOrEmpty(request.PrivateMapKey))
        {
            ceiling = VerifyPrivateMapKey(login, request.PrivateMapKey, current.Name);
            SetRoom(current with { KeyBits = ceiling });
        }

        var requested = request.AuthBits is 0 or ulong.MaxValue ? ceiling : (uint)(request.AuthBits & (ulong)AuthBits.All);
        var bits = requested & ceiling;
        var result = await _services.Grains.GetGrain<IRoomMembership>(current.Key).ChangeAuthority(login.UserId, Id, bits).ConfigureAwait(false);
        return new ServerFrame { Room = Wire.RoomWire.RoomState(result.GetValueOrThrow()) };
    }

    private async Task<ServerFrame?> GetMembersAsync(LoginState login, GetMembers request)
    {
        var key = request.RoomId is null
            ? RoomOrThrow().Key
            : RoomKeys.Validate(login.SdkAppId, request.RoomId).GrainKey;
        var result = await _services.Grains.GetGrain<IRoomMembership>(key).GetMembers(login.UserId, [.. request.UserIds]).ConfigureAwait(false);
        return new ServerFrame { Members = Wire.RoomWire.MemberList(result.GetValueOrThrow()) };
    }

    /// <summary>Validates the room id and grants bits: the role's, replaced by the privateMapKey's when one is given or
    /// required, narrowed by what the client asked for; creating needs CREATE_ROOM, joining JOIN_ROOM (10003 otherwise).</summary>
    private (string Key, RoomName Name, RoomEntrant Entrant, uint RoleBits, uint? KeyBits) PrepareEntry(LoginState login, RoomId? roomId, RoomOptions options, bool creating)
    {
        var (key, groupId) = RoomKeys.Validate(login.SdkAppId, roomId);
        var name = new RoomName(roomId!.IdCase == RoomId.IdOneofCase.Number ? roomId.Number : 0, roomId.IdCase == RoomId.IdOneofCase.Text ? roomId.Text : null, groupId);
        var (roleName, role) = _services.Roles.Resolve(options.ControlRole, creating);
        var keyBits = RoomGrants.KeyBits(login.App, login.Verifier, login.UserId, options.PrivateMapKey, name);
        var bits = RoomGrants.Grant(keyBits ?? role.AuthBits, options.AuthBits, creating);
        var media = new MediaFlags(options.AutoCamera, options.AutoMic, options.AutoRequestCamera, options.AutoRequestScreen);
        var entrant = new RoomEntrant(login.UserId, login.TinyId, Id, _observerReference!, roleName, bits, role.ToVideo(), media, _services.Fanout.Reference);
        return (key, name, entrant, role.AuthBits, keyBits);
    }

    /// <summary>
    /// The IM step of entering a room: joining its group. When it fails (6999) or does not finish within
    /// <see cref="Hosting.ServerOptions.ImStepTimeout"/> (7000), the room entry is undone, as AVSDK reported it.
    /// </summary>
    private async Task JoinGroupOrRollBackAsync(LoginState login, IRoomMembership grain, string groupId)
    {
        LiveException? failure = null;
        try
        {
            await Task.Run(() => JoinGroup(login, groupId)).WaitAsync(_services.Options.ImStepTimeout, _services.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            failure = new LiveException(AVErrorCode.ImSdkTimeout, $"joining the room's IM group did not finish within {_services.Options.ImStepTimeout.TotalSeconds:0.#} s");
        }
        catch (System.Data.Common.DbException e) // SQLite or PostgreSQL
        {
            failure = new LiveException(AVErrorCode.ImSdkFail, $"joining the room's IM group failed: {e.Message}");
        }

        if (failure is not null)
        {
            await grain.Quit(login.UserId, Id).ConfigureAwait(false);
            throw failure;
        }
    }

    private static uint VerifyPrivateMapKey(LoginState login, string privateMapKey, RoomName name) =>
        RoomGrants.VerifyPrivateMapKey(login.Verifier, login.UserId, privateMapKey, name);

    /// <inheritdoc />
    public Task Push(Orleans.Concurrency.Immutable<byte[]> frame)
    {
        SendPush(new OutgoingFrame(null, frame.Value));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SubscriberOffer(SubscriberOfferPush offer)
    {
        SendPush(new OutgoingFrame(new ServerFrame { SubscriberOffer = Wire.RoomWire.SubscriberOffer(offer) }, null));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RoomClosed(string roomKey, Orleans.Concurrency.Immutable<byte[]> frame)
    {
        lock (_gate)
        {
            if (_room?.Key == roomKey)
            {
                SetRoomLocked(null);
            }
        }

        SendPush(new OutgoingFrame(null, frame.Value));
        return Task.CompletedTask;
    }

    private void SetRoom(CurrentRoom? room)
    {
        lock (_gate)
        {
            SetRoomLocked(room);
        }
    }

    private void SetRoomLocked(CurrentRoom? room)
    {
        if (_room is null && room is not null)
        {
            _services.Metrics.EnteredRoom();
        }
        else if (_room is not null && room is null)
        {
            _services.Metrics.LeftRoom();
        }

        _room = room;
    }

    private async Task LeaveRoomOnSessionEndAsync(LoginState login)
    {
        if (TakeRoom() is { } room)
        {
            await _services.Grains.GetGrain<IRoomMembership>(room.Key).SessionEnded(login.UserId, Id).ConfigureAwait(false);
        }
    }
}
