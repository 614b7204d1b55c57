using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Tests.Transport;

/// <summary>
/// A loop bound to [::] is one dual-stack socket (the SFU's "all interfaces"): IPv4 and IPv6 peers both reach it and
/// get answers, IPv4 sources arrive v4-mapped, and they convert to the IPv4 endpoint the peer knows itself by.
/// </summary>
public sealed class UdpSocketLoopDualStackTests
{
    /// <summary>Echoes each datagram to its source and notes the source as an endpoint.</summary>
    private sealed class EchoHandler : IUdpSocketLoopHandler
    {
        public UdpSocketLoop? Loop { get; set; }

        public List<IPEndPoint> Sources { get; } = [];

        public void OnDatagram(Span<byte> datagram, SocketAddress source)
        {
            lock (Sources)
            {
                Sources.Add(SocketAddresses.ToIPEndPoint(source));
            }

            Loop!.Send(datagram, source);
        }

        public long OnTick(long now) => now + TimeProvider.System.TimestampFrequency;

        public void OnFailure(Exception exception)
        {
        }

        public void OnStopped()
        {
        }
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task ALoopOnAllInterfaces_AnswersIPv4AndIPv6Peers_AndNamesEachInItsOwnFamily(string peerAddress)
    {
        var handler = new EchoHandler();
        using var loop = new UdpSocketLoop(new IPEndPoint(IPAddress.IPv6Any, 0), handler, TimeProvider.System);
        handler.Loop = loop;
        loop.Start();

        var peer = IPAddress.Parse(peerAddress);
        using var client = new UdpClient(new IPEndPoint(peer, 0));
        await client.SendAsync(new byte[] { 1, 2, 3 }, new IPEndPoint(peer, loop.LocalEndPoint.Port), TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var echo = await client.ReceiveAsync(timeout.Token);

        Assert.Equal([1, 2, 3], echo.Buffer);
        lock (handler.Sources)
        {
            Assert.Equal((IPEndPoint)client.Client.LocalEndPoint!, Assert.Single(handler.Sources));
        }
    }

    [Fact]
    public void AV4MappedSource_ConvertsToItsIPv4Endpoint()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("192.0.2.7").MapToIPv6(), 40000).Serialize();
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40000), SocketAddresses.ToIPEndPoint(mapped));
    }

    [Fact]
    public async Task IPv4Traffic_OnADualStackLoop_AllocatesNothing_ReceivingOrAnswering()
    {
        var probe = new LoopAllocationProbe(200, 1_200, answer: true);
        using var loop = new UdpSocketLoop(new IPEndPoint(IPAddress.IPv6Any, 0), probe, TimeProvider.System);
        probe.Loop = loop;
        loop.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Equal(0, await probe.FloodAsync(sender, new IPEndPoint(IPAddress.Loopback, loop.LocalEndPoint.Port)));
    }
}
