using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Server.Application.Egress;

namespace OpenLive.Server.Edges.Hls;

/// <summary>
/// Live HLS from the HLS directory, for players and CDNs pulling from this server:
/// <code>
/// GET|HEAD /live/{appId}/{room}/{member}/index.m3u8        application/vnd.apple.mpegurl   Cache-Control: no-cache
/// GET|HEAD /live/{appId}/{room}/{member}/init[-t].mp4      video/mp4                       public, max-age=1 year, immutable
/// GET|HEAD /live/{appId}/{room}/{member}/seg[-t]-N.m4s     video/iso.segment               public, max-age=1 year, immutable
/// </code>
/// The playlist changes every segment, so a CDN must revalidate it; init and segment names are never reused with other
/// content (an output's file token, <see cref="LiveOutputPaths"/>), so they may be cached for good — the split
/// Apple's HLS authoring guide and CDN vendors recommend. Every answer carries <c>Access-Control-Allow-Origin: *</c>
/// (hls.js players on other origins; the content is as public as the URL). Nothing is listed, and only names
/// <see cref="LiveOutputPaths"/> makes are served: any other path (traversal, encoded slashes, absolute paths, NUL,
/// overlong names, other files, a link) is 404 (Kestrel answers 400 to what it cannot parse), never a file outside
/// the directory. Other methods get 405 from routing.
/// </summary>
internal static class HlsEndpoints
{
    private const string PlaylistType = "application/vnd.apple.mpegurl";
    private const string ImmutableCache = "public, max-age=31536000, immutable";

    public static void MapHls(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/live/{appId}/{roomId}/{memberId}/{file}", [HttpMethods.Get, HttpMethods.Head], ServeAsync);

    private static async Task ServeAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.AccessControlAllowOrigin = "*";
        var route = context.Request.RouteValues;
        var file = route["file"] as string;
        var room = route["roomId"] as string;
        var member = route["memberId"] as string;
        if (!uint.TryParse(route["appId"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var appId)
            || !LiveOutputPaths.IsSafeName(room) || !LiveOutputPaths.IsSafeName(member) || !LiveOutputPaths.IsServedFileName(file))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var root = context.RequestServices.GetRequiredService<HlsDirectory>().Path;
        var path = System.IO.Path.Join(root, appId.ToString(CultureInfo.InvariantCulture), room, member, file);
        FileStream stream;
        try
        {
            // Every component was checked above; the prefix check and the link check are the second line of defence
            // (a link planted in the directory must not lead out of it).
            if (!System.IO.Path.GetFullPath(path).StartsWith(root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || new FileInfo(path) is not { Exists: true, LinkTarget: null })
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            // Opened before the headers: ffmpeg deletes segments that leave the window, and an open file stays readable.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using (stream.ConfigureAwait(false))
        {
            var playlist = file == LiveOutputPaths.Playlist;
            response.ContentType = playlist ? PlaylistType : file!.EndsWith(".mp4", StringComparison.Ordinal) ? "video/mp4" : "video/iso.segment";
            response.Headers.CacheControl = playlist ? "no-cache" : ImmutableCache;
            response.ContentLength = stream.Length;
            if (HttpMethods.IsHead(context.Request.Method))
            {
                return;
            }

            await stream.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
