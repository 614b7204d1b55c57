using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenLive.Server.Demo;

/// <summary>Body of <c>POST /dev/v1/usersig</c>.</summary>
public sealed record DevUserSigRequest(string? UserId);

/// <summary>A dev userSig for the demo's sign-in.</summary>
public sealed record DevUserSig(uint SdkAppId, string UserId, string UserSig, int ExpireSeconds);

/// <summary>A live show in the demo's lobby: a room of the dev app (<paramref name="SdkAppId"/>, so the admin page can tell its rooms from another app's) with the title its host gave it.</summary>
public sealed record DemoShowView(string RoomId, bool IsNumeric, string Title, string Owner, int Members, bool OnAir, DateTimeOffset StartedAt, long Viewers, ulong Likes, uint SdkAppId);

/// <summary>Body of <c>PUT /dev/v1/rooms/{roomId}</c>: the owner names its show.</summary>
public sealed record DemoTitleRequest(string? UserId, string? Title);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DevUserSigRequest))]
[JsonSerializable(typeof(DevUserSig))]
[JsonSerializable(typeof(DemoShowView[]))]
[JsonSerializable(typeof(DemoTitleRequest))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class DemoJson : JsonSerializerContext;
