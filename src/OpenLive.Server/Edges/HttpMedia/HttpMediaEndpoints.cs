using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Turn;

namespace OpenLive.Server.Edges.HttpMedia;

/// <summary>
/// WHIP (RFC 9725) and WHEP (draft-ietf-wish-whep) over HTTP, for OBS, GStreamer and bare browser pages:
/// <code>
/// POST   /whip/{sdkAppId}/{roomId}/{userId}                     Bearer userSig of userId; application/sdp offer
/// POST   /whep/{sdkAppId}/{roomId}/{publisherId}?user={viewer}  Bearer userSig of the viewer
///        optional: ?role=, and the privateMapKey in X-OpenLive-PrivateMapKey (or ?privateMapKey=, kept for old clients)
///        → 201 Created, application/sdp answer, Location: /whip|whep/resource/{id}, ETag
/// PATCH  /whip|whep/resource/{id}   application/trickle-ice-sdpfrag: candidates 204, ICE restart 422
/// DELETE /whip|whep/resource/{id}   ends it (the member leaves the room)
///        on any node of a cluster: one that does not hold the resource reaches it through its registration
/// OPTIONS on each                   CORS preflight, Accept-Post / Accept-Patch
/// </code>
/// Every answer carries CORS headers for any origin; errors are JSON <c>{module, code, message}</c>
/// (<see cref="HttpMediaErrors"/>). Other methods get 405 with <c>Allow</c>.
/// </summary>
internal static class HttpMediaEndpoints
{
    private const string SdpType = "application/sdp";
    private const string TrickleType = "application/trickle-ice-sdpfrag";
    private const string EndpointMethods = "OPTIONS, POST";
    private const string ResourceMethods = "OPTIONS, PATCH, DELETE";

    /// <summary>
    /// The privateMapKey's header. A URL's query ends up in proxies' and servers' request logs and in browser
    /// history; a header does not, so the header is the documented way and wins over <c>?privateMapKey=</c>.
    /// </summary>
    public const string PrivateMapKeyHeader = "X-OpenLive-PrivateMapKey";

    public static void MapHttpMedia(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/whip/{sdkAppId}/{roomId}/{userId}", context => EndpointAsync(context, HttpMediaKind.Whip));
        endpoints.Map("/whep/{sdkAppId}/{roomId}/{publisherId}", context => EndpointAsync(context, HttpMediaKind.Whep));
        endpoints.Map("/whip/resource/{id}", context => ResourceAsync(context, HttpMediaKind.Whip));
        endpoints.Map("/whep/resource/{id}", context => ResourceAsync(context, HttpMediaKind.Whep));
    }

    private static async Task EndpointAsync(HttpContext context, HttpMediaKind kind)
    {
        AllowAnyOrigin(context.Response);
        var method = context.Request.Method;
        if (HttpMethods.IsOptions(method))
        {
            Preflight(context.Response, EndpointMethods, "Authorization, Content-Type, " + PrivateMapKeyHeader);
            context.Response.Headers["Accept-Post"] = SdpType;
            return;
        }

        if (!HttpMethods.IsPost(method))
        {
            await MethodNotAllowedAsync(context, EndpointMethods).ConfigureAwait(false);
            return;
        }

        try
        {
            await PostAsync(context, kind).ConfigureAwait(false);
        }
        catch (LiveException e)
        {
            await HttpMediaErrors.WriteAsync(context, e).ConfigureAwait(false);
        }
    }

    private static async Task PostAsync(HttpContext context, HttpMediaKind kind)
    {
        var request = context.Request;
        var route = request.RouteValues;
        if (!uint.TryParse(route["sdkAppId"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var sdkAppId))
        {
            throw new LiveException(ILiveErrorCode.NotFound, $"\"{route["sdkAppId"]}\" is not an sdkAppId");
        }

        var viewer = kind == HttpMediaKind.Whep ? Single(request.Query["user"]) : null;
        if (kind == HttpMediaKind.Whep && string.IsNullOrEmpty(viewer))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "name the viewer: ?user=<viewer's user id> (the bearer token is its userSig)");
        }

