using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Protocol;
using OpenLive.Server.Hosting;
using OpenLive.Server.Observability;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>The signaling WebSocket endpoint (<c>/signal</c>).</summary>
internal static class SignalingEndpoints
{
    // Built once: ActivatorUtilities.CreateInstance would look the constructor up by reflection on every connection.
    private static readonly ObjectFactory<SignalingSession> NewSession = ActivatorUtilities.CreateFactory<SignalingSession>([typeof(WebSocket)]);

    public static void MapSignaling(this IEndpointRouteBuilder endpoints)
    {
        // One set of caps per endpoint (per node), counted over all its connections.
        var limits = new SignalingConnectionLimits(endpoints.ServiceProvider.GetRequiredService<IOptions<ServerOptions>>());
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignalingEndpoints).FullName!);
        endpoints.Map("/signal", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync($"/signal is a WebSocket endpoint (subprotocol {ProtocolVersion.SubProtocol}).").ConfigureAwait(false);
                return;
            }

            // Refused before the upgrade: a refused connection costs no WebSocket, session or buffers.
            var remote = context.Connection.RemoteIpAddress;
            if (!limits.TryAdmit(remote, out var place, out var refusal))
            {
                await RefuseAsync(context, logger, remote, refusal).ConfigureAwait(false);
                return;
            }

            using (place)
            {
                var subProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains(ProtocolVersion.SubProtocol) ? ProtocolVersion.SubProtocol : null;
                using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol).ConfigureAwait(false);
                using var session = NewSession(context.RequestServices, [socket]);
                // Draining: on shutdown each session gets a close frame (1001 "going away") instead of a dropped socket.
                var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                using var drain = stopping.Register(static state => ((SignalingSession)state!).Shutdown(), session);
                await session.RunAsync().ConfigureAwait(false);
            }
        });
    }

    /// <summary>429 when the client's address holds its share of connections, 503 when the node is full.</summary>
    private static async Task RefuseAsync(HttpContext context, ILogger logger, System.Net.IPAddress? remote, string refusal)
    {
        var services = context.RequestServices;
        services.GetRequiredService<ServerMetrics>().RefusedConnection(refusal);
        SignalingLog.ConnectionRefused(logger, remote, refusal);
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var perAddress = refusal == "per_ip_limit";
        context.Response.StatusCode = perAddress ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        await context.Response.WriteAsync(perAddress
            ? $"too many signaling connections from this address (at most {options.MaxConnectionsPerIp}); close one first"
            : $"this server holds its maximum of {options.MaxConnections} signaling connections; retry later or use another node").ConfigureAwait(false);
    }
}
