namespace OpenLive.Server.Im;

/// <summary>A message as stored: its place in the conversation and the serialized <c>MessageBody</c>.</summary>
internal sealed record StoredMessage(
    ConversationKey Conversation,
    ulong Seq,
    string MessageId,
    string Sender,
    string? ClientMessageId,
    long SentAtMs,
    byte[] Body);

/// <summary>The outcome of a durable append: the message, and whether it was already stored under its client id.</summary>
internal sealed record AppendResult(StoredMessage Message, bool Duplicate, ulong ReceiverInboxSeq);

/// <summary>An entry of a user's inbox: a C2C message awaiting acknowledgement.</summary>
internal sealed record InboxEntry(ulong InboxSeq, StoredMessage Message);

/// <summary>The receiver's inbox already holds as many unacknowledged messages as it may: the message was not stored.</summary>
internal sealed class InboxFullException(string userId, long limit)
    : Exception($"the inbox of \"{userId}\" holds {limit} unacknowledged messages")
{
    public long Limit { get; } = limit;
}
