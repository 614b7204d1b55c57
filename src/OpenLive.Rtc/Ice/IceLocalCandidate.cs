using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Ice;

/// <summary>A host candidate of ours and the caller's id of the socket it is the address of (its base).</summary>
internal sealed record IceLocalCandidate(IceCandidate Candidate, int SocketId, int LocalPreference);
