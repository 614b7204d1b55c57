using System.Net.WebSockets;
using Google.Protobuf;
using OpenLive.Protocol.V1;

namespace OpenLive.Testing;

/// <summary>A bare WebSocket to the server, for sending what no SDK would.</summary>
public sealed class RawSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Queue<ServerFrame> _batched = new();

    public static async Task<RawSocket> ConnectAsync(Uri server)
    {
        var raw = new RawSocket();
        var url = new UriBuilder(new Uri(server, "/signal")) { Scheme = "ws" }.Uri;
        await raw._socket.ConnectAsync(url, CancellationToken.None);
        return raw;
    }

    public WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public Task SendBytesAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Binary) =>
        _socket.SendAsync(bytes, type, true, CancellationToken.None);

    /// <summary>Drops the connection without a close handshake, as a network failure would.</summary>
    public void Abort() => _socket.Abort();

    public Task SendAsync(ClientFrame frame) => SendBytesAsync(frame.ToByteArray());

    /// <summary>The next frame (batch frames unpacked, in order), or null when the server closed the connection.</summary>
    public async Task<ServerFrame?> ReceiveAsync()
    {
        if (_batched.TryDequeue(out var queued))
        {
            return queued;
        }

        var frame = await ReceiveWireFrameAsync();
        if (frame is null || frame.Batch.Count == 0)
        {
            return frame;
        }

        foreach (var inner in frame.Batch)
        {
            _batched.Enqueue(ServerFrame.Parser.ParseFrom(inner));
        }

        return _batched.Dequeue();
    }

    private async Task<ServerFrame?> ReceiveWireFrameAsync()
    {
        var buffer = new byte[256 * 1024];
        var length = 0;
        using var timeout = new CancellationTokenSource(Events.Timeout);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return ServerFrame.Parser.ParseFrom(buffer, 0, length);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Already gone.
            }
        }

        _socket.Dispose();
    }
}
