using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Client.Tests.Tcp;

/// <summary>One active ICE-TCP connection against a raw TCP peer: a stalled peer bounds the queue, hostile framing closes it.</summary>
public sealed class IceTcpConnectionTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly RecordingSink _sink = new();

    public IceTcpConnectionTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4);
    }

    public void Dispose() => _listener.Dispose();

    private async Task<(IceTcpConnection Connection, Socket Peer)> ConnectAsync(int sendQueueSize = 64 * 1024)
    {
        var accepting = _listener.AcceptAsync(TestContext.Current.CancellationToken).AsTask();
        var connection = await IceTcpConnection.ConnectAsync(1, IPAddress.Loopback, (IPEndPoint)_listener.LocalEndPoint!, _sink, sendQueueSize, TestContext.Current.CancellationToken);
        connection.Start();
        return (connection, await accepting.WaitAsync(Limit, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task APeerThatStopsReading_FillsTheQueueToItsBound_ThenPacketsAreDropped_NotQueued()
    {
        const int QueueSize = 64 * 1024;
        var (connection, peer) = await ConnectAsync(QueueSize);
        using var _ = connection;
        using var __ = peer;
        peer.ReceiveBufferSize = 4096;
        var packet = new byte[1200];
        packet[0] = 0x80;

        // Far more than the kernel's buffers and the queue hold together: the peer reads nothing.
        for (var i = 0; i < 20_000; i++)
        {
            connection.Send(packet);
        }

        Assert.True(connection.Dropped > 0, "nothing was dropped");
        Assert.InRange(connection.Queued, 0, QueueSize);
        Assert.False(connection.IsClosed);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x01 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0x01 })]
    public async Task HostileFraming_ClosesTheConnection_AndTellsTheOwnerOnce(byte[] garbage)
    {
        var (connection, peer) = await ConnectAsync();
        using var _ = connection;
        using var __ = peer;
        await peer.SendAsync(garbage, SocketFlags.None, TestContext.Current.CancellationToken);

        var reason = await _sink.Closed.Task.WaitAsync(Limit, TestContext.Current.CancellationToken);
        Assert.Contains("framing error", reason, StringComparison.Ordinal);
        Assert.True(connection.IsClosed);
        Assert.Equal(1, _sink.ClosedCount);
        Assert.False(connection.Send([0x80, 0x01]));
    }

    [Fact]
    public async Task Frames_SplitAcrossReads_ArriveWhole_AndThePeersCloseIsReported()
    {
        var (connection, peer) = await ConnectAsync();
        using var _ = connection;
        await peer.SendAsync(new byte[] { 0x00, 0x03, 0x80 }, SocketFlags.None, TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        await peer.SendAsync(new byte[] { 0x01, 0x02, 0x00, 0x01, 0x81 }, SocketFlags.None, TestContext.Current.CancellationToken);
        peer.Dispose();

        var reason = await _sink.Closed.Task.WaitAsync(Limit, TestContext.Current.CancellationToken);
        Assert.Equal(["800102", "81"], _sink.Frames);
        Assert.Contains("closed", reason, StringComparison.Ordinal);
    }

    private sealed class RecordingSink : IIceTcpFrameSink
    {
        private readonly List<string> _frames = [];
        private int _closed;

        public TaskCompletionSource<string> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int ClosedCount => Volatile.Read(ref _closed);

        public IReadOnlyList<string> Frames
        {
            get
            {
                lock (_frames)
                {
                    return [.. _frames];
                }
            }
        }

        public Rfc4571FrameStatus OnFrames(IceTcpConnection connection, Rfc4571FrameReader reader)
        {
            Rfc4571FrameStatus status;
            while ((status = reader.TryRead(out var frame)) == Rfc4571FrameStatus.Frame)
            {
                lock (_frames)
                {
                    _frames.Add(Convert.ToHexString(frame));
                }
            }

            return status;
        }

        public void OnClosed(IceTcpConnection connection, string reason)
        {
            Interlocked.Increment(ref _closed);
            Closed.TrySetResult(reason);
        }
    }
}
