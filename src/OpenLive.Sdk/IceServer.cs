namespace OpenLive.Sdk;

/// <summary>
/// One ICE server the server issued at login (an <c>RTCIceServer</c>): STUN URLs without credentials, or TURN URLs with
/// a short-lived username/credential in the TURN REST API scheme (the username starts with its expiry in unix seconds).
/// OpenLive's own client peer (OpenLive.Rtc.Client) has no TURN client and does not use them; they are here for apps
/// that drive another WebRTC stack with this SDK's signaling.
/// </summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username, string? Credential);
