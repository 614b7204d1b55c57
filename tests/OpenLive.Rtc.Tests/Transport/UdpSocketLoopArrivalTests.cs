using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Tests.Transport;

/// <summary>
/// Each datagram's arrival is the kernel's receive time (SO_TIMESTAMPNS through recvmsg), not when the loop read it: a
/// loop held up — descheduled, compiling — must not make datagrams that waited in the socket look late, or transport-wide
/// CC feedback reports network queuing that never was and the sender's delay-based estimator backs off.
/// </summary>
public sealed class UdpSocketLoopArrivalTests
{
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    private sealed class ArrivalRecorder(TimeProvider time) : IUdpSocketLoopHandler
    {
        public UdpSocketLoop? Loop { get; set; }

        public readonly TaskCompletionSource<(byte[] Data, long Arrival, long HandledAt)> Handled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnDatagram(Span<byte> datagram, SocketAddress source) =>
            Handled.TrySetResult((datagram.ToArray(), Loop!.CurrentArrival, time.GetTimestamp()));

        public long OnTick(long now) => now + time.TimestampFrequency;

        public void OnFailure(Exception exception) => Handled.TrySetException(exception);

        public void OnStopped()
        {
        }
    }

    [Fact]
    public async Task ADatagramThatWaitedForAHeldLoop_ArrivesWhenTheKernelReceivedIt_NotWhenTheLoopReadIt()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "kernel receive timestamps are read on Linux");
        var time = TimeProvider.System;
        var handler = new ArrivalRecorder(time);
        using var loop = new UdpSocketLoop(AnyLoopbackPort, handler, time);
        handler.Loop = loop;
        Assert.True(loop.HasKernelTimestamps);
        loop.Start();

        // Hold the loop's thread in a posted action while the datagram arrives and waits in the socket.
        using var release = new ManualResetEventSlim();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(() =>
        {
            held.SetResult();
            release.Wait(TimeSpan.FromSeconds(10));
        });
        await held.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        using var client = new UdpClient(AnyLoopbackPort);
        var sentAt = time.GetTimestamp();
        await client.SendAsync(new byte[] { 7, 8, 9 }, loop.LocalEndPoint, TestContext.Current.CancellationToken);
        var holdFor = TimeSpan.FromMilliseconds(150);
        Thread.Sleep(holdFor); // The condition under test: the datagram waits this long in the socket.
        var releasedAt = time.GetTimestamp();
        release.Set();

        var (data, arrival, handledAt) = await handler.Handled.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal([7, 8, 9], data);
        // Between its sending and the loop's release — not when the loop read it (ordering, not a measured time).
        Assert.InRange(arrival, sentAt - (time.TimestampFrequency / 200), releasedAt);
        Assert.True(time.GetElapsedTime(arrival, handledAt) >= holdFor - TimeSpan.FromMilliseconds(10),
            $"handled {time.GetElapsedTime(arrival, handledAt).TotalMilliseconds:F1} ms after its arrival, though it waited {holdFor.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task OutsideADatagram_ThereIsNoArrival_AndAnOversizedDatagramIsDropped_WithTheNextDelivered()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the recvmsg receive (Linux) drops an oversized datagram whole");
        var time = TimeProvider.System;
        var handler = new ArrivalRecorder(time);
        using var loop = new UdpSocketLoop(AnyLoopbackPort, handler, time, new UdpSocketLoopOptions { ReceiveBufferBytes = 1500 });
        handler.Loop = loop;
        loop.Start();
        using var client = new UdpClient(AnyLoopbackPort);

        await client.SendAsync(new byte[4000], loop.LocalEndPoint, TestContext.Current.CancellationToken);
        await client.SendAsync(new byte[] { 1, 2 }, loop.LocalEndPoint, TestContext.Current.CancellationToken);
        var (data, arrival, _) = await handler.Handled.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal([1, 2], data);
        Assert.NotEqual(0, arrival);

        var outside = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(() => outside.SetResult(loop.CurrentArrival));
        Assert.Equal(0, await outside.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }
}
