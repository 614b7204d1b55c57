using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Egress;
using OpenLive.Server.Edges.Recordings;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Edges.Admin;

/// <summary>
/// An app's recordings through <c>/admin/v1/apps/{sdkAppId}/recordings</c>: the list (from the recordings' metadata,
/// newest first) and signed links that play one recording in a browser without the admin key
/// (<see cref="RecordingLinks"/>).
/// </summary>
internal static class AdminRecordingEndpoints
{
    private const int DefaultLimit = 100;

    public static void MapAdminRecordings(this RouteGroupBuilder admin)
    {
        var recordings = admin.MapGroup("/apps/{sdkAppId}/recordings");

        recordings.MapGet("/", (uint sdkAppId, string? roomId, int? limit, RecordingCatalog catalog) =>
        {
            if (roomId is { Length: 0 or > 256 })
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, "roomId: 1 to 256 characters"));
            }

            var listed = catalog.List(sdkAppId, roomId, Math.Clamp(limit ?? DefaultLimit, 1, RecordingCatalog.MaxEntries));
            return Results.Json(listed.Select(View).ToArray(), AdminRecordingJson.Default.RecordingViewArray);
        });

        recordings.MapPost("/link", async (uint sdkAppId, HttpRequest request, RecordingCatalog catalog, RecordingLinks links, [Microsoft.Extensions.DependencyInjection.FromKeyedServices(ServerClock.Key)] TimeProvider time) =>
        {
            RecordingLinkRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync(AdminRecordingJson.Default.RecordingLinkRequest).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or BadHttpRequestException or InvalidOperationException)
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, $"the body is not a RecordingLinkRequest: {e.Message}"));
            }

            var fileId = body?.FileId;
            var lifetime = body?.ExpiresInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : RecordingLinks.DefaultLifetime;
            if (lifetime <= TimeSpan.Zero || lifetime > RecordingLinks.MaxLifetime)
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, $"expiresInSeconds: 1 to {RecordingLinks.MaxLifetime.TotalSeconds:0}"));
            }

            // Only a recording of this app (ids begin with the app's directory) that exists.
            if (fileId is null || !fileId.StartsWith(sdkAppId.ToString(CultureInfo.InvariantCulture) + "/", StringComparison.Ordinal)
                || !RecordingFileIds.TryResolve(catalog.RecordingsDirectory, fileId, out var path) || !File.Exists(path))
            {
                return AdminResults.Error(StatusCodes.Status404NotFound, new LiveException(ILiveErrorCode.InvalidParam, "no such recording of this app"));
            }

            var expires = time.GetUtcNow().Add(lifetime);
            return Results.Json(new RecordingLink(links.Create(fileId, expires), expires), AdminRecordingJson.Default.RecordingLink);
        });
    }

    private static RecordingView View(RecordingMetadata metadata) => new(
        metadata.File ?? metadata.FileId,
        metadata.RoomId,
        metadata.MemberId,
        metadata.ChannelId.ToString(CultureInfo.InvariantCulture),
        metadata.Container,
        metadata.Codecs,
        metadata.StartedAt,
        metadata.EndedAt,
        metadata.DurationMs ?? 0,
        metadata.Size ?? 0,
        metadata.State.ToString().ToLowerInvariant(),
        metadata.Error);
}

/// <summary>One recording as the admin API lists it: <c>fileId</c> is its path under the recordings directory.</summary>
internal sealed record RecordingView(
    string FileId,
    string RoomId,
    string MemberId,
    string ChannelId,
    string? Container,
    IReadOnlyList<string> Codecs,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    long DurationMs,
    long SizeBytes,
    string State,
    string? Error);

/// <summary>Asks for a link to one recording, for <c>expiresInSeconds</c> (an hour by default, a week at most).</summary>
internal sealed record RecordingLinkRequest(string? FileId, long? ExpiresInSeconds);

/// <summary>A signed link (path and query, relative to the server) and when it stops working.</summary>
internal sealed record RecordingLink(string Url, DateTimeOffset ExpiresAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecordingView[]))]
[JsonSerializable(typeof(RecordingLinkRequest))]
[JsonSerializable(typeof(RecordingLink))]
internal sealed partial class AdminRecordingJson : JsonSerializerContext;
