using System.Collections.Concurrent;
using OpenLive.Server.Grains;
using Orleans.Concurrency;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>The node's session registry and its <see cref="INodeFanout"/> observer.</summary>
internal sealed class NodeFanout(IGrainFactory grains) : INodeFanout
{
    private readonly ConcurrentDictionary<Guid, SignalingSession> _sessions = new();
    private readonly Lock _gate = new();
    private INodeFanout? _reference;

    /// <summary>This node's observer reference (created on first use, when the silo is running).</summary>
    public INodeFanout Reference
    {
        get
        {
            if (_reference is { } existing)
            {
                return existing;
            }

            lock (_gate)
            {
                return _reference ??= grains.CreateObjectReference<INodeFanout>(this);
            }
        }
    }

    public void Register(SignalingSession session) => _sessions[session.Id] = session;

    public void Unregister(SignalingSession session) => _sessions.TryRemove(session.Id, out _);

    /// <summary>The node's sessions now (a moment's copy).</summary>
    public SignalingSession[] Sessions() => [.. _sessions.Values];

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
