using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Egress;
using OpenLive.Server.Edges.Admin;

namespace OpenLive.Server.Edges.Recordings;

/// <summary>
/// <c>GET|HEAD /recordings/{fileId}?expires=…&amp;sig=…</c>: one recording through a signed link the admin API issued
/// (<see cref="RecordingLinks"/>), with range requests so a browser's player can seek. Nothing without a valid link,
/// nothing outside the recordings directory (<see cref="RecordingFileIds"/>), nothing listed.
/// </summary>
internal static class RecordingFileEndpoints
{
    public static void MapRecordingFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/recordings/{**fileId}", [HttpMethods.Get, HttpMethods.Head], (string fileId, string? expires, string? sig, HttpContext context, RecordingCatalog catalog, RecordingLinks links) =>
        {
            if (!links.Accepts(fileId, expires, sig))
            {
                return AdminResults.Error(StatusCodes.Status403Forbidden, new LiveException(AVErrorCode.ServerNoPermission, "this link is not valid or has expired: ask the admin API for a new one"));
            }

            if (!RecordingFileIds.TryResolve(catalog.RecordingsDirectory, fileId, out var path) || !File.Exists(path))
            {
                return AdminResults.Error(StatusCodes.Status404NotFound, new LiveException(ILiveErrorCode.InvalidParam, "no such recording"));
            }

            // The link is the credential: keep it out of shared caches.
            context.Response.Headers.CacheControl = "private, max-age=300";
            return Results.File(path, RecordingFileIds.ContentType(fileId), enableRangeProcessing: true);
        });
    }
}
