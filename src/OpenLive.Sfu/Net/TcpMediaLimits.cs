namespace OpenLive.Sfu.Net;

/// <summary>The bounds of the TCP media listener (from <see cref="SfuOptions"/>).</summary>
internal sealed record TcpMediaLimits(int MaxConnections, int MaxConnectionsPerAddress, TimeSpan HandshakeTimeout, int MaxFrameBytes, int ReceiveBufferBytes, int SendBufferBytes)
{
    public static TcpMediaLimits From(SfuOptions options) => new(
        options.TcpMaxConnections, options.TcpMaxConnectionsPerAddress, options.TcpHandshakeTimeout, options.TcpMaxFrameBytes, options.TcpReceiveBufferBytes, options.TcpSendBufferBytes);
}
