namespace OpenLive.Server.Im;

/// <summary>
/// Durable messages. <see cref="Append"/> returns only after the message is committed: an acknowledged message
/// survives a crash. Sequence numbers are per conversation, gap-free, assigned in commit order.
/// </summary>
internal interface IMessageStore
{
    /// <summary>
    /// Stores a message. With a client message id that the sender already used, nothing is stored and the earlier
    /// message is returned (<see cref="AppendResult.Duplicate"/>). For C2C, <paramref name="inboxUser"/> gets an inbox entry;
    /// when that would leave more than <paramref name="maxUnacknowledged"/> entries unacknowledged, nothing is stored.
    /// </summary>
    /// <exception cref="InboxFullException">The receiver's inbox holds <paramref name="maxUnacknowledged"/> unacknowledged entries.</exception>
    AppendResult Append(uint sdkAppId, ConversationKey conversation, string sender, string? clientMessageId, byte[] body, long sentAtMs, string? inboxUser, long maxUnacknowledged = long.MaxValue);

    /// <summary>Up to <paramref name="count"/> (1 or more) messages before <paramref name="beforeSeq"/> (0 = the newest), newest first.</summary>
    IReadOnlyList<StoredMessage> History(uint sdkAppId, ConversationKey conversation, int count, ulong beforeSeq);

    /// <summary>The user's inbox entries after <paramref name="afterInboxSeq"/> and up to <paramref name="upToInboxSeq"/>, oldest first, at most <paramref name="max"/>.</summary>
    IReadOnlyList<InboxEntry> Inbox(uint sdkAppId, string userId, ulong afterInboxSeq, ulong upToInboxSeq, int max);

    /// <summary>The user's newest inbox position (0 when the user never had an inbox entry). Inbox positions are gap-free.</summary>
    ulong InboxHead(uint sdkAppId, string userId);

    /// <summary>The user's acknowledged inbox position.</summary>
    ulong InboxCursor(uint sdkAppId, string userId);

    /// <summary>Moves the acknowledged position forward (never back).</summary>
    void AcknowledgeInbox(uint sdkAppId, string userId, ulong inboxSeq);

    /// <summary>Marks the conversation read up to <paramref name="seq"/> for the user (never back).</summary>
    void MarkRead(uint sdkAppId, string userId, ConversationKey conversation, ulong seq);

    /// <summary>The conversation's newest sequence number (0 when empty).</summary>
    ulong LastSeq(uint sdkAppId, ConversationKey conversation);

    /// <summary>True when the user takes part in the conversation (sent, received, or joined its room).</summary>
    bool IsParticipant(uint sdkAppId, string userId, ConversationKey conversation);

    /// <summary>Unread counts of the user's conversations that have unread messages.</summary>
    IReadOnlyList<(ConversationKey Conversation, ulong Unread, ulong LastSeq)> Unread(uint sdkAppId, string userId);
}
