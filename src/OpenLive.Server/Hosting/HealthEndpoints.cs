using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using OpenLive.Sfu;

namespace OpenLive.Server.Hosting;

/// <summary>
/// The readiness probe: 200 "ok" once the node serves, 503 while it starts or drains. A client that asks for JSON
/// (<c>Accept: application/json</c>) gets the same status with what the node's media uses: the UDP socket it is bound
/// to (every socket's, when it binds several addresses) and the addresses it announces to clients, so an operator can check them from anywhere. Probes that send no
/// such Accept header (load balancers, Kubernetes, curl) keep the plain text.
/// </summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/healthz", (HttpContext context, ReadinessState readiness, SfuEngine media, NodeIdentity node) =>
        {
            var status = readiness.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            var text = readiness.IsReady ? "ok" : readiness.IsStopping ? "draining" : "starting";
            return WantsJson(context.Request)
                ? Results.Json(Report(text, media) with { Node = node.Id }, HealthJson.Default.HealthReport, statusCode: status)
                : Results.Text(text, statusCode: status);
        });

    internal static HealthReport Report(string status, SfuEngine media) => new(
        status,
        new MediaAddressReport(
            media.LocalEndPoint.ToString(),
            media.BindDescription,
            [.. media.Candidates.Select(c => c.ToString())],
            [.. media.LocalEndPoints.Select(e => e.ToString())]));

    private static bool WantsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The JSON health report: <c>{"status":"ok","media":{"udp":"[::]:7882","bind":"…","announced":["192.0.2.10:7882"],"bound":["[::]:7882"]},"node":"…"}</c>;
/// status <c>starting</c>, <c>ok</c>, or <c>draining</c> once the node is shutting down (503 then: a load balancer
/// sends it nothing new); node is the id clients get at login and the admin API shows for the rooms it hosts.
/// </summary>
internal sealed record HealthReport(string Status, MediaAddressReport Media)
{
    public string? Node { get; init; }
}

/// <summary>
/// The (first) media socket's bound endpoint, the description of all of them, the host candidates clients are told,
/// and every socket's bound endpoint (one per bound address).
/// </summary>
internal sealed record MediaAddressReport(string Udp, string Bind, IReadOnlyList<string> Announced, IReadOnlyList<string> Bound);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJson : JsonSerializerContext;
