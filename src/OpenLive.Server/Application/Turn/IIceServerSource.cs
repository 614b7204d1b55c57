namespace OpenLive.Server.Application.Turn;

/// <summary>
/// Where ICE server URLs come from: the configured ones (<see cref="ConfiguredIceServers"/>, an operator's coturn),
/// and — registered as another source — the embedded TURN server's. Every TURN URL of every source gets the same
/// REST-scheme credential, signed with the one <c>OpenLive:Turn</c> secret, so a source must accept exactly that.
/// </summary>
public interface IIceServerSource
{
    /// <summary>The URLs to hand out (turn:, turns:, stun:, stuns:), each valid as <see cref="TurnOptions.Urls"/> requires.</summary>
    IReadOnlyList<string> Urls { get; }
}
