using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenLive.Protocol;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>The signaling WebSocket endpoint (<c>/signal</c>).</summary>
internal static class SignalingEndpoints
{
    // Built once: ActivatorUtilities.CreateInstance would look the constructor up by reflection on every connection.
    private static readonly ObjectFactory<SignalingSession> NewSession = ActivatorUtilities.CreateFactory<SignalingSession>([typeof(WebSocket)]);

    public static void MapSignaling(this IEndpointRouteBuilder endpoints) =>
        endpoints.Map("/signal", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync($"/signal is a WebSocket endpoint (subprotocol {ProtocolVersion.SubProtocol}).").ConfigureAwait(false);
                return;
            }

            var subProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains(ProtocolVersion.SubProtocol) ? ProtocolVersion.SubProtocol : null;
            using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol).ConfigureAwait(false);
            using var session = NewSession(context.RequestServices, [socket]);
            // Draining: on shutdown each session gets a close frame (1001 "going away") instead of a dropped socket.
            var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var drain = stopping.Register(static state => ((SignalingSession)state!).Shutdown(), session);
            await session.RunAsync(context.RequestAborted).ConfigureAwait(false);
        });

}
