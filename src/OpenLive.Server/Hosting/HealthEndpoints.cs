using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpenLive.Server.Hosting;

/// <summary>The readiness probe: 200 "ok" once the node serves, 503 while it starts.</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/healthz", (ReadinessState readiness) =>
            readiness.IsReady ? Results.Text("ok") : Results.Text("starting", statusCode: StatusCodes.Status503ServiceUnavailable));
}
