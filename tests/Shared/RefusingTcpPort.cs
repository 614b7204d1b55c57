using System.Net;
using System.Net.Sockets;

namespace OpenLive.Tests.Shared;

/// <summary>
/// A loopback TCP port that refuses connections for as long as this is held: a socket bound to it but never listening
/// (Linux answers a SYN to it with a reset). Unlike a port picked free and released, no other process can start
/// listening on it during the test, so "the ingest is unreachable" stays true.
/// </summary>
internal sealed class RefusingTcpPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingTcpPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
