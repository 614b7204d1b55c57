using OpenLive.Core.Errors;
using OpenLive.Server.Grains;
using OpenLive.Server.Observability;

namespace OpenLive.Server.Application.Sessions;

/// <summary>
/// The control-plane state of one client session, whatever edge carries it: who logged in and which room it is in.
/// The edge owns it (one per connection) and hands it to the application services with every request; the services
/// read and change it, the grains never see it.
/// </summary>
internal sealed class ClientSession(ISessionObserver endpoint, Func<INodeFanout> node, ServerMetrics metrics)
{
    private SessionLogin? _login;
    private SessionRoom? _room;
    private volatile bool _hasLoggedIn;

    /// <summary>The session id the user and room grains know this session by (also the resume token).</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The edge's object that grains push to (kick-out, room closed, subscriber offers, C2C messages).</summary>
    public ISessionObserver Endpoint { get; } = endpoint;

    /// <summary>The grain-callable reference to <see cref="Endpoint"/>: made at login, deleted when the session ends or parks.</summary>
    public ISessionObserver? Reference { get; set; }

    /// <summary>
    /// The node's fan-out observer: room events reach this session's node in one call per node. Asked for when entering a
    /// room (its reference is made once the silo runs).
    /// </summary>
    public INodeFanout Node => node();

    /// <summary>Guards <see cref="Room"/> changes and the edge's own push ordering.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The login, or null before login and after logout or the end.</summary>
    public SessionLogin? Login => Volatile.Read(ref _login);

    /// <summary>Whether the session ever logged in (the edge's login deadline asks; a later logout does not undo it).</summary>
    public bool HasLoggedIn => _hasLoggedIn;

    /// <summary>The room the session is in, or null.</summary>
    public SessionRoom? Room => Volatile.Read(ref _room);

    /// <summary>A seat being parked after a drop, kept until the grains have it (a resuming login may ask for it first).</summary>
    public ParkedSeat? ParkingSeat { get; set; }

    /// <summary>The session's message rate (created on its first message).</summary>
    internal RateLimiter? MessageRate { get; set; }

    /// <summary>The session's push/record request rate (created on its first such request).</summary>
    internal RateLimiter? EgressRate { get; set; }

    /// <summary>The session's room-list request rate (created on its first list).</summary>
    internal RateLimiter? RoomListRate { get; set; }

    /// <summary>The session's call request rate (created on its first call request).</summary>
    internal RateLimiter? CallRate { get; set; }

    /// <exception cref="LiveException">ILiveSDK NotLogin before login.</exception>
    public SessionLogin RequireLogin() => Login ?? throw new LiveException(ILiveErrorCode.NotLogin, "log in first");

    /// <exception cref="LiveException">ILiveSDK NoRoom when the session is in no room.</exception>
    public SessionRoom RequireRoom() => Room ?? throw new LiveException(ILiveErrorCode.NoRoom, "not in a room");

    public void SetLogin(SessionLogin login)
    {
        Volatile.Write(ref _login, login);
        _hasLoggedIn = true;
    }

    /// <summary>Forgets the login and returns it (once: concurrent enders see null).</summary>
    public SessionLogin? TakeLogin() => Interlocked.Exchange(ref _login, null);

    public void SetRoom(SessionRoom? room)
    {
        lock (Gate)
        {
            SetRoomLocked(room);
        }
    }

    /// <summary>Forgets the current room and returns what it was.</summary>
    public SessionRoom? TakeRoom()
    {
        lock (Gate)
        {
            var room = _room;
            SetRoomLocked(null);
            return room;
        }
    }

    /// <summary>Changes the room with <see cref="Gate"/> held; counts members entering and leaving rooms.</summary>
    public void SetRoomLocked(SessionRoom? room)
    {
        if (_room is null && room is not null)
        {
            metrics.EnteredRoom();
        }
        else if (_room is not null && room is null)
        {
            metrics.LeftRoom();
        }

        Volatile.Write(ref _room, room);
    }
}
