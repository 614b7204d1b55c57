using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Transport;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Transport;

/// <summary>
/// A loop handler that notes the loop thread's allocation counter on that thread at each datagram from <c>first</c> to
/// <c>last</c> (and, when asked, answers each datagram's first 16 bytes to its source on the way): the zero-allocation
/// tests of a UDP loop. The least of three windows counts (see AllocationMeter).
/// </summary>
internal sealed class LoopAllocationProbe(int first, int last, bool answer = false) : IUdpSocketLoopHandler
{
    private readonly PerCallAllocations _allocations = new(first, last);
    private int _ticks;

    /// <summary>The loop to answer on (set before it starts when <c>answer</c> is true).</summary>
    public UdpSocketLoop? Loop { get; set; }

    /// <summary>Datagrams handled so far.</summary>
    public int Received => _allocations.Count;

    /// <summary>The loop's ticks so far (each an idle wait that timed out, or a due tick).</summary>
    public int Ticks => Volatile.Read(ref _ticks);

    public TaskCompletionSource<long> Allocated => _allocations.Allocated;

    public void OnDatagram(Span<byte> datagram, SocketAddress source)
    {
        if (answer)
        {
            Loop!.Send(datagram[..16], source);
        }

        _allocations.Note();
    }

    public long OnTick(long now)
    {
        Interlocked.Increment(ref _ticks);
        return now + (TimeProvider.System.TimestampFrequency / 100);
    }

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
