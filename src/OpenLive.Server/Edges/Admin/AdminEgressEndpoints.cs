using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Egress;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Grains;

namespace OpenLive.Server.Edges.Admin;

/// <summary>
/// Egress of any room through <c>/admin/v1/apps/{sdkAppId}/rooms/{roomId}/egress</c>: list the running channels, start
/// one for any member (iLiveSDK's PushStreamOption fields, checked as the SDKs' are; no rights check: the admin key is
/// the right), stop one. Channel ids are strings (uint64, beyond what JSON numbers keep exactly).
/// </summary>
internal static class AdminEgressEndpoints
{
    public static void MapAdminEgress(this RouteGroupBuilder admin)
    {
        var egress = admin.MapGroup("/apps/{sdkAppId}/rooms/{roomId}/egress");

        egress.MapGet("/", async (uint sdkAppId, string roomId, EgressService service) =>
            await AnswerAsync(async () => Results.Json(
                Array.ConvertAll(await service.AdminListAsync(RoomKey(sdkAppId, roomId)).ConfigureAwait(false), View),
                AdminEgressJson.Default.EgressChannelViewArray)).ConfigureAwait(false));

        egress.MapPost("/", async (uint sdkAppId, string roomId, HttpRequest request, EgressService service) =>
        {
            StartEgressRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync(AdminEgressJson.Default.StartEgressRequest).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or BadHttpRequestException or InvalidOperationException)
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, $"the body is not a StartEgressRequest: {e.Message}"));
            }

            if (body?.UserId is not { Length: > 0 } userId)
            {
                return AdminResults.Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, "name the member: userId"));
            }

            var option = new PushOptionValues(body.PushDataType, body.Encode, body.RecordFileType, body.OnlyPushAudio, string.Empty, userId, body.FileName);
            return await AnswerAsync(async () => Results.Json(View(await service.AdminStartAsync(sdkAppId, RoomKey(sdkAppId, roomId), option).ConfigureAwait(false)), AdminEgressJson.Default.EgressChannelView, statusCode: StatusCodes.Status201Created)).ConfigureAwait(false);
        });

        egress.MapDelete("/{channelId}", async (uint sdkAppId, string roomId, ulong channelId, EgressService service) =>
            await AnswerAsync(async () =>
            {
                await service.AdminStopAsync(RoomKey(sdkAppId, roomId), channelId).ConfigureAwait(false);
                return Results.NoContent();
            }).ConfigureAwait(false));
    }

    /// <summary>Refusals with their HTTP status: missing room, member or channel 404; a feature the server does not run 501; the rest 400.</summary>
    private static async Task<IResult> AnswerAsync(Func<Task<IResult>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (LiveException e)
        {
            var status = (e.Module, e.Code) switch
            {
                ("AVSDK", (int)AVErrorCode.ServerRoomNotExist or (int)AVErrorCode.ServerEndpointNotExist) or ("ILiveSDK", (int)ILiveErrorCode.NotFound) => StatusCodes.Status404NotFound,
                ("ILiveSDK", (int)ILiveErrorCode.NotSupport) => StatusCodes.Status501NotImplemented,
                ("AVSDK", (int)AVErrorCode.ServerAllocResourceFailed) => StatusCodes.Status429TooManyRequests,
                _ => StatusCodes.Status400BadRequest,
            };
            return AdminResults.Error(status, e);
        }
    }

    private static string RoomKey(uint sdkAppId, string roomId) => RoomKeys.Validate(sdkAppId, RoomKeys.FromPathSegment(roomId)).GrainKey;

    private static EgressChannelView View(RoomEgressChannel channel) => new(
        channel.ChannelId.ToString(CultureInfo.InvariantCulture),
        channel.MemberId,
        channel.StartedBy,
        channel.Order.Screen ? "screen" : "camera",
        channel.Order.AudioOnly,
        channel.Order.Record,
        channel.FileIds,
        channel.HlsUrls,
        [.. channel.RtmpUrls.Select(EgressOptionValues.WithoutCredentials)],
        DateTimeOffset.FromUnixTimeMilliseconds(channel.StartedAtMs));
}

/// <summary>Starts a channel (iLiveSDK's PushStreamOption numbers: pushDataType 0/1, encode 0/0x01/0x05/0x06, recordFileType 0/4).</summary>
internal sealed record StartEgressRequest(string? UserId, uint PushDataType, uint Encode, uint RecordFileType, bool OnlyPushAudio, string? FileName);

/// <summary>A running channel: whose stream, who started it, its outputs (RTMP ingests as rtmp://host/app/, without the stream key).</summary>
internal sealed record EgressChannelView(
    string ChannelId,
    string UserId,
    string StartedBy,
    string Source,
    bool AudioOnly,
    bool Record,
    IReadOnlyList<string> FileIds,
    IReadOnlyList<string> HlsUrls,
    IReadOnlyList<string> RtmpUrls,
    DateTimeOffset StartedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StartEgressRequest))]
[JsonSerializable(typeof(EgressChannelView))]
[JsonSerializable(typeof(EgressChannelView[]))]
internal sealed partial class AdminEgressJson : JsonSerializerContext;
