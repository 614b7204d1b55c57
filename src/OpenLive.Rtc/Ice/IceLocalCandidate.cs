using System.Net;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Ice;

/// <summary>
/// A host candidate of ours and the caller's id of the socket it is the address of (its base). An active ICE-TCP
/// candidate (RFC 6544) is one connection: <paramref name="ConnectedTo"/> is the passive candidate it reaches, the only
/// one it pairs with; a UDP candidate (null) pairs with UDP candidates only.
/// </summary>
internal sealed record IceLocalCandidate(IceCandidate Candidate, int SocketId, int LocalPreference, IPEndPoint? ConnectedTo = null)
{
    /// <summary>RFC 6544 §6.2: pairs join candidates of one transport — UDP with UDP, an active TCP connection with the passive candidate it reaches.</summary>
    public bool CanPairWith(IceCandidate remote) => ConnectedTo is null ? remote.IsUdp : remote.IsTcp && ConnectedTo.Equals(remote.Endpoint);
}
