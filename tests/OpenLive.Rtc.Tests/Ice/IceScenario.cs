using System.Net;
using OpenLive.Rtc.Ice;

namespace OpenLive.Rtc.Tests.Ice;

/// <summary>Agents and lite servers wired over one <see cref="FakeNetwork"/>, with their state changes recorded.</summary>
internal sealed class IceScenario : IDisposable
{
    private readonly List<IDisposable> owned = [];

    public FakeNetwork Network { get; } = new();

    public Dictionary<IceAgent, List<IceStateChangedEventArgs>> Events { get; } = [];

    /// <summary>An agent with one host candidate per socket (socket ids in order).</summary>
    public IceAgent Agent(IceAgentOptions options, params IPEndPoint[] sockets)
    {
        var sender = Network.SenderFor(sockets);
        var agent = new IceAgent(sender, options, Network.Time);
        Network.Bind(sender, agent);
        var events = new List<IceStateChangedEventArgs>();
        Events[agent] = events;
        agent.StateChanged += (_, e) => events.Add(e);
        for (var i = 0; i < sockets.Length; i++)
        {
            agent.AddLocalCandidate(sockets[i], i);
        }

        owned.Add(agent);
        return agent;
    }

    /// <summary>An ICE-lite server for <paramref name="client"/>, listening on <paramref name="sockets"/>, signaled to it.</summary>
    public IceLiteResponder LiteServer(IceAgent client, params IPEndPoint[] sockets)
    {
        var credentials = IceCredentials.Generate();
        var responder = new IceLiteResponder(credentials, Network.Time, client.LocalCredentials.Ufrag);
        Network.Attach(responder, sockets);
        Assert.True(client.SetRemoteCredentials(credentials.Ufrag, credentials.Password));
        var priority = 2130706431u;
        foreach (var socket in sockets)
        {
            Assert.True(client.AddRemoteCandidate($"candidate:1 1 udp {priority--} {socket.Address} {socket.Port} typ host"));
        }

        client.EndOfRemoteCandidates();
        owned.Add(responder);
        return responder;
    }

    /// <summary>Exchanges credentials and candidates between two full agents, as offer and answer would.</summary>
    public static void Signal(IceAgent a, IceAgent b)
    {
        Assert.True(a.SetRemoteCredentials(b.LocalCredentials.Ufrag, b.LocalCredentials.Password));
        Assert.True(b.SetRemoteCredentials(a.LocalCredentials.Ufrag, a.LocalCredentials.Password));
        foreach (var candidate in b.LocalCandidates)
        {
            Assert.True(a.AddRemoteCandidate(candidate.ToString()));
        }

        foreach (var candidate in a.LocalCandidates)
        {
            Assert.True(b.AddRemoteCandidate(candidate.ToString()));
        }

        a.EndOfRemoteCandidates();
        b.EndOfRemoteCandidates();
    }

    public IceConnectionState[] States(IceAgent agent) => [.. Events[agent].Select(e => e.State)];

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }
}
