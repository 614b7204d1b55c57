using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenLive.Core.Errors;
using OpenLive.Server.Apps;
using OpenLive.Server.Hosting;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Edges.Admin;

/// <summary>
/// The admin REST API under <c>/admin/v1</c>, protected by <c>Authorization: Bearer {admin key}</c>. Errors are JSON
/// <c>{module, code, message}</c> with iLiveSDK codes: 10003 (401, bad key), 8021 (400), 8022 (404), 8004 (409).
/// </summary>
internal static class AdminEndpoints
{
    private const uint FirstAppId = 1400000001;

    public static void MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/v1").AddEndpointFilter(async (context, next) =>
        {
            var key = context.HttpContext.RequestServices.GetRequiredService<AdminKey>();
            if (!key.Accepts(context.HttpContext.Request.Headers.Authorization))
            {
                return Error(StatusCodes.Status401Unauthorized, new LiveException(AVErrorCode.ServerNoPermission, "send Authorization: Bearer <admin key>"));
            }

            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (LiveException e)
            {
                // Input the shared validators refuse (a room id, a user id): the caller's mistake, with its code.
                return Error(StatusCodes.Status400BadRequest, e);
            }
        });

        admin.MapGet("/cluster", (ClusterMembershipLog cluster, NodeIdentity node) =>
            Results.Json(new ClusterView(node.Id, [.. cluster.Nodes()]), AdminJson.Default.ClusterView));

        admin.MapGet("/apps", (IAppStore apps) =>
            Results.Json(apps.List().Select(a => View(a, withKey: false)).ToArray(), AdminJson.Default.AppViewArray));

        admin.MapGet("/apps/{sdkAppId}", (uint sdkAppId, IAppStore apps) =>
            apps.Find(sdkAppId) is { } app
                ? Results.Json(View(app, withKey: true), AdminJson.Default.AppView)
                : Error(StatusCodes.Status404NotFound, new LiveException(ILiveErrorCode.NotFound, $"no app {sdkAppId}")));

        admin.MapPost("/apps", async (HttpRequest request, IAppStore apps) =>
        {
            CreateAppRequest? body;
            try
            {
                body = request.ContentLength is 0 ? new CreateAppRequest(null, null, null, null)
                    : await request.ReadFromJsonAsync(AdminJson.Default.CreateAppRequest).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or BadHttpRequestException)
            {
                return Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, $"the body is not a CreateAppRequest: {e.Message}"));
            }

            body ??= new CreateAppRequest(null, null, null, null);
            if (body.SdkAppId == 0 || body.Key is { Length: 0 or > 256 } || body.Name is { Length: > 64 })
            {
                return Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, "sdkAppId must be positive, key 1-256 characters, name at most 64 characters"));
            }

            if (body.Key is { } given && !KeyStrength.IsStrong(given))
            {
                // The app key signs every userSig of the app: a guessable one lets anyone log in as anyone.
                return Error(StatusCodes.Status400BadRequest, new LiveException(ILiveErrorCode.InvalidParam, $"the key is too weak: an app key needs {KeyStrength.Requirement}; omit it to have one generated"));
            }

            var id = body.SdkAppId ?? NextFreeId(apps);
            var secret = body.Key ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            if (!apps.TryCreate(id, secret, body.Name ?? $"app {id}", body.RequirePrivateMapKey ?? false, out _))
            {
                return Error(StatusCodes.Status409Conflict, new LiveException(ILiveErrorCode.AlreadyExist, $"app {id} already exists"));
            }

            return Results.Json(View(apps.Find(id)!, withKey: true), AdminJson.Default.AppView, statusCode: StatusCodes.Status201Created);
        });

        admin.MapAdminOperations();
        admin.MapAdminInbox();
        admin.MapAdminEgress();
        admin.MapAdminRecordings();
        admin.MapAdminCalls();
    }

    private static uint NextFreeId(IAppStore apps)
    {
        var highest = apps.List().Select(a => a.SdkAppId).Where(id => id >= FirstAppId).DefaultIfEmpty(FirstAppId - 1).Max();
        return highest + 1;
    }

    private static AppView View(AppRecord app, bool withKey) =>
        new(app.SdkAppId, app.Name, app.RequirePrivateMapKey, app.CreatedAt, withKey ? app.SecretKey : null);

    private static IResult Error(int status, LiveException e) => AdminResults.Error(status, e);
}
