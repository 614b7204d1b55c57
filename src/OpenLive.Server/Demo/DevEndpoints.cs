using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Apps;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Application.Login;

namespace OpenLive.Server.Demo;

/// <summary>
/// The demo's backend, mapped in dev mode only (absent, so 404, otherwise), for the dev app:
/// <code>
/// POST /dev/v1/usersig          {"userId":"alice"} → {sdkAppId, userId, userSig, expireSeconds}
/// GET  /dev/v1/rooms            the live shows: [{roomId, isNumeric, title, owner, members, onAir, startedAt}]
/// PUT  /dev/v1/rooms/{roomId}   Bearer userSig of the owner; {"userId":"alice","title":"…"} → 204
/// GET  /dev/v1/users/online     user ids with a session now (whom the demo can call)
/// </code>
/// Issuing tickets to anyone who asks is what makes this dev-only: a real app's backend signs in its own users and
/// issues their userSigs. Errors are JSON <c>{module, code, message}</c> with the WHIP/WHEP statuses.
/// </summary>
internal static class DevEndpoints
{
    public static void MapDemoDev(this IEndpointRouteBuilder endpoints)
    {
        var dev = endpoints.MapGroup("/dev/v1").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (LiveException e)
            {
                var logger = context.HttpContext.RequestServices.GetRequiredService<ILogger<DemoShows>>();
                DemoLog.Refused(logger, e.Module, e.Code, e.Detail);
                return Edges.Admin.AdminResults.Error(Edges.HttpMedia.HttpMediaErrors.StatusOf(e), e);
            }
        });

        dev.MapPost("/usersig", IssueUserSigAsync);
        dev.MapGet("/rooms", ListShowsAsync);
        dev.MapPut("/rooms/{roomId}", TitleShowAsync);
        dev.MapGet("/users/online", async (DevApp devApp, IGrainFactory grains) =>
            Results.Json(await grains.GetGrain<IAppDirectoryGrain>(App(devApp).SdkAppId).OnlineUsers().ConfigureAwait(false), DemoJson.Default.StringArray));
    }

    private static async Task<IResult> IssueUserSigAsync(HttpRequest request, DevApp devApp, IOptions<ServerOptions> options,
        [FromKeyedServices(ServerClock.Key)] TimeProvider time, ILogger<DemoShows> logger)
    {
        var body = await ReadAsync(request, DemoJson.Default.DevUserSigRequest).ConfigureAwait(false);
        var userId = RequireUserId(body.UserId);
        var app = App(devApp);
        var expire = options.Value.Demo.UserSigExpireSeconds;
        var sig = new UserSigGenerator(app.SdkAppId, app.SecretKey, time).GenUserSig(userId, expire);
        DemoLog.IssuedUserSig(logger, userId, expire);
        return Results.Json(new DevUserSig(app.SdkAppId, userId, sig, expire), DemoJson.Default.DevUserSig);
    }

    private static async Task<IResult> ListShowsAsync(DevApp devApp, RoomListing listing, DemoShows shows)
    {
        var app = App(devApp);
        var live = await listing.ShowsAsync(app.SdkAppId).ConfigureAwait(false);
        shows.Prune([.. live.Select(s => s.Key)]);
        var views = live
            .Select(s => View(s.Key, s.Room, shows, app.SdkAppId))
            .OrderByDescending(v => v.StartedAt)
            .ToArray();
        return Results.Json(views, DemoJson.Default.DemoShowViewArray);
    }

    private static async Task<IResult> TitleShowAsync(string roomId, HttpRequest request, DevApp devApp, Application.Login.UserSigVerifiers verifiers, IGrainFactory grains,
        DemoShows shows, ILogger<DemoShows> logger)
    {
        var app = App(devApp);
        var (key, _) = RoomKeys.Validate(app.SdkAppId, RoomKeys.FromPathSegment(roomId));
        var body = await ReadAsync(request, DemoJson.Default.DemoTitleRequest).ConfigureAwait(false);
        var userId = RequireUserId(body.UserId);
        var title = DemoShows.Normalize(body.Title)
            ?? throw new LiveException(ILiveErrorCode.InvalidParam, $"the title is 1-{DemoShows.MaxTitleLength} characters without control characters");
        var authorization = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "send Authorization: Bearer <userSig of the room's owner>");
        }

        var verification = verifiers.For(app).VerifyAnyUserBuf(userId, authorization[Scheme.Length..].Trim());
        if (!verification.IsValid)
        {
            throw verification.ToException();
        }

        var state = await grains.GetGrain<IRoomAdministration>(key).AdminState().ConfigureAwait(false);
        var owner = state.GetValueOrThrow().Owner;
        if (owner != userId)
        {
            throw new LiveException(AVErrorCode.ServerNoPermission, $"only the room's owner \"{owner}\" may title its show");
        }

        shows.SetTitle(key, title);
        DemoLog.Titled(logger, key, userId);
        return Results.NoContent();
    }

    private static DemoShowView View(string key, RoomSnapshot room, DemoShows shows, uint sdkAppId)
    {
        var owner = room.Members.FirstOrDefault(m => m.UserId == room.Owner);
        var numeric = room.Name.Text is null;
        return new DemoShowView(
            room.Name.Text ?? room.Name.Number.ToString(CultureInfo.InvariantCulture),
            numeric,
            shows.TitleOf(key) ?? string.Empty,
            room.Owner,
            room.Members.Length,
            owner?.HasCamera ?? false,
            DateTimeOffset.FromUnixTimeMilliseconds(owner?.JoinedAtMs ?? 0),
            room.Counts?.Viewers ?? 0,
            room.Counts?.Likes ?? 0,
            sdkAppId);
    }

    private static AppRecord App(DevApp devApp) =>
        devApp.App ?? throw new LiveException(ILiveErrorCode.NotFound, "the dev app does not exist (the server is not in dev mode)");

    private static string RequireUserId(string? userId)
    {
        if (!UserIdRules.IsValid(userId, out var problem) || userId is null)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, problem ?? "the user id is empty");
        }

        if (userId == UserIdRules.Administrator)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"\"{UserIdRules.Administrator}\" is reserved for system messages");
        }

        return userId;
    }

    private static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
    {
        try
        {
            return await request.ReadFromJsonAsync(type).ConfigureAwait(false)
                ?? throw new LiveException(ILiveErrorCode.InvalidParam, $"the body is empty; send JSON {typeof(T).Name}");
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException or InvalidOperationException)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"the body is not JSON {typeof(T).Name}: {e.Message}");
        }
    }
}
