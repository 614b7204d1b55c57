using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Testing;

/// <summary>
/// A loopback TCP relay in front of a server that holds every connection until <see cref="Release"/>: a client that
/// connects through it is stuck waiting for the server's first byte (its WebSocket handshake unanswered) for as long as
/// the test needs, and then carries on as if the network had only been slow. It puts a client at a known point of a
/// request without sleeping and without hooks in the code under test.
/// </summary>
public sealed class HeldRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _relays = [];
    private readonly Task _accepting;

    public HeldRelay(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        _listener.Start();
        Url = new UriBuilder(target) { Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port }.Uri;
        _accepting = AcceptAsync();
    }

    /// <summary>The relay's URL: the target's, on the relay's port.</summary>
    public Uri Url { get; }

    /// <summary>Lets every held connection, and every later one, through to the target.</summary>
    public void Release() => _released.TrySetResult();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                _relays.Add(RelayAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed: no more connections.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await _released.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
                await server.ConnectAsync(_target.Host, _target.Port, _stop.Token).ConfigureAwait(false);
                var toServer = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                var toClient = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                // Either side closing ends the pair (the usings close the other side).
                await Task.WhenAny(toServer, toClient).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The relay or one of its ends went away.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        await Task.WhenAll(_relays).ConfigureAwait(false);
        _listener.Dispose();
        _stop.Dispose();
    }
}
