using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLive.Sfu.Net;
using OpenLive.Tests.Shared;

namespace OpenLive.Sfu.Tests.Net;

/// <summary>
/// The TCP media path's share of the media thread's work allocates nothing: taking received frames off a connection
/// (what runs on the media thread) and framing and sending packets on it. The listener's posted work is run here, on
/// the test thread, so its allocations can be counted.
/// </summary>
public sealed class TcpMediaConnectionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly ConcurrentQueue<string> _handOffs = new();
    private readonly CountingHandler _handler = new();
    private readonly TcpMediaListener _listener;
    private readonly Socket _client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public TcpMediaConnectionTests()
    {
        _listener = new TcpMediaListener(new IPEndPoint(IPAddress.Loopback, 0), new TcpMediaLimits(8, 8, TimeSpan.FromMinutes(1), 2048, 64 * 1024, 256 * 1024),
            _handler, Post, () => _handOffs.Enqueue("wake"), TimeProvider.System, NullLogger.Instance);
        _listener.Start();
        _client.Connect(_listener.LocalEndPoint);
    }

    private void Post(Action work)
    {
        _handOffs.Enqueue("post");
        _posted.Enqueue(work);
    }

    public void Dispose()
    {
        _client.Dispose();
        _listener.Dispose();
    }

    /// <summary>Runs posted media-thread work until <paramref name="frames"/> frames arrived; returns what that work allocated.</summary>
    private long PumpUntil(long frames)
    {
        long allocated = 0;
        var clock = Stopwatch.StartNew();
        while (Interlocked.Read(ref _handler.Frames) < frames)
        {
            Assert.True(clock.Elapsed < Deadline, $"{_handler.Frames} of {frames} frames arrived");
            if (_posted.TryDequeue(out var action))
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                action();
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            else
            {
                Thread.Yield();
            }
        }

        return allocated;
    }

    private void SendFrames(int count, int length)
    {
        var frame = new byte[2 + length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)length);
        frame[2] = 0x80;
        for (var i = 0; i < count; i++)
        {
            _client.Send(frame);
        }
    }

    [Fact]
    public void TakingFrames_OnTheMediaThread_AllocatesNothing()
    {
        SendFrames(20, 1200);
        PumpUntil(20);

        // Three windows of 1,000 frames; the least counts (see AllocationMeter).
        var least = long.MaxValue;
        for (var window = 1; window <= 3; window++)
        {
            SendFrames(1000, 1200);
            least = Math.Min(least, PumpUntil(20 + (window * 1000)));
        }

        Assert.Equal(0, least);
        Assert.Equal(3020, _handler.Frames);
    }

    [Fact]
    public async Task FramingAndSending_AllocatesNothing()
    {
        SendFrames(1, 100);
        PumpUntil(1); // The connection exists (its id is 1) once its first frame was taken.
        var packet = new byte[1000];
        packet[0] = 0x80;
        for (var i = 0; i < 10; i++)
        {
            _listener.Send(1, packet);
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(() => _listener.Send(1, packet), iterations: 30));
        Assert.Equal(0, _listener.SendDrops);

        var received = 0;
        var buffer = new byte[(10 + 1 + (3 * 30)) * 1002];
        using var timeout = new CancellationTokenSource(Deadline);
        while (received < buffer.Length)
        {
            received += await _client.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, timeout.Token);
        }

        Assert.Equal(1000, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(buffer.Length - 1002))); // The last frame's length prefix.
    }

    [Fact]
    public void EachHandOff_WakesTheMediaThread_AfterPostingItsWork()
    {
        // Without the wake-up the media thread ran a TCP client's frames only at its poll's timeout (a check's round
        // trip: 5.2 ms over TCP against 0.17 ms over UDP). The order matters: a wake-up before the post could be
        // consumed by a poll that then finds no work and sleeps out its timeout.
        SendFrames(1, 100);
        PumpUntil(1);
        var clock = Stopwatch.StartNew();
        while (_handOffs.Count < 2)
        {
            Assert.True(clock.Elapsed < Deadline, $"hand-offs: {string.Join(", ", _handOffs)}");
            Thread.Yield();
        }

        Assert.Equal(["post", "wake"], _handOffs.Take(2));
    }

    private sealed class CountingHandler : ITcpFrameHandler
    {
        public long Frames;

        public void OnDatagram(Span<byte> packet, SocketAddress path) => Interlocked.Increment(ref Frames);

        public bool IsRouted(SocketAddress path) => false;

        public void OnPathClosed(SocketAddress path)
        {
        }
    }
}
