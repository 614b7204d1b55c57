using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLive.Sfu.Net;

namespace OpenLive.Sfu.Tests.Net;

/// <summary>sendmmsg batching: what goes in comes out, to each destination, in order, and a refused datagram drops alone.</summary>
public sealed class DatagramBatchTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [Fact]
    public void SendmmsgIsAvailable_OnLinux()
    {
        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess, LinuxSendMultiple.IsSupported);
    }

    [Fact]
    public async Task Flush_SendsEachDatagramToItsDestination_InOrder_WithItsExactBytes()
    {
        Assert.SkipUnless(LinuxSendMultiple.IsSupported, "sendmmsg is Linux-only");
        using var sender = Bound(IPAddress.Loopback);
        using var first = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var second = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var batch = new DatagramBatch();
        byte[][] datagrams = [[1], Enumerable.Range(0, 1566).Select(i => (byte)i).ToArray(), [2, 3], new byte[DatagramBatch.MaxDatagramLength]];

        Assert.True(batch.TryAdd(datagrams[0], Address(first)));
        Assert.True(batch.TryAdd(datagrams[1], Address(second)));
        Assert.True(batch.TryAdd(datagrams[2], Address(first)));
        Assert.True(batch.TryAdd(datagrams[3], Address(second)));
        Assert.False(batch.TryAdd(new byte[DatagramBatch.MaxDatagramLength + 1], Address(first)));
        Assert.Equal(4, batch.Count);

        Assert.Equal(0, batch.Flush(sender.SafeHandle));

        Assert.Equal(0, batch.Count);
        Assert.Equal(datagrams[0], await ReceiveAsync(first));
        Assert.Equal(datagrams[2], await ReceiveAsync(first));
        Assert.Equal(datagrams[1], await ReceiveAsync(second));
        Assert.Equal(datagrams[3], await ReceiveAsync(second));
    }

    [Fact]
    public async Task Flush_ToIpv6Destinations_Works()
    {
        Assert.SkipUnless(LinuxSendMultiple.IsSupported && Socket.OSSupportsIPv6, "sendmmsg is Linux-only; no IPv6 here");
        using var sender = Bound(IPAddress.IPv6Loopback);
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        var batch = new DatagramBatch();

        Assert.True(batch.TryAdd([6, 6], Address(receiver)));
        Assert.Equal(0, batch.Flush(sender.SafeHandle));

        Assert.Equal([6, 6], await ReceiveAsync(receiver));
    }

    [Fact]
    public async Task ADatagramTheKernelRefuses_IsDroppedAlone_AndTheOnesAfterItStillGo()
    {
        Assert.SkipUnless(LinuxSendMultiple.IsSupported && Socket.OSSupportsIPv6, "sendmmsg is Linux-only; no IPv6 here");
        using var sender = Bound(IPAddress.Loopback);
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var batch = new DatagramBatch();
        var ipv6 = new IPEndPoint(IPAddress.IPv6Loopback, 9).Serialize(); // an IPv4 socket cannot send there

        batch.TryAdd([1], Address(receiver));
        batch.TryAdd([2], ipv6);
        batch.TryAdd([3], Address(receiver));
        Assert.Equal(1, batch.Flush(sender.SafeHandle));

        Assert.Equal([1], await ReceiveAsync(receiver));
        Assert.Equal([3], await ReceiveAsync(receiver));
    }

    [Fact]
    public void AddingAndFlushing_AllocateNothing()
    {
        Assert.SkipUnless(LinuxSendMultiple.IsSupported, "sendmmsg is Linux-only");
        using var sender = Bound(IPAddress.Loopback);
        using var receiver = Bound(IPAddress.Loopback);
        var to = ((IPEndPoint)receiver.LocalEndPoint!).Serialize();
        var batch = new DatagramBatch();
        var payload = new byte[1200];
        void Round()
        {
            for (var i = 0; i < 8; i++)
            {
                batch.TryAdd(payload, to);
            }

            batch.Flush(sender.SafeHandle);
        }

        for (var i = 0; i < 100; i++)
        {
            Round();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Round();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>A handler that answers one datagram with 150 numbered ones: more than a batch holds, sent in order.</summary>
    private sealed class FanOutHandler : IDatagramHandler
    {
        public MediaLoop? Loop { get; set; }

        public void OnDatagram(Span<byte> packet, SocketAddress from)
        {
            Span<byte> reply = stackalloc byte[2];
            for (var i = 0; i < 150; i++)
            {
                reply[0] = (byte)i;
                reply[1] = packet[0];
                Loop!.Send(reply, from);
            }
        }

        public long OnTick(long now) => now + TimeProvider.System.TimestampFrequency;
    }

    [Fact]
    public async Task MediaLoop_SendsAHandlersFanOut_BeyondOneBatch_InOrder()
    {
        var handler = new FanOutHandler();
        using var loop = new MediaLoop(new IPEndPoint(IPAddress.Loopback, 0), 1 << 20, handler, TimeProvider.System, NullLogger.Instance);
        handler.Loop = loop;
        loop.Start();
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        client.Client.ReceiveBufferSize = 1 << 20;

        await client.SendAsync(new byte[] { 7 }, loop.LocalEndPoint, TestContext.Current.CancellationToken);

        for (var i = 0; i < 150; i++)
        {
            Assert.Equal([(byte)i, 7], await ReceiveAsync(client));
        }

        Assert.Equal(0, loop.SendFailures);
    }

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private static SocketAddress Address(UdpClient client) => ((IPEndPoint)client.Client.LocalEndPoint!).Serialize();

    private static async Task<byte[]> ReceiveAsync(UdpClient client)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Limit);
        return (await client.ReceiveAsync(timeout.Token)).Buffer;
    }
}
