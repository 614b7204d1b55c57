using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Tests.Transport;

public sealed class UdpSocketLoopTests
{
    private sealed class EchoHandler : IUdpSocketLoopHandler
    {
        public UdpSocketLoop? Loop { get; set; }

        public int Ticks;

        public int Failures;

        public readonly TaskCompletionSource Stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnDatagram(Span<byte> datagram, SocketAddress source)
        {
            if (datagram[0] == 0xFF)
            {
                throw new InvalidOperationException("a bug in one datagram's handling");
            }

            datagram.Reverse();
            Loop!.Send(datagram, source);
        }

        public long OnTick(long now)
        {
            Interlocked.Increment(ref Ticks);
            return now + (TimeProvider.System.TimestampFrequency / 100);
        }

        public void OnFailure(Exception exception) => Interlocked.Increment(ref Failures);

        public void OnStopped() => Stopped.TrySetResult();
    }

    /// <summary>Counts how often the loop reads the clock: twice per turn of the loop.</summary>
    private sealed class CountingTime : TimeProvider
    {
        public long Reads;

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref Reads);
            return System.GetTimestamp();
        }
    }

    private sealed class TickEvery10Ms : IUdpSocketLoopHandler
    {
        public void OnDatagram(Span<byte> datagram, SocketAddress source)
        {
        }

        public long OnTick(long now) => now + (TimeProvider.System.TimestampFrequency / 100);

        public void OnFailure(Exception exception)
        {
        }

        public void OnStopped()
        {
        }
    }

    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task AnIdleLoop_SleepsUntilItsNextTick_InsteadOfSpinningThroughTheLastMillisecond()
    {
        // Socket.Poll hands poll(2) whole milliseconds, truncated: a wait under 1 ms used to become poll(0), and the
        // thread spun until the tick was due — about a tenth of a core with a 10 ms tick and nothing to do.
        var time = new CountingTime();
        using var loop = new UdpSocketLoop(AnyLoopbackPort, new TickEvery10Ms(), time);
        loop.Start();
        await Task.Delay(200, TestContext.Current.CancellationToken);

        var before = Interlocked.Read(ref time.Reads);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var turns = (Interlocked.Read(ref time.Reads) - before) / 2;

        // 50 ticks, and a wake-up at most every 5 ms (MaxWait) besides: ~150 turns. Spinning made it tens of thousands.
        Assert.InRange(turns, 1, 1_000);
    }

    [Fact]
    public async Task EchoesDatagrams_CountsAndReportsAHandlerFault_RunsPostedActionsAndTimers_ThenStops()
    {
        var handler = new EchoHandler();
        var loop = new UdpSocketLoop(AnyLoopbackPort, handler, TimeProvider.System, new UdpSocketLoopOptions { ThreadName = "test-loop" });
        handler.Loop = loop;
        loop.Start();

        using var client = new UdpClient(AnyLoopbackPort);
        await client.SendAsync(new byte[] { 0xFF }, loop.LocalEndPoint, TestContext.Current.CancellationToken);
        await client.SendAsync(new byte[] { 1, 2, 3 }, loop.LocalEndPoint, TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var echo = await client.ReceiveAsync(timeout.Token);
        Assert.Equal([3, 2, 1], echo.Buffer);

        var posted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(() => posted.SetResult(loop.IsLoopThread));
        Assert.True(await posted.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.False(loop.IsLoopThread);
        Assert.True(Volatile.Read(ref handler.Ticks) > 0);
        Assert.Equal(2, loop.DatagramsReceived);
        Assert.Equal(1, loop.HandlerFailures);
        Assert.Equal(1, Volatile.Read(ref handler.Failures));

        loop.Dispose();
        await handler.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        loop.Send([1], echo.RemoteEndPoint); // After closing: dropped, never thrown.
    }

    [Fact]
    public async Task Receiving_AllocatesNothing_OnTheLoopThread()
    {
        // Receives into the pinned buffer and the reused SocketAddress, ticks and the empty posted queue in between:
        // between the 200th and the 1,200th datagram the loop's thread allocates nothing.
        var probe = new LoopAllocationProbe(200, 1_200);
        using var loop = new UdpSocketLoop(AnyLoopbackPort, probe, TimeProvider.System);
        loop.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.Equal(0, await probe.FloodAsync(sender, loop.LocalEndPoint));
    }

    [Fact]
    public void UnusableOptions_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UdpSocketLoop(AnyLoopbackPort, new TickEvery10Ms(), TimeProvider.System, new UdpSocketLoopOptions { MaxWait = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UdpSocketLoop(AnyLoopbackPort, new TickEvery10Ms(), TimeProvider.System, new UdpSocketLoopOptions { ReceiveBufferBytes = 10 }));
    }
}
