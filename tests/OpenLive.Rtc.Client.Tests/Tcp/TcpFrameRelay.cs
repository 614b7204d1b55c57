using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Rtc.Client.Tests.Tcp;

/// <summary>
/// A TCP hop between our client and the SFU's TCP media port that forwards RFC 4571 frames one by one, so a test can
/// lose one (what TCP itself never does) or break the connection under a running client.
/// </summary>
internal sealed class TcpFrameRelay : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly IPEndPoint _target;
    private readonly Func<byte[], bool> _dropFromClient;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _client;
    private Socket? _server;
    private int _dropped;
    private int _disposed;

    /// <param name="target">The SFU's TCP media endpoint.</param>
    /// <param name="dropFromClient">True for a client→server frame to lose.</param>
    public TcpFrameRelay(IPEndPoint target, Func<byte[], bool>? dropFromClient = null)
    {
        _target = target;
        _dropFromClient = dropFromClient ?? (_ => false);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _ = RunAsync();
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Client frames lost so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Rewrites the SFU's passive TCP candidate in an answer to point here.</summary>
    public string Redirect(string answer) =>
        answer.Replace($" {_target.Address} {_target.Port} typ host tcptype passive", $" {LocalEndPoint.Address} {LocalEndPoint.Port} typ host tcptype passive", StringComparison.Ordinal);

    /// <summary>Resets both connections, as a middlebox dropping the flow would.</summary>
    public void Break()
    {
        foreach (var socket in new[] { _client, _server })
        {
            if (socket is null)
            {
                continue;
            }

            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
                // Broken before.
            }

            socket.Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        Break();
        _listener.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            _client = await _listener.AcceptAsync(_stopping.Token);
            _server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await _server.ConnectAsync(_target, _stopping.Token);
            _client.NoDelay = true;
            await Task.WhenAll(PumpAsync(_client, _server, _dropFromClient), PumpAsync(_server, _client, _ => false));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Break();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, Func<byte[], bool> drop)
    {
        var header = new byte[2];
        using var stream = new NetworkStream(from, ownsSocket: false);
        try
        {
            while (true)
            {
                await stream.ReadExactlyAsync(header, _stopping.Token);
                var frame = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
                await stream.ReadExactlyAsync(frame, _stopping.Token);
                if (drop(frame))
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                await to.SendAsync(header, SocketFlags.None, _stopping.Token);
                await to.SendAsync(frame, SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or EndOfStreamException or IOException)
        {
            Break();
        }
    }
}
