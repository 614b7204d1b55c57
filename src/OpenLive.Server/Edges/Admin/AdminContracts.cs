using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenLive.Server.Edges.Admin;

/// <summary>An app as the admin API shows it.</summary>
public sealed record AppView(uint SdkAppId, string Name, bool RequirePrivateMapKey, DateTimeOffset CreatedAt, string? Key);

/// <summary>Body of <c>POST /admin/v1/apps</c>; every field is optional.</summary>
public sealed record CreateAppRequest(uint? SdkAppId, string? Name, string? Key, bool? RequirePrivateMapKey);

/// <summary>An error body: iLiveSDK's (module, code, message).</summary>
public sealed record ErrorBody(string Module, int Code, string Message);

/// <summary>
/// A room member as the admin API shows it. <paramref name="TinyId"/> is the 64-bit tinyId in decimal digits: as a JSON
/// number, values above 2^53 would be rounded by JavaScript and jq, and two users would show the same id.
/// </summary>
public sealed record MemberView(string UserId, string TinyId, string Role, ulong AuthBits, DateTimeOffset JoinedAt, DateTimeOffset? MutedUntil);

/// <summary>
/// A room as the admin API shows it: <paramref name="Node"/> is the node hosting it (the node id clients get at login),
/// <paramref name="MediaEpoch"/> how many times it moved to another node (a node lost or drained), <paramref name="NodeSince"/>
/// when that node took it (created it, or brought it back from storage).
/// </summary>
public sealed record RoomView(string RoomId, bool IsNumeric, string GroupId, string Owner, MemberView[] Members, string Node = "", uint MediaEpoch = 0,
    DateTimeOffset? NodeSince = null);

/// <summary>
/// One member's media (<c>GET …/rooms/{roomId}/media</c>): what it sends and receives, in kbit/s, and per track; the
/// highest loss (0..1) on its way up (its published tracks) and down (its received ones) and its round trip from the
/// SFU's receiver reports (null before one); for a member receiving media, what the SFU fits the layers it forwards into
/// (its bandwidth estimate of the way down, null while none has shown a limit) and what those layers would need without
/// one.
/// </summary>
public sealed record MemberMediaView(string UserId, long SendKbps, long ReceiveKbps, TrackStatsView[] Tracks, double UpLoss = 0, double DownLoss = 0, double? RoundTripMs = null,
    long? AvailableKbps = null, long? WantedKbps = null);

/// <summary>
/// One track of a member: <c>publish</c> (its own; <c>userId</c> is the member) or <c>subscribe</c> (received from
/// <c>userId</c>); source <c>audio</c>, <c>camera</c> or <c>screen</c>; layer -1 without simulcast; fraction lost (0..1) and
/// jitter from the last receiver report on that leg; round trip (subscribed tracks) from the subscriber's reports;
/// video frames per second and width × height as the publisher sends them (the size from VP8 keyframes; 0 otherwise).
/// </summary>
public sealed record TrackStatsView(string Direction, string UserId, string Source, string Codec, long BitrateKbps, long Packets, long Bytes,
    long PacketsLost, long Nacks, long KeyframeRequests, int Layer, double FractionLost = 0, double JitterMs = 0, double? RoundTripMs = null,
    int FramesPerSecond = 0, int Width = 0, int Height = 0);

/// <summary>Body of <c>POST …/messages</c>: to a user (C2C, from "administrator") or to a room's group.</summary>
public sealed record SystemMessageRequest(string? ToUser, string? ToGroup, string? Text, string? CustomData, string? CustomDesc, string? CustomExt, bool? OnlineOnly);

/// <summary>A stored message as the admin API shows it (custom data base64).</summary>
public sealed record MessageView(string MessageId, ulong Seq, string Sender, DateTimeOffset SentAt, string? Text, string? CustomData, string? CustomDesc, string? CustomExt);

/// <summary>The answer to a system message.</summary>
public sealed record SentView(string MessageId, ulong Seq, DateTimeOffset SentAt);

/// <summary><c>GET /admin/v1/cluster</c>: the answering node's id and every node it has seen, with their status.</summary>
public sealed record ClusterView(string Node, OpenLive.Server.Hosting.ClusterNodeStatus[] Nodes);

/// <summary>Body of <c>POST …/users/{user}/kick</c>.</summary>
public sealed record KickRequest(string? Reason);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AppView))]
[JsonSerializable(typeof(AppView[]))]
[JsonSerializable(typeof(CreateAppRequest))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(RoomView))]
[JsonSerializable(typeof(RoomView[]))]
[JsonSerializable(typeof(SystemMessageRequest))]
[JsonSerializable(typeof(MemberMediaView[]))]
[JsonSerializable(typeof(MessageView[]))]
[JsonSerializable(typeof(SentView))]
[JsonSerializable(typeof(KickRequest))]
[JsonSerializable(typeof(ClusterView))]
internal sealed partial class AdminJson : JsonSerializerContext;