        if (Bearer(request) is not { } userSig)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"openlive\"";
            await HttpMediaErrors.WriteAsync(context, StatusCodes.Status401Unauthorized,
                new LiveException(ILiveErrorCode.InvalidParam, "send Authorization: Bearer <userSig of the user>")).ConfigureAwait(false);
            return;
        }

        if (!HasMediaType(request, SdpType))
        {
            await HttpMediaErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                new LiveException(AVErrorCode.ServerInvalidArgument, $"the body must be an SDP offer (Content-Type: {SdpType})")).ConfigureAwait(false);
            return;
        }

        if (await ReadBodyAsync(request, HttpMediaEntry.MaxSdpLength).ConfigureAwait(false) is not { } sdp)
        {
            await HttpMediaErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                new LiveException(AVErrorCode.ServerInvalidArgument, $"the offer is longer than {HttpMediaEntry.MaxSdpLength / 1024} KiB")).ConfigureAwait(false);
            return;
        }

        var entry = context.RequestServices.GetRequiredService<HttpMediaEntry>();
        var target = new HttpMediaEntry.Request(sdkAppId, (string)route["roomId"]!, viewer ?? (string)route["userId"]!, userSig, sdp,
            Single(request.Query["role"]), PrivateMapKey(request));
        var (session, answer) = kind == HttpMediaKind.Whip
            ? await entry.PublishAsync(target).ConfigureAwait(false)
            : await entry.PlayAsync(target, (string)route["publisherId"]!).ConfigureAwait(false);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = session.Location;
        response.Headers.ETag = session.ETag;
        response.Headers.Link = IceServerLinks(context.RequestServices.GetRequiredService<TurnCredentialIssuer>(), session.UserId);
        response.ContentType = SdpType;
        await response.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The user's ICE servers as RFC 9725 §4.6 <c>Link</c> headers, only on a created session (after the userSig check):
    /// <code>
    /// Link: &lt;stun:stun.example.net&gt;; rel="ice-server"
    /// Link: &lt;turn:turn.example.net?transport=udp&gt;; rel="ice-server"; username="1767225600:alice"; credential="…"; credential-type="password"
    /// </code>
    /// URLs are checked to hold no character that could end the <c>&lt;…&gt;</c> (<see cref="IceServerUrl"/>); usernames
    /// are ASCII with the user id percent-encoded and credentials base64, so neither holds a quote or a backslash.
    /// </summary>
    private static Microsoft.Extensions.Primitives.StringValues IceServerLinks(TurnCredentialIssuer turn, string userId)
    {
        var links = new List<string>();
        foreach (var grant in turn.Issue(userId))
        {
            foreach (var url in grant.Urls)
            {
                links.Add(grant.Username is null
                    ? $"<{url}>; rel=\"ice-server\""
                    : $"<{url}>; rel=\"ice-server\"; username=\"{grant.Username}\"; credential=\"{grant.Credential}\"; credential-type=\"password\"");
            }
        }

        return links.Count == 0 ? default : new Microsoft.Extensions.Primitives.StringValues([.. links]);
    }

    private static async Task ResourceAsync(HttpContext context, HttpMediaKind kind)
    {
        AllowAnyOrigin(context.Response);
        var method = context.Request.Method;
        if (HttpMethods.IsOptions(method))
        {
            Preflight(context.Response, ResourceMethods, "Authorization, Content-Type, If-Match");
            context.Response.Headers["Accept-Patch"] = TrickleType;
            return;
        }

        if (!HttpMethods.IsDelete(method) && !HttpMethods.IsPatch(method))
        {
            await MethodNotAllowedAsync(context, ResourceMethods).ConfigureAwait(false);
            return;
        }

        var kindName = kind == HttpMediaKind.Whip ? "WHIP" : "WHEP";
        var notFound = new LiveException(ILiveErrorCode.NotFound, $"no such {kindName} resource (ended, or never created)");
        var resource = await FindAsync(context, (string)context.Request.RouteValues["id"]!).ConfigureAwait(false);
        if (resource is null)
        {
            await HttpMediaErrors.WriteAsync(context, notFound).ConfigureAwait(false);
            return;
        }

        HttpMediaResourceOutcome outcome;
        try
        {
            if (HttpMethods.IsDelete(method))
            {
                outcome = await resource.Delete(kind == HttpMediaKind.Whip).ConfigureAwait(false);
            }
            else if (await ReadPatchAsync(context).ConfigureAwait(false) is { } fragment)
            {
                outcome = await resource.Patch(kind == HttpMediaKind.Whip, context.Request.Headers.IfMatch.ToString(), fragment.Ufrag).ConfigureAwait(false);
            }
            else
            {
                return; // refused (415, 413, 400): the answer is written
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            outcome = HttpMediaResourceOutcome.NotFound; // its node is gone, and the resource with it
        }

        switch (outcome)
        {
            case HttpMediaResourceOutcome.Done:
                context.Response.StatusCode = HttpMethods.IsDelete(method) ? StatusCodes.Status200OK : StatusCodes.Status204NoContent;
                break;
            case HttpMediaResourceOutcome.PreconditionFailed:
                await HttpMediaErrors.WriteAsync(context, StatusCodes.Status412PreconditionFailed,
                    new LiveException(ILiveErrorCode.InvalidParam, $"If-Match {context.Request.Headers.IfMatch} is not this ICE session's entity tag")).ConfigureAwait(false);
                break;
            case HttpMediaResourceOutcome.RestartRefused:
                await HttpMediaErrors.WriteAsync(context, new LiveException(ILiveErrorCode.NotSupport,
                    "ICE restarts are not supported: DELETE this resource and POST a new offer")).ConfigureAwait(false);
                break;
            default:
                await HttpMediaErrors.WriteAsync(context, notFound).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// The resource: this node's own, or — behind a load balancer that sent the request elsewhere — another node's,
    /// through its registration (<see cref="IHttpMediaResourceGrain"/>). Null for an id that cannot be one (not 32
    /// lowercase hex digits: nothing is looked up for it) or that nobody registered.
    /// </summary>
    private static async Task<IHttpMediaResource?> FindAsync(HttpContext context, string id)
    {
        if (context.RequestServices.GetRequiredService<HttpMediaSessions>().TryGet(id, out var local))
        {
            return local;
        }

        if (!HttpMediaSessions.IsResourceId(id))
        {
            return null;
        }

        try
        {
            return await context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IHttpMediaResourceGrain>(id).Find().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Trickle ICE and ICE restarts (RFC 9725 §4.3.1): the body read and parsed here, on the node the request reached.
    /// The SFU is ICE-lite: it learns the client's addresses from the client's checks, so trickled candidates are
    /// accepted (204) and dropped; an ICE restart (new ufrag) is not supported, which the RFC answers with 422 for a
    /// server that trickles but does not restart. Null when refused (the answer is written).
    /// </summary>
    private static async Task<TrickleFragment?> ReadPatchAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HasMediaType(request, TrickleType))
        {
            await HttpMediaErrors.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                new LiveException(AVErrorCode.ServerInvalidArgument, $"PATCH takes {TrickleType}")).ConfigureAwait(false);
            return null;
        }

        if (await ReadBodyAsync(request, TrickleFragment.MaxLength).ConfigureAwait(false) is not { } body)
        {
            await HttpMediaErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                new LiveException(AVErrorCode.ServerInvalidArgument, $"the fragment is longer than {TrickleFragment.MaxLength / 1024} KiB")).ConfigureAwait(false);
            return null;
        }

        if (!TrickleFragment.TryParse(body, out var fragment))
        {
            await HttpMediaErrors.WriteAsync(context, new LiveException(AVErrorCode.ServerInvalidArgument, "the body is not a trickle-ice-sdpfrag (RFC 8840)")).ConfigureAwait(false);
            return null;
        }

        return fragment;
    }

    /// <summary>CORS (Fetch standard) for pages of any origin; the WHIP/WHEP headers a page must read are exposed.</summary>
    private static void AllowAnyOrigin(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "Location, ETag, Link, Accept-Post, Accept-Patch";
    }

    /// <summary>An OPTIONS answer: 200 (RFC 9725 §4.2) with the methods and headers a preflight may use.</summary>
    private static void Preflight(HttpResponse response, string methods, string headers)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.Allow = methods;
        response.Headers.AccessControlAllowMethods = methods;
        response.Headers.AccessControlAllowHeaders = headers;
        response.Headers.AccessControlMaxAge = "86400";
    }

    private static Task MethodNotAllowedAsync(HttpContext context, string allowed)
    {
        context.Response.Headers.Allow = allowed;
        return HttpMediaErrors.WriteAsync(context, StatusCodes.Status405MethodNotAllowed,
            new LiveException(ILiveErrorCode.NotSupport, $"{context.Request.Method} is not supported here; allowed: {allowed}"));
    }

    private static string? Bearer(HttpRequest request)
    {
        const string Scheme = "Bearer ";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    private static bool HasMediaType(HttpRequest request, string mediaType) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) && parsed.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0] : null;

    private static string? PrivateMapKey(HttpRequest request) =>
        request.Headers.TryGetValue(PrivateMapKeyHeader, out var header) ? Single(header) : Single(request.Query["privateMapKey"]);

    /// <summary>The body as UTF-8 text, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = 0;
            while (length <= limit)
            {
                var read = await request.Body.ReadAsync(buffer.AsMemory(length, limit + 1 - length), request.HttpContext.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return length > limit ? null : Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
