using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Tests.Transport;

/// <summary>
/// A send the kernel refuses is counted and dropped without an exception: under overload a SocketException per refused
/// datagram (an object and a stack trace on the media thread) was the packet path's cost of failing.
/// </summary>
public sealed class UdpSocketLoopSendFailureTests
{
    private sealed class Silent : IUdpSocketLoopHandler
    {
        public void OnDatagram(Span<byte> datagram, SocketAddress source)
        {
        }

        public long OnTick(long now) => now + TimeProvider.System.TimestampFrequency;

        public void OnFailure(Exception exception)
        {
        }

        public void OnStopped()
        {
        }
    }

    /// <summary>
    /// Bytes allocated by 1,000 calls, the least of three windows: the thread's counter can also count the unused rest
    /// of its allocation context when another thread's GC retires it, which a real allocation shows in every window.
    /// </summary>
    private static long LeastAllocated(Action send)
    {
        var least = long.MaxValue;
        for (var window = 0; window < 3; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1_000; i++)
            {
                send();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    [Fact]
    public void AnOversizedDatagram_IsRefusedByTheKernel_CountedAndDropped_AllocatingNothing()
    {
        // 70,000 bytes is over UDP's 65,507-byte limit: sendto(2) fails at once with EMSGSIZE, on any host.
        using var loop = new UdpSocketLoop(new IPEndPoint(IPAddress.Loopback, 0), new Silent(), TimeProvider.System);
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var destination = receiver.LocalEndPoint!.Serialize();
        var oversized = new byte[70_000];
        for (var i = 0; i < 10; i++)
        {
            loop.Send(oversized, destination); // Warm-up: first calls bind the native entry point.
        }

        var allocated = LeastAllocated(() => loop.Send(oversized, destination));
        Assert.Equal(3_010, loop.SendFailures);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ADatagramToAnotherFamily_IsRefused_CountedAndDropped_AllocatingNothing()
    {
        // An IPv6 destination on an IPv4 socket: the kernel refuses it (EAFNOSUPPORT/EINVAL), as an unreachable route.
        using var loop = new UdpSocketLoop(new IPEndPoint(IPAddress.Loopback, 0), new Silent(), TimeProvider.System);
        var destination = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 9).Serialize();
        var datagram = new byte[100];
        for (var i = 0; i < 10; i++)
        {
            loop.Send(datagram, destination);
        }

        var allocated = LeastAllocated(() => loop.Send(datagram, destination));
        Assert.Equal(3_010, loop.SendFailures);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task ASuccessfulSend_StillArrives_AndASendAfterDispose_IsNotAFailure()
    {
        var loop = new UdpSocketLoop(new IPEndPoint(IPAddress.Loopback, 0), new Silent(), TimeProvider.System);
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var destination = receiver.Client.LocalEndPoint!.Serialize();
        loop.Send([1, 2, 3], destination);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var received = await receiver.ReceiveAsync(timeout.Token);
        Assert.Equal([1, 2, 3], received.Buffer);
        Assert.Equal(loop.LocalEndPoint, received.RemoteEndPoint);
        Assert.Equal(0, loop.SendFailures);

        loop.Dispose();
        loop.Send([1], destination);
        Assert.Equal(0, loop.SendFailures);
    }
}
