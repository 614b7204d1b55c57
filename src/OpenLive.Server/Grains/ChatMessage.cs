namespace OpenLive.Server.Grains;

/// <summary>
/// A C2C message on its way to one user's session: stored (with its seq and the receiver's inbox position) or
/// online-only (seq 0). For its receiver the conversation is the sender. The content stays in the form the message
/// store keeps it in (a serialized <c>MessageBody</c>); the edge makes the push frame. <see cref="ServerCommand"/> marks a
/// live command the server itself originated (co-host invitations and answers): clients' messages never carry it.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.ChatMessage")]
public sealed record ChatMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] ulong Seq,
    [property: Id(2)] string Sender,
    [property: Id(3)] long SentAtMs,
    [property: Id(4)] string ClientMessageId,
    [property: Id(5)] ulong InboxSeq,
    [property: Id(6)] bool OnlineOnly,
    [property: Id(7)] byte[] Body,
    [property: Id(8)] bool ServerCommand = false);
