using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Tests.Transport;

/// <summary>
/// A loop handler that notes the loop thread's allocation counter on that thread at datagram <c>first</c> and after each
/// of three windows of <c>last - first</c> datagrams (and, when asked, answers each datagram's first 16 bytes to its
/// source on the way): the zero-allocation tests of a UDP loop. The least window counts (see AllocationMeter).
/// </summary>
internal sealed class LoopAllocationProbe(int first, int last, bool answer = false) : IUdpSocketLoopHandler
{
    private const int Windows = 3;
    private int _count;
    private long _windowStart;
    private long _least = long.MaxValue;

    /// <summary>The loop to answer on (set before it starts when <c>answer</c> is true).</summary>
    public UdpSocketLoop? Loop { get; set; }

    public TaskCompletionSource<long> Allocated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OnDatagram(Span<byte> datagram, SocketAddress source)
    {
        if (answer)
        {
            Loop!.Send(datagram[..16], source);
        }

        _count++;
        var window = last - first;
        if (_count < first || (_count - first) % window != 0 || _count > first + (Windows * window))
        {
            return;
        }

        var now = GC.GetAllocatedBytesForCurrentThread();
        if (_count > first)
        {
            _least = Math.Min(_least, now - _windowStart);
        }

        _windowStart = now;
        if (_count == first + (Windows * window))
        {
            Allocated.TrySetResult(_least);
        }
    }

    public long OnTick(long now) => now + (TimeProvider.System.TimestampFrequency / 100);

    public void OnFailure(Exception exception) => Allocated.TrySetException(exception);

    public void OnStopped()
    {
    }

    /// <summary>
    /// Sends 1,200-byte datagrams from <paramref name="sender"/> to <paramref name="to"/> until the probe has its figure
    /// (at most 20,000), then returns the least the loop's thread allocated in a window.
    /// </summary>
    public async Task<long> FloodAsync(Socket sender, EndPoint to)
    {
        var datagram = new byte[1200];
        for (var i = 0; i < 20_000 && !Allocated.Task.IsCompleted; i++)
        {
            sender.SendTo(datagram, to);
            if (i % 64 == 0)
            {
                await Task.Yield(); // Let the loop's thread drain (two cores shared with everything else).
            }
        }

        return await Allocated.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}
