using Microsoft.Extensions.Options;

namespace OpenLive.Server.Application.Turn;

/// <summary>The URLs of <c>OpenLive:Turn:Urls</c> (<c>--turn-url</c>): an operator's coturn, or any STUN server.</summary>
internal sealed class ConfiguredIceServers(IOptions<TurnOptions> options) : IIceServerSource
{
    public IReadOnlyList<string> Urls { get; } = [.. options.Value.Urls];
}
