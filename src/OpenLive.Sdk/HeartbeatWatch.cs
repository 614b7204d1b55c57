using OpenLive.Protocol.V1;

namespace OpenLive.Sdk;

/// <summary>
/// Keeps the session alive, and watches that the server is. The server closes a connection that sends nothing for its
/// session timeout (30 s); the login result says how often to beat (10 s). A server that vanishes without closing (its
/// machine lost, a link cut) leaves the socket open for minutes of TCP retransmissions, so with a dead-connection
/// timeout the heartbeat goes every second and a heartbeat that gets no frame back within the timeout ends the
/// connection — unless a request sent before it is still being answered (the server answers a connection's frames in
/// order, and a room entry during a failover may take seconds; that request's own timeout covers it). The browser
/// SDK's Heartbeat does the same.
/// </summary>
internal sealed class HeartbeatWatch : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _beatEvery;
    private readonly TimeSpan _deadAfter;
    private readonly SignalingConnection _connection;
    private readonly Action<TimeSpan> _onDead;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private long? _unansweredSince; // the oldest heartbeat not yet followed by any frame
    private long _lastBeat;
    private long _lastTick;
    private readonly TimeSpan _tick;
    private bool _stopped;

    public HeartbeatWatch(TimeProvider time, TimeSpan interval, TimeSpan deadAfter, SignalingConnection connection, Action<TimeSpan> onDead)
    {
        _time = time;
        _deadAfter = deadAfter;
        _beatEvery = deadAfter > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(interval.Ticks, TimeSpan.TicksPerSecond)) : interval;
        _connection = connection;
        _onDead = onDead;
        _lastBeat = _lastTick = time.GetTimestamp();
        var tick = deadAfter > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(_beatEvery.Ticks, Math.Max(TimeSpan.TicksPerMillisecond * 100, deadAfter.Ticks / 4))) : _beatEvery;
        _tick = tick;
        _timer = time.CreateTimer(static state => ((HeartbeatWatch)state!).Tick(), this, tick, tick);
    }

    private void Tick()
    {
        TimeSpan? dead = null;
        var beat = false;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var late = _time.GetElapsedTime(_lastTick, now) > _tick + (_deadAfter / 2);
            _lastTick = now;
            if (late && _unansweredSince is not null)
            {
                // This process was paused (GC, CPU starvation, a suspended laptop): the answer may be waiting in the
                // socket unread. Silence while we did not run is no evidence; the server gets a full timeout from now.
                _unansweredSince = now;
            }
            else if (_deadAfter > TimeSpan.Zero && _unansweredSince is { } since)
            {
                if (_connection.LastReceivedTimestamp >= since)
                {
                    _unansweredSince = null; // answered (by the ack or anything else)
                }
                else if (_time.GetElapsedTime(since, now) >= _deadAfter
                    && !(_connection.OldestPendingTimestamp is { } waiting && waiting <= since))
                {
                    _stopped = true;
                    dead = _time.GetElapsedTime(since, now);
                }
            }

            if (dead is null && _time.GetElapsedTime(_lastBeat, now) >= _beatEvery - TimeSpan.FromMilliseconds(1))
            {
                _lastBeat = now;
                _unansweredSince ??= now;
                beat = true;
            }
        }

        if (dead is { } unanswered)
        {
            _timer.Dispose();
            _onDead(unanswered);
        }
        else if (beat && _connection.IsOpen)
        {
            _ = _connection.SendAsync(new ClientFrame { Heartbeat = new Heartbeat { ClientTimeMs = _time.GetUtcNow().ToUnixTimeMilliseconds() } }, CancellationToken.None)
                .ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        _timer.Dispose();
    }
}
