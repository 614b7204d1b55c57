using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Server.Application.Turn;
using OpenLive.Sfu;
using OpenLive.Turn;

namespace OpenLive.Server.Hosting;

/// <summary>
/// Runs the embedded TURN server (<c>OpenLive:Turn:Embedded</c>, off by default) beside the SFU, relaying only to the
/// SFU's own UDP endpoints, with the TURN REST API secret <c>OpenLive:Turn:Secret</c> — the one the login's ICE servers
/// are made with. <see cref="Urls"/> are the <c>turn:</c> URLs to hand to clients (empty while off).
/// </summary>
/// <remarks>
/// It is an <see cref="IIceServerSource"/>: the login's <see cref="TurnCredentialIssuer"/> hands its URLs out with
/// credentials signed by the same secret (read through <see cref="TurnOptions"/>, so <c>--turn-secret-file</c> works
/// for both).
/// </remarks>
internal sealed class EmbeddedTurnHost(IOptions<EmbeddedTurnOptions> options, SfuEngine media, ILogger<TurnServer> logger) : IHostedService, IIceServerSource, IDisposable
{

    private TurnServer? server;

    /// <summary>
    /// The <c>turn:</c> URLs the embedded server answers on — <c>turn:host:port?transport=udp</c> and
    /// <c>?transport=tcp</c> — for the ICE servers given to clients; empty when the server is off or not started.
    /// </summary>
    public IReadOnlyList<string> Urls => server?.Urls ?? [];

    /// <summary>The running server, or null.</summary>
    public TurnServer? Server => server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        // The SFU's UDP endpoints: what it announces, and its sockets themselves when bound to specific addresses.
        var endpoints = media.Candidates.ToList();
        endpoints.AddRange(media.LocalEndPoints.Where(e => !e.Address.Equals(System.Net.IPAddress.Any) && !e.Address.Equals(System.Net.IPAddress.IPv6Any)));

        server = new TurnServer(options.Value, endpoints, TimeProvider.System, logger);
        server.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        server?.Dispose();
        server = null;
    }

    /// <summary>Registers the options (validated at start) and the hosted service.</summary>
    public static void Add(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddedTurnOptions>()
            .Bind(builder.Configuration.GetSection(EmbeddedTurnOptions.Section))
            .PostConfigure<IOptions<SfuOptions>, IOptions<TurnOptions>>((turn, mediaOptions, credentials) =>
            {
                turn.Secret = credentials.Value.ResolveSecret();
                if (string.IsNullOrEmpty(turn.BindAddress))
                {
                    // The first media bind address (TURN listens on one address).
                    turn.BindAddress = mediaOptions.Value.ParsedBindAddress().ToString();
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<EmbeddedTurnHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmbeddedTurnHost>());
        // Its URLs join the ICE servers every login gets (empty while it is off).
        builder.Services.AddSingleton<IIceServerSource>(sp => sp.GetRequiredService<EmbeddedTurnHost>());
    }
}
