using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenLive.Server.Admin;

/// <summary>An app as the admin API shows it.</summary>
public sealed record AppView(uint SdkAppId, string Name, bool RequirePrivateMapKey, DateTimeOffset CreatedAt, string? Key);

/// <summary>Body of <c>POST /admin/v1/apps</c>; every field is optional.</summary>
public sealed record CreateAppRequest(uint? SdkAppId, string? Name, string? Key, bool? RequirePrivateMapKey);

/// <summary>An error body: iLiveSDK's (module, code, message).</summary>
public sealed record ErrorBody(string Module, int Code, string Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AppView))]
[JsonSerializable(typeof(AppView[]))]
[JsonSerializable(typeof(CreateAppRequest))]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class AdminJson : JsonSerializerContext;
