using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Sdk.Rooms;

namespace OpenLive.Sdk;

/// <summary>Rooms: one at a time; enter, quit and switch are serialized (8011 while one runs).</summary>
public sealed partial class LiveClient
{
    private readonly SemaphoreSlim _roomGate = new(1, 1);
    private LiveRoom? _room;

    /// <summary>The room the client is in, if any.</summary>
    public LiveRoom? CurrentRoom => _room;

    /// <summary>
    /// The client lost its room without asking (iLiveSDK's room-disconnect / onGroupDisband): the owner dismissed it,
    /// the session was forced offline, or the connection dropped and the seat was not kept. Also raised on
    /// <see cref="LiveRoom.Ended"/>.
    /// </summary>
    public event EventHandler<RoomEndedEventArgs>? RoomDisconnected;

    internal void OnRoomEnded(LiveRoom room, RoomEndedEventArgs args) => RaiseFor(RoomDisconnected, room, args);

    /// <summary>Creates a room and enters it as its owner (iLiveSDK: the host).</summary>
    /// <exception cref="LiveException">8009 not logged in; 8021 bad options; 8010 already in a room; 8011 another room operation
    /// is running; 8004 the room exists; 10003 no CREATE_ROOM permission (or privateMapKey refused); 10002 invalid room id or role.</exception>
    public Task<LiveRoom> CreateRoomAsync(LiveRoomId roomId, LiveRoomOptions options, CancellationToken cancellationToken = default) =>
        EnterAsync(roomId, options, creating: true, cancellationToken);

    /// <summary>Joins an existing room (iLiveSDK: the audience or a co-host).</summary>
    /// <exception cref="LiveException">As <see cref="CreateRoomAsync"/>, with 10009 when the room does not exist and 10003 without JOIN_ROOM.</exception>
    public Task<LiveRoom> JoinRoomAsync(LiveRoomId roomId, LiveRoomOptions options, CancellationToken cancellationToken = default) =>
        EnterAsync(roomId, options, creating: false, cancellationToken);

    /// <summary>Moves from the current room to another (not allowed for the room's creator: 8023).</summary>
    /// <exception cref="LiveException">8003 not in a room; 1003 already in that room; 10009 the target does not exist (the client stays where it was).</exception>
    public async Task<LiveRoom> SwitchRoomAsync(LiveRoomId roomId, LiveRoomOptions options, CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        ValidateEntry(roomId, options);
        RequireConnection();
        await EnterGateAsync().ConfigureAwait(false);
        try
        {
            var old = _room ?? throw new LiveException(ILiveErrorCode.NoRoom, "not in a room; join one instead");
            var reply = await RoomRequestAsync(new ClientFrame { SwitchRoom = new SwitchRoom { RoomId = roomId.ToWire(), Options = options.ToWire() } }, cancellationToken).ConfigureAwait(false);
            old.End(null);
            var room = new LiveRoom(this, reply.Room);
            _room = room;
            room.StartQuality(options.QualityInterval, _time);
            return room;
        }
        finally
        {
            _roomGate.Release();
        }
    }

