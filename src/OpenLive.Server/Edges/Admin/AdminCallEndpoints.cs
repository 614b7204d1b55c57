using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Errors;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Edges.Admin;

/// <summary>
/// Calls of an app through <c>/admin/v1/apps/{sdkAppId}/calls</c>: the calls going on (who, each one's state, since
/// when), and ending one (the server reclaims it: end code 6 for everyone in it or ringing). Call ids are strings
/// (uint64, beyond what JSON numbers keep exactly).
/// </summary>
internal static class AdminCallEndpoints
{
    public static void MapAdminCalls(this RouteGroupBuilder admin)
    {
        var calls = admin.MapGroup("/apps/{sdkAppId}/calls");

        calls.MapGet("/", async (uint sdkAppId, IGrainFactory grains, [FromKeyedServices(ServerClock.Key)] TimeProvider time) =>
        {
            var views = new List<CallAdminView>();
            foreach (var name in (await grains.GetGrain<IAppDirectoryGrain>(sdkAppId).Rooms().ConfigureAwait(false)).Values.Where(n => n.IsCall))
            {
                if (await grains.GetGrain<ICallGrain>(CallRooms.CallKey(sdkAppId, name.CallId)).View().ConfigureAwait(false) is { } call)
                {
                    views.Add(View(call, time.GetUtcNow()));
                }
            }

            return Results.Json(views.ToArray(), AdminCallJson.Default.CallAdminViewArray);
        });

        calls.MapDelete("/{callId}", async (uint sdkAppId, string callId, IGrainFactory grains) =>
            ulong.TryParse(callId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id != 0
                && await grains.GetGrain<ICallGrain>(CallRooms.CallKey(sdkAppId, id)).Reclaim("ended by the server's administrator").ConfigureAwait(false)
                ? Results.NoContent()
                : AdminResults.Error(StatusCodes.Status404NotFound, new LiveException(ILiveErrorCode.WrongState, $"no call {callId} is going on")));
    }

    private static CallAdminView View(CallView call, DateTimeOffset now) => new(
        call.CallId.ToString(CultureInfo.InvariantCulture),
        call.Kind == CallKind.Video ? "video" : "audio",
        call.SponsorUserId,
        call.Group,
        [.. call.Members.Select(m => new CallMemberAdminView(m.UserId, JsonNamingPolicy.CamelCase.ConvertName(m.Status.ToString())))],
        call.StartedAt,
        (long)(now - call.StartedAt).TotalSeconds);
}

/// <summary>A call going on: its kind, sponsor, participants and their states, when it started and for how long.</summary>
internal sealed record CallAdminView(string CallId, string Kind, string Sponsor, bool Group, IReadOnlyList<CallMemberAdminView> Members, DateTimeOffset StartedAt, long DurationSeconds);

/// <summary>A participant and its state: ringing, inCall, refused, busy, timedOut, left, disconnected.</summary>
internal sealed record CallMemberAdminView(string UserId, string State);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CallAdminView[]))]
internal sealed partial class AdminCallJson : JsonSerializerContext;
