using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Errors;
using OpenLive.Server.Edges.Admin;

namespace OpenLive.Server.Observability;

/// <summary>
/// <c>GET /metrics</c> (Prometheus text) behind the admin key, as the admin API: the counters tell an outsider how many
/// users are online, which logins fail and how, and when the node is busy. Prometheus sends the key with
/// <c>authorization: {credentials_file: …}</c>; a scrape without it is 401 with AVSDK 10003, like <c>/admin/v1</c>.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: RequireAdminKey, optionsName: null);

    private static void RequireAdminKey(IApplicationBuilder branch) => branch.Use(async (context, next) =>
    {
        if (!context.RequestServices.GetRequiredService<AdminKey>().Accepts(context.Request.Headers.Authorization))
        {
            await AdminResults.Error(StatusCodes.Status401Unauthorized,
                new LiveException(AVErrorCode.ServerNoPermission, "send Authorization: Bearer <admin key>")).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });
}