    /// <summary>The members of a room; only its members may list it.</summary>
    /// <exception cref="LiveException">10006 when this user is not in that room; 10009 when it does not exist; 8009 not logged in.</exception>
    public async Task<IReadOnlyList<LiveMember>> GetRoomMembersAsync(LiveRoomId roomId, CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        if (!roomId.IsValid)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "the room id is not set");
        }

        var reply = await RoomRequestAsync(new ClientFrame { GetMembers = new GetMembers { RoomId = roomId.ToWire() } }, cancellationToken).ConfigureAwait(false);
        return [.. reply.Members.Members.Select(m => new LiveMember(m))];
    }

    /// <summary>The most rooms one <see cref="ListRoomsAsync"/> returns.</summary>
    public const int MaxRoomsPerList = 100;

    /// <summary>
    /// Lists the app's rooms going on now, newest first (by when their owner entered), for a lobby; calls' rooms are not
    /// listed. Any logged-in user may list, at most twice a second.
    /// </summary>
    /// <param name="limit">How many rooms: 1 to <see cref="MaxRoomsPerList"/>.</param>
    /// <param name="offset">How many of the newest to skip (the next page starts at the previous offset + limit).</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <exception cref="LiveException">8021 for a limit outside 1..100 or a negative offset; 8011 beyond two lists a second; 8009 not logged in.</exception>
    public async Task<LiveRoomList> ListRoomsAsync(int limit = 20, int offset = 0, CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        if (limit is < 1 or > MaxRoomsPerList || offset < 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"list 1-{MaxRoomsPerList} rooms from an offset of 0 or more");
        }

        var reply = await RequireConnection().RequestAsync(new ClientFrame { ListRooms = new ListRooms { Limit = (uint)limit, Offset = (uint)offset } }, _options.RequestTimeout, cancellationToken)
            .ConfigureAwait(false);
        return new LiveRoomList([.. reply.RoomList.Rooms.Select(LiveRoomSummary.FromWire)], (int)reply.RoomList.Total);
    }

    /// <summary>Leaves the current room.</summary>
    /// <exception cref="LiveException">8003 when not in a room.</exception>
    public async Task QuitRoomAsync(CancellationToken cancellationToken = default)
    {
        EnsureUsable(cancellationToken);
        RequireConnection();
        await EnterGateAsync().ConfigureAwait(false);
        try
        {
            var room = _room ?? throw new LiveException(ILiveErrorCode.NoRoom, "not in a room");
            try
            {
                await RoomRequestAsync(new ClientFrame { QuitRoom = new QuitRoom() }, cancellationToken).ConfigureAwait(false);
            }
            catch (LiveException e) when (e.Is(ILiveErrorCode.NoRoom) || e.Is(AVErrorCode.ServerIdNotInRoom))
            {
                // The server had already taken us out (dismissed concurrently): we are out either way.
            }

            _room = null;
            room.End(null);
        }
        finally
        {
            _roomGate.Release();
        }
    }

    internal async Task DismissRoomAsync(CancellationToken cancellationToken)
    {
        EnsureUsable(cancellationToken);
        await EnterGateAsync().ConfigureAwait(false);
        try
        {
            var room = _room ?? throw new LiveException(ILiveErrorCode.NoRoom, "not in a room");
            await RoomRequestAsync(new ClientFrame { DismissRoom = new DismissRoom() }, cancellationToken).ConfigureAwait(false);
            _room = null;
            room.End(null);
        }
        finally
        {
            _roomGate.Release();
        }
    }

    internal Task<ServerFrame> RoomRequestAsync(ClientFrame request, CancellationToken cancellationToken)
    {
        EnsureUsable(cancellationToken);
        return RequireConnection().RequestAsync(request, _options.RequestTimeout, cancellationToken);
    }

    internal void RaiseFor<T>(EventHandler<T>? handler, object sender, T args)
    {
        if (handler is null)
        {
            return;
        }

        if (_options.ThreadAffinity && _context is not null)
        {
            _context.Post(_ => handler(sender, args), null);
        }
        else
        {
            handler(sender, args);
        }
    }

    private async Task<LiveRoom> EnterAsync(LiveRoomId roomId, LiveRoomOptions options, bool creating, CancellationToken cancellationToken)
    {
        EnsureUsable(cancellationToken);
        ValidateEntry(roomId, options);
        RequireConnection();
        await EnterGateAsync().ConfigureAwait(false);
        try
        {
            // In another room: 8010 here. In this very room: the server answers 10008 (repeated operation).
            if (_room is { } current && current.Id != roomId)
            {
                throw new LiveException(ILiveErrorCode.AlreadyInRoom, $"already in room {current.Id}; quit it or use SwitchRoomAsync");
            }

            var request = creating
                ? new ClientFrame { CreateRoom = new CreateRoom { RoomId = roomId.ToWire(), Options = options.ToWire() } }
                : new ClientFrame { JoinRoom = new JoinRoom { RoomId = roomId.ToWire(), Options = options.ToWire() } };
            var reply = await RoomRequestAsync(request, cancellationToken).ConfigureAwait(false);
            var room = new LiveRoom(this, reply.Room);
            _room = room;
            room.StartQuality(options.QualityInterval, _time);
            return room;
        }
        finally
        {
            _roomGate.Release();
        }
    }

    private async Task EnterGateAsync()
    {
        if (!await _roomGate.WaitAsync(0).ConfigureAwait(false))
        {
            throw new LiveException(ILiveErrorCode.BusyHere, "another room operation (enter, quit, switch) is still running");
        }
    }

    private static void ValidateEntry(LiveRoomId roomId, LiveRoomOptions options)
    {
        if (options is null)
        {
            // iLiveSDK's table names exactly this case under 8021: "option … for creating or entering a room is null".
            throw new LiveException(ILiveErrorCode.InvalidParam, "options is null");
        }

        if (!roomId.IsValid)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "the room id is not set");
        }

        if (options.QualityInterval < LiveRoomOptions.MinQualityInterval || options.QualityInterval > LiveRoomOptions.MaxQualityInterval)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam,
                $"QualityInterval is {options.QualityInterval.TotalMilliseconds} ms; it must be {LiveRoomOptions.MinQualityInterval.TotalMilliseconds}-{LiveRoomOptions.MaxQualityInterval.TotalMilliseconds} ms");
        }
    }

    partial void OnRoomPush(ServerFrame frame)
    {
        var room = _room;
        switch (frame.BodyCase)
        {
            case ServerFrame.BodyOneofCase.MemberEvent when room is not null && Matches(room, frame.MemberEvent.RoomId):
                room.OnMemberEvent(frame.MemberEvent);
                break;
            case ServerFrame.BodyOneofCase.MemberUpdated when room is not null && Matches(room, frame.MemberUpdated.RoomId):
                room.OnMemberUpdated(frame.MemberUpdated);
                break;
            case ServerFrame.BodyOneofCase.RoomCounters when room is not null && Matches(room, frame.RoomCounters.RoomId):
                room.OnCountersChanged(frame.RoomCounters);
                break;
            case ServerFrame.BodyOneofCase.MediaReset when room is not null && Matches(room, frame.MediaReset.RoomId):
                room.OnMediaReset(frame.MediaReset.MediaEpoch);
                break;
            case ServerFrame.BodyOneofCase.SubscriberOffer when room is not null:
                room.OnSubscriberOffer(frame.SubscriberOffer);
                break;
            case ServerFrame.BodyOneofCase.RoomDisbanded when room is not null && Matches(room, frame.RoomDisbanded.RoomId):
                LoseRoom(room, new RoomEndedEventArgs(dismissed: true, null));
                break;
            case ServerFrame.BodyOneofCase.RoomDisconnected when room is not null && Matches(room, frame.RoomDisconnected.RoomId):
                LoseRoom(room, new RoomEndedEventArgs(dismissed: false, WireErrors.ToException(frame.RoomDisconnected.Reason)));
                break;
            case ServerFrame.BodyOneofCase.CallEvent:
                OnCallEvent(frame.CallEvent);
                break;
        }
    }

    /// <summary>The room ended without this client asking: forget it (unless another took its place) and tell the app.</summary>
    private void LoseRoom(LiveRoom room, RoomEndedEventArgs ended)
    {
        Interlocked.CompareExchange(ref _room, null, room);
        room.End(ended);
    }

    partial void OnSessionEnded(LiveException? reason)
    {
        EndCallsWithSession(reason?.Detail ?? reason?.Message ?? "logged out", local: reason is null);
        var room = Interlocked.Exchange(ref _room, null);
        // The session's cause is reported once, by the session (ForcedOffline, or the state change); the room only says why it ended.
        room?.End(reason is null ? null : new RoomEndedEventArgs(dismissed: false, error: null, sessionEnded: true));
    }

    private static bool Matches(LiveRoom room, RoomId id) => LiveRoomId.FromWire(id) == room.Id;
}
