using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Ice;

namespace OpenLive.Rtc.Tests.Ice;

/// <summary>
/// An in-process UDP network on a fake clock: sent datagrams queue up and are delivered by <see cref="Run"/>,
/// never inside a send (agents send under their lock). <see cref="Drop"/> decides losses.
/// </summary>
internal sealed class FakeNetwork
{
    private readonly Queue<Datagram> inFlight = new();
    private readonly Dictionary<IPEndPoint, Action<byte[], IPEndPoint>> hosts = [];

    public FakeTimeProvider Time { get; } = new();

    /// <summary>Return true to lose a datagram.</summary>
    public Func<Datagram, bool> Drop { get; set; } = static _ => false;

    public List<Datagram> Sent { get; } = [];

    /// <summary>A sender for an agent to be attached later (the agent needs its sender first).</summary>
    public Sender SenderFor(params IPEndPoint[] sockets) => new(this, sockets);

    /// <summary>Binds the sockets of <paramref name="sender"/> to <paramref name="agent"/>.</summary>
    public void Bind(Sender sender, IceAgent agent)
    {
        for (var i = 0; i < sender.Sockets.Length; i++)
        {
            var socketId = i;
            hosts[sender.Sockets[i]] = (bytes, from) => agent.ProcessPacket(bytes, from, socketId);
        }
    }

    /// <summary>
    /// Plugs an ICE-lite responder in on each of <paramref name="sockets"/>, answering as a server would: requests are
    /// answered, responses go to its address verification, and a verification request due is sent from that socket.
    /// </summary>
    public void Attach(IceLiteResponder responder, params IPEndPoint[] sockets)
    {
        foreach (var socket in sockets)
        {
            var local = socket;
            hosts[socket] = (bytes, from) =>
            {
                var response = new byte[IceLiteResponder.MaxResponseLength];
                if (responder.HandleRequest(bytes, from, response, out var length) != IceLiteResult.NoResponse)
                {
                    Send(response[..length], local, from);
                }
                else
                {
                    responder.HandleResponse(bytes, from);
                }

                var request = new byte[IceLiteResponder.MaxRequestLength];
                if (responder.TryWriteVerificationRequest(request, Time.GetTimestamp(), out var to, out var requestLength))
                {
                    Send(request[..requestLength], local, to!);
                }
            };
        }
    }

    public void Send(byte[] bytes, IPEndPoint from, IPEndPoint to) => inFlight.Enqueue(new Datagram(bytes, from, to));

    /// <summary>Delivers everything in flight, including what the deliveries send.</summary>
    public void Deliver()
    {
        for (var budget = 10_000; inFlight.Count > 0 && budget > 0; budget--)
        {
            var datagram = inFlight.Dequeue();
            Sent.Add(datagram);
            if (!Drop(datagram) && hosts.TryGetValue(datagram.To, out var host))
            {
                host(datagram.Bytes, datagram.From);
            }
        }
    }

    /// <summary>Moves the clock in 10 ms steps, delivering after each, until <paramref name="until"/> holds or time is up.</summary>
    public bool Run(TimeSpan duration, Func<bool>? until = null)
    {
        Deliver();
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += TimeSpan.FromMilliseconds(10))
        {
            if (until?.Invoke() == true)
            {
                return true;
            }

            Time.Advance(TimeSpan.FromMilliseconds(10));
            Deliver();
        }

        return until?.Invoke() ?? true;
    }

    internal sealed record Datagram(byte[] Bytes, IPEndPoint From, IPEndPoint To);

    internal sealed class Sender(FakeNetwork network, IPEndPoint[] sockets) : IIcePacketSender
    {
        public IPEndPoint[] Sockets { get; } = sockets;

        public void Send(ReadOnlySpan<byte> packet, IPEndPoint remote, int localSocketId) =>
            network.Send(packet.ToArray(), Sockets[localSocketId], remote);
    }
}
