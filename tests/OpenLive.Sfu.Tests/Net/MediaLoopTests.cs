using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLive.Sfu.Net;

namespace OpenLive.Sfu.Tests.Net;

/// <summary>The SFU's media loop over the shared UDP loop (whose own behaviour UdpSocketLoopTests covers).</summary>
public sealed class MediaLoopTests
{
    private sealed class EchoHandler : IDatagramHandler
    {
        public MediaLoop? Loop { get; set; }

        public int Ticks;

        public void OnDatagram(Span<byte> packet, SocketAddress from)
        {
            if (packet[0] == 0xFF)
            {
                throw new InvalidOperationException("a bug in one packet's handling");
            }

            packet.Reverse();
            Loop!.Send(packet, from);
        }

        public long OnTick(long now)
        {
            Interlocked.Increment(ref Ticks);
            return now + TimeProvider.System.TimestampFrequency / 100;
        }
    }

    [Fact]
    public async Task EchoesDatagrams_SurvivesAHandlerFault_RunsPostedActionsAndTimers()
    {
        var handler = new EchoHandler();
        using var loop = new MediaLoop(new IPEndPoint(IPAddress.Loopback, 0), 1 << 20, handler, TimeProvider.System, NullLogger.Instance);
        handler.Loop = loop;
        loop.Start();

        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendAsync(new byte[] { 0xFF }, loop.LocalEndPoint, TestContext.Current.CancellationToken);
        await client.SendAsync(new byte[] { 1, 2, 3 }, loop.LocalEndPoint, TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var echo = await client.ReceiveAsync(timeout.Token);
        Assert.Equal([3, 2, 1], echo.Buffer);

        var posted = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(() => posted.SetResult(Environment.CurrentManagedThreadId));
        var postedThread = await posted.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.NotEqual(Environment.CurrentManagedThreadId, postedThread);
        Assert.True(Volatile.Read(ref handler.Ticks) > 0);
        Assert.Equal(2, loop.DatagramsReceived);
    }
}
