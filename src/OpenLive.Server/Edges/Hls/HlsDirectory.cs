using Microsoft.Extensions.Options;
using OpenLive.Server.Application.Egress;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Edges.Hls;

/// <summary>The HLS directory as an absolute path, resolved once from <see cref="LiveOutputOptions"/> and the data directory.</summary>
internal sealed class HlsDirectory(IOptions<LiveOutputOptions> live, IOptions<ServerOptions> server)
{
    /// <summary>The absolute HLS directory (no trailing separator).</summary>
    public string Path { get; } = live.Value.ResolveHlsDirectory(server.Value.DataDirectory);
}
