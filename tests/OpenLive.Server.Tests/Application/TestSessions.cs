using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Grains;
using OpenLive.Server.Observability;
using OpenLive.Server.Wire;
using OpenLive.Testing;
using Orleans.Concurrency;

namespace OpenLive.Server.Tests.Application;

/// <summary>
/// The application services of a real in-process server (real grains, stores and SFU), driven without any edge:
/// sessions are <see cref="TestSession"/>s whose pushes are recorded, and room fan-out reaches them through
/// <see cref="TestFanout"/> as it reaches WebSocket sessions through the node's fan-out.
/// </summary>
internal sealed class ServiceHarness(TestServer server)
{
    public TestServer Server { get; } = server;

    public TestFanout Fanout { get; } = new(server.Services.GetRequiredService<IGrainFactory>());

    public T Get<T>()
        where T : notnull => Server.Services.GetRequiredService<T>();

    public TestSession NewSession() => new(Fanout, Get<ServerMetrics>());

    public LoginRequest LoginOf(string userId, string resumeToken = "") => new(Server.AppId, userId, Server.Sig(userId), 0, resumeToken);

    public async Task<TestSession> LoggedInAsync(string userId)
    {
        var session = NewSession();
        await Get<LoginService>().LoginAsync(session.State, LoginOf(userId));
        return session;
    }
}

/// <summary>A session as the services see it; what grains push to it is recorded, in order, for <see cref="NextAsync{T}"/>.</summary>
internal sealed class TestSession : ISessionObserver
{
    private readonly Channel<object> _pushes = Channel.CreateUnbounded<object>();

    public TestSession(TestFanout fanout, ServerMetrics metrics)
    {
        State = new ClientSession(this, () => fanout.Reference, metrics);
        fanout.Add(this);
    }

    public ClientSession State { get; }

    /// <summary>The next recorded push of type <typeparamref name="T"/> that matches <paramref name="filter"/>; others are skipped.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? filter = null)
    {
        using var timeout = new CancellationTokenSource(Events.Timeout);
        while (true)
        {
            var push = await _pushes.Reader.ReadAsync(timeout.Token);
            if (push is T match && (filter is null || filter(match)))
            {
                return match;
            }
        }
    }

    public Task ForceOffline(SessionEndReason reason) => Record(reason);

    /// <summary>A room event from <see cref="TestFanout"/>.</summary>
    public Task Push(Immutable<byte[]> frame) => Record(ServerFrame.Parser.ParseFrom(frame.Value));

    public Task Deliver(ChatMessage message) => Record(new ServerFrame { Message = OpenLive.Server.Im.ImFrames.ToWire(message) });

    public Task SubscriberOffer(SubscriberOfferPush offer) => Record(offer);

    public Task CallEvent(Immutable<byte[]> frame) => Record(ServerFrame.Parser.ParseFrom(frame.Value));

    public Task<ParkedSeat?> Supersede(DateTimeOffset until) => Task.FromResult(LoginService.Supersede(State, until));

    /// <summary>As the WebSocket edge does: the session forgets the room, and the frame is recorded.</summary>
    public Task RoomClosed(RoomClosure closure)
    {
        lock (State.Gate)
        {
            if (State.Room?.Key == closure.RoomKey)
            {
                State.SetRoomLocked(null);
            }
        }

        return Record(RoomWire.RoomClosed(closure));
    }

    private Task Record(object push)
    {
        _pushes.Writer.TryWrite(push);
        return Task.CompletedTask;
    }
}

/// <summary>The test's node fan-out: room events for its sessions, one call per event as the node's own fan-out gets them.</summary>
internal sealed class TestFanout(IGrainFactory grains) : INodeFanout
{
    private readonly ConcurrentDictionary<Guid, TestSession> _sessions = new();
    private INodeFanout? _reference;

    /// <summary>The observer reference (kept here: Orleans holds observers weakly).</summary>
    public INodeFanout Reference => _reference ??= grains.CreateObjectReference<INodeFanout>(this);

    public void Add(TestSession session) => _sessions[session.State.Id] = session;

    public Task Push(Immutable<byte[]> frame, Immutable<Guid[]> sessionIds, Guid except)
    {
        foreach (var id in sessionIds.Value)
        {
            if (id != except && _sessions.TryGetValue(id, out var session))
            {
                session.Push(frame);
            }
        }

        return Task.CompletedTask;
    }
}
