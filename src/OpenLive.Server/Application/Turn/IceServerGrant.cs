namespace OpenLive.Server.Application.Turn;

/// <summary>
/// One <c>RTCIceServer</c> for one user: URLs and, for TURN, the REST-scheme username and credential (null for STUN).
/// </summary>
internal sealed record IceServerGrant(IReadOnlyList<string> Urls, string? Username, string? Credential);
