using System.Net;

namespace OpenLive.Rtc.Ice;

/// <summary>The candidate pair media uses: send from the local socket to the remote endpoint.</summary>
/// <param name="LocalEndpoint">The local candidate's address (its socket's).</param>
/// <param name="LocalSocketId">The caller's id of the socket to send from.</param>
/// <param name="RemoteEndpoint">Where to send.</param>
public sealed record IceSelectedPair(IPEndPoint LocalEndpoint, int LocalSocketId, IPEndPoint RemoteEndpoint);
