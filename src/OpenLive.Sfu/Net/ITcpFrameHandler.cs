using System.Net;

namespace OpenLive.Sfu.Net;

/// <summary>What the media thread does with the frames of TCP media connections. Called only on the media thread.</summary>
internal interface ITcpFrameHandler
{
    /// <summary>A frame (one STUN, DTLS or SRTP packet) arrived on the TCP path <paramref name="path"/> (see <see cref="TcpPathAddress"/>).</summary>
    void OnDatagram(Span<byte> packet, SocketAddress path);

    /// <summary>True once a check on <paramref name="path"/> passed for a transport (MESSAGE-INTEGRITY with a known ufrag's password).</summary>
    bool IsRouted(SocketAddress path);

    /// <summary>The connection behind <paramref name="path"/> closed: that path, and only it, is gone.</summary>
    void OnPathClosed(SocketAddress path);
}
