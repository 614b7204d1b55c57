using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Messaging;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Edges.Admin;

/// <summary>
/// <c>DELETE /admin/v1/apps/{sdkAppId}/users/{userId}/inbox</c>: drops a user's pending offline deliveries (a flooded
/// inbox that refuses senders with 8011, a user who must start afresh). The messages stay in the history.
/// </summary>
internal static class AdminInboxEndpoints
{
    public static void MapAdminInbox(this RouteGroupBuilder admin) =>
        admin.MapDelete("/apps/{sdkAppId}/users/{userId}/inbox", (uint sdkAppId, string userId, IUserDirectory users, MessagingService messaging) =>
            users.TryGetTinyId(sdkAppId, userId, out _)
                ? Results.Json(new InboxCleared(messaging.ClearInbox(sdkAppId, userId)), AdminInboxJson.Default.InboxCleared)
                : AdminResults.Error(StatusCodes.Status404NotFound, new LiveException(ILiveErrorCode.NotFound, $"\"{userId}\" has never logged in to app {sdkAppId}")));
}

/// <summary>The answer to clearing an inbox: how many deliveries were pending.</summary>
public sealed record InboxCleared(ulong Cleared);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(InboxCleared))]
internal sealed partial class AdminInboxJson : JsonSerializerContext;
