using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenLive.Server.Webhooks;

/// <summary>
/// One callback body. <c>event</c> is one of <c>user.login</c>, <c>user.logout</c>, <c>room.created</c>,
/// <c>room.dismissed</c>, <c>member.in</c>, <c>member.out</c>, <c>message.sent</c>, <c>message.beforeSend</c>,
/// <c>egress.started</c>, <c>egress.ended</c>.
/// </summary>
public sealed record WebhookEvent(
    string Event,
    uint SdkAppId,
    long Time,
    string? UserId = null,
    string? RoomId = null,
    string? GroupId = null,
    WebhookMessage? Message = null,
    WebhookEgress? Egress = null,
    WebhookCall? Call = null)
{
    /// <summary>A unique id per event (also in <c>X-OpenLive-Delivery</c>) so receivers can drop retried duplicates.</summary>
    public string Id { get; init; } = Guid.CreateVersion7().ToString("N");
}

/// <summary>The message part of <c>message.sent</c> / <c>message.beforeSend</c>.</summary>
public sealed record WebhookMessage(string? MessageId, ulong Seq, string Sender, string? ToUser, string? ToGroup, string? Text, bool OnlineOnly);

/// <summary>
/// The egress part of <c>egress.started</c> / <c>egress.ended</c>: the channel, whose stream, and for a recording its
/// file (relative to the recordings directory), duration and size — or the error it ended with.
/// </summary>
public sealed record WebhookEgress(
    ulong ChannelId,
    string MemberId,
    string Outputs,
    string? File = null,
    long? DurationMs = null,
    long? Size = null,
    string? Error = null,
    string? Reason = null);

/// <summary>
/// The call part of <c>call.started</c> / <c>call.ended</c>: the call, its kind, sponsor and invitees, and when it
/// ended its end code (CallSDK's 1–6), who ended it (the event's userId) and how long it lasted.
/// </summary>
public sealed record WebhookCall(ulong CallId, string Kind, string Sponsor, string[] Invitees, int? EndCode = null, long? DurationSeconds = null);

/// <summary>The before-send hook's answer: <c>{"allow": false, "reason": "…"}</c> refuses the message.</summary>
public sealed record BeforeSendAnswer(bool Allow, string? Reason);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookEvent))]
[JsonSerializable(typeof(BeforeSendAnswer))]
internal sealed partial class WebhookJson : JsonSerializerContext;
