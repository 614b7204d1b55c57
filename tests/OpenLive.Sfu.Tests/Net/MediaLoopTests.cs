using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OpenLive.Sfu.Net;

namespace OpenLive.Sfu.Tests.Net;

/// <summary>
/// The SFU's media loop over the shared UDP loop (whose receiving, posting, timers and resilience UdpSocketLoopTests
/// covers): what it adds is the SFU's handler and a log line for a failed packet.
/// </summary>
public sealed class MediaLoopTests
{
    private sealed class FaultyThenEcho : IDatagramHandler
    {
        public MediaLoop? Loop { get; set; }

        public void OnDatagram(Span<byte> packet, SocketAddress from)
        {
            if (packet[0] == 0xFF)
            {
                throw new InvalidOperationException("a bug in one packet's handling");
            }

            Loop!.Send(packet, from);
        }

        public long OnTick(long now) => now + (TimeProvider.System.TimestampFrequency / 100);
    }

    private sealed class ErrorLog : ILogger
    {
        public int Errors;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error && exception is InvalidOperationException)
            {
                Interlocked.Increment(ref Errors);
            }
        }
    }

    [Fact]
    public async Task APacketsFailure_IsLogged_AndTheNextPacketIsHandled()
    {
        var handler = new FaultyThenEcho();
        var log = new ErrorLog();
        using var loop = new MediaLoop(new IPEndPoint(IPAddress.Loopback, 0), 1 << 20, handler, TimeProvider.System, log);
        handler.Loop = loop;
        loop.Start();

        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendAsync(new byte[] { 0xFF }, loop.LocalEndPoint, TestContext.Current.CancellationToken);
        await client.SendAsync(new byte[] { 1, 2, 3 }, loop.LocalEndPoint, TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var echo = await client.ReceiveAsync(timeout.Token);

        // The faulty datagram was handled (and logged) before the echoed one: the loop handles them in order.
        Assert.Equal([1, 2, 3], echo.Buffer);
        Assert.Equal(1, Volatile.Read(ref log.Errors));
        Assert.Equal(2, loop.DatagramsReceived);
        Assert.Equal(0, loop.SendFailures);
    }
}
