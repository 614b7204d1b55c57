using System.Net;
using System.Net.Sockets;
using OpenLive.Sfu.Net;

namespace OpenLive.Sfu.Tests.Net;

/// <summary>The media thread's wake-up: one datagram the media socket recognises by its source, at most one in flight.</summary>
public sealed class MediaThreadWakerTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly Socket _media = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly MediaThreadWaker _waker;

    public MediaThreadWakerTests()
    {
        _media.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _waker = new MediaThreadWaker((IPEndPoint)_media.LocalEndPoint!);
    }

    public void Dispose()
    {
        _waker.Dispose();
        _media.Dispose();
    }

    private async Task<(byte[] Datagram, SocketAddress Source)> ReceiveAsync()
    {
        var buffer = new byte[64];
        var source = new SocketAddress(AddressFamily.InterNetwork);
        using var timeout = new CancellationTokenSource(Deadline);
        var length = await _media.ReceiveFromAsync(buffer, SocketFlags.None, source, timeout.Token);
        return (buffer[..length], source);
    }

    [Fact]
    public async Task AWakeUp_ReachesTheMediaSocket_AndIsRecognisedBySource()
    {
        _waker.Wake();
        var (datagram, source) = await ReceiveAsync();
        Assert.True(_waker.IsWakeUp(datagram, source));

        // The same byte from another socket is media (or an attack), not a wake-up.
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        other.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.False(_waker.IsWakeUp(datagram, other.LocalEndPoint!.Serialize()));
    }

    [Fact]
    public async Task WakeUps_WhileOneIsInFlight_SendNothingMore_UntilTheMediaThreadTookIt()
    {
        _waker.Wake();
        _waker.Wake();
        _waker.Wake();
        var (datagram, source) = await ReceiveAsync();
        Assert.True(_waker.IsWakeUp(datagram, source));
        Assert.Equal(0, _media.Available); // Loopback delivers in order at once: the second and third sent nothing.

        _waker.Wake();
        (datagram, source) = await ReceiveAsync();
        Assert.True(_waker.IsWakeUp(datagram, source));
    }
}
