using System.Data.Common;

namespace OpenLive.Server.Im;

/// <summary>
/// What the SQLite and PostgreSQL message stores share: the reads, whose SQL is the same text in both databases
/// (named <c>@</c> parameters), and how rows become messages. Writes differ — SQLite serializes them in-process,
/// PostgreSQL orders them by row locks, and their upserts are spelled differently — so each store keeps its own.
/// </summary>
internal abstract class SqlMessageStore : IMessageStore
{
    /// <summary>A stored message's columns, in the order <see cref="ReadMessage"/> reads them.</summary>
    protected const string MessageColumns = "conv, seq, message_id, sender, client_message_id, sent_at_ms, body";

    public abstract AppendResult Append(uint sdkAppId, ConversationKey conversation, string sender, string? clientMessageId, byte[] body, long sentAtMs, string? inboxUser, long maxUnacknowledged = long.MaxValue);

    public abstract void AcknowledgeInbox(uint sdkAppId, string userId, ulong inboxSeq);

    public abstract void MarkRead(uint sdkAppId, string userId, ConversationKey conversation, ulong seq);

    public IReadOnlyList<StoredMessage> History(uint sdkAppId, ConversationKey conversation, int count, ulong beforeSeq)
    {
        // A negative LIMIT is "no limit" in SQLite: the count is checked here too, not only by the callers.
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var connection = Open();
        using var command = Command(connection, null,
            $"""
            SELECT {MessageColumns} FROM im_messages
            WHERE sdk_app_id = @app AND conv = @conv AND (@before = 0 OR seq < @before)
            ORDER BY seq DESC LIMIT @count
            """,
            ("@app", (long)sdkAppId), ("@conv", conversation.Value), ("@before", AsSqlInteger(beforeSeq)), ("@count", count));
        return ReadMessages(command);
    }

    public IReadOnlyList<InboxEntry> Inbox(uint sdkAppId, string userId, ulong afterInboxSeq, ulong upToInboxSeq, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        using var connection = Open();
        using var command = Command(connection, null,
            """
            SELECT i.inbox_seq, m.conv, m.seq, m.message_id, m.sender, m.client_message_id, m.sent_at_ms, m.body
            FROM im_inbox i JOIN im_messages m ON m.sdk_app_id = i.sdk_app_id AND m.conv = i.conv AND m.seq = i.seq
            WHERE i.sdk_app_id = @app AND i.user_id = @user AND i.inbox_seq > @after AND i.inbox_seq <= @upto
            ORDER BY i.inbox_seq LIMIT @max
            """,
            ("@app", (long)sdkAppId), ("@user", userId), ("@after", AsSqlInteger(afterInboxSeq)), ("@upto", AsSqlInteger(upToInboxSeq)), ("@max", max));
        using var reader = command.ExecuteReader();
        var entries = new List<InboxEntry>();
        while (reader.Read())
        {
            entries.Add(new InboxEntry((ulong)reader.GetInt64(0), ReadMessage(reader, 1)));
        }

        return entries;
    }

    public ulong InboxCursor(uint sdkAppId, string userId)
    {
        using var connection = Open();
        return InboxCursor(connection, null, sdkAppId, userId);
    }

    public ulong InboxHead(uint sdkAppId, string userId)
    {
        using var connection = Open();
        return InboxHead(connection, null, sdkAppId, userId);
    }

    public ulong LastSeq(uint sdkAppId, ConversationKey conversation)
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT last_seq FROM im_conversations WHERE sdk_app_id = @app AND conv = @conv",
            ("@app", (long)sdkAppId), ("@conv", conversation.Value));
        return command.ExecuteScalar() is long value ? (ulong)value : 0;
    }

    public bool IsParticipant(uint sdkAppId, string userId, ConversationKey conversation)
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT 1 FROM im_participants WHERE sdk_app_id = @app AND user_id = @user AND conv = @conv",
            ("@app", (long)sdkAppId), ("@user", userId), ("@conv", conversation.Value));
        return command.ExecuteScalar() is not null;
    }

    public IReadOnlyList<(ConversationKey Conversation, ulong Unread, ulong LastSeq)> Unread(uint sdkAppId, string userId)
    {
        using var connection = Open();
        using var command = Command(connection, null,
            """
            SELECT p.conv, COUNT(m.seq), c.last_seq
            FROM im_participants p
            JOIN im_conversations c ON c.sdk_app_id = p.sdk_app_id AND c.conv = p.conv
            JOIN im_messages m ON m.sdk_app_id = p.sdk_app_id AND m.conv = p.conv AND m.seq > p.read_seq AND m.sender <> p.user_id
            WHERE p.sdk_app_id = @app AND p.user_id = @user
            GROUP BY p.conv, c.last_seq
            ORDER BY p.conv
            """,
            ("@app", (long)sdkAppId), ("@user", userId));
        using var reader = command.ExecuteReader();
        var unread = new List<(ConversationKey, ulong, ulong)>();
        while (reader.Read())
        {
            unread.Add((new ConversationKey(reader.GetString(0)), (ulong)reader.GetInt64(1), (ulong)reader.GetInt64(2)));
        }

        return unread;
    }

    /// <summary>
    /// A wire number as a SQL integer (64-bit signed): values above <see cref="long.MaxValue"/> cannot name a stored
    /// row, and are read as "beyond everything" rather than wrapping to a negative number.
    /// </summary>
    protected static long AsSqlInteger(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    /// <summary>The user's newest inbox position, read inside the caller's transaction.</summary>
    protected ulong InboxHead(DbConnection connection, DbTransaction? transaction, uint sdkAppId, string userId)
    {
        using var command = Command(connection, transaction, "SELECT MAX(inbox_seq) FROM im_inbox WHERE sdk_app_id = @app AND user_id = @user",
            ("@app", (long)sdkAppId), ("@user", userId));
        return command.ExecuteScalar() is long value ? (ulong)value : 0;
    }

    /// <summary>The user's acknowledged inbox position, read inside the caller's transaction.</summary>
    protected ulong InboxCursor(DbConnection connection, DbTransaction? transaction, uint sdkAppId, string userId)
    {
        using var command = Command(connection, transaction, "SELECT acked_inbox_seq FROM im_cursors WHERE sdk_app_id = @app AND user_id = @user",
            ("@app", (long)sdkAppId), ("@user", userId));
        return command.ExecuteScalar() is long value ? (ulong)value : 0;
    }

    /// <summary>An open connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <summary>A command with its parameters bound the way the database wants them.</summary>
    protected abstract DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters);

    /// <summary>The sender's earlier message with this client message id, if any (idempotent send).</summary>
    protected StoredMessage? FindByClientId(DbConnection connection, DbTransaction? transaction, uint sdkAppId, string sender, string clientMessageId)
    {
        using var command = Command(connection, transaction,
            $"SELECT {MessageColumns} FROM im_messages WHERE sdk_app_id = @app AND sender = @sender AND client_message_id = @client",
            ("@app", (long)sdkAppId), ("@sender", sender), ("@client", clientMessageId));
        var found = ReadMessages(command);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Stores the message row (the sequence is already allocated by the caller's transaction).</summary>
    protected void InsertMessage(DbConnection connection, DbTransaction transaction, uint sdkAppId, StoredMessage message) =>
        Execute(connection, transaction,
            $"INSERT INTO im_messages (sdk_app_id, {MessageColumns}) VALUES (@app, @conv, @seq, @id, @sender, @client, @at, @body)",
            ("@app", (long)sdkAppId), ("@conv", message.Conversation.Value), ("@seq", (long)message.Seq), ("@id", message.MessageId), ("@sender", message.Sender),
            ("@client", (object?)message.ClientMessageId ?? DBNull.Value), ("@at", message.SentAtMs), ("@body", message.Body));

    /// <summary>
    /// Puts a C2C message into its receiver's inbox at <paramref name="inboxSeq"/> (allocated by the caller's
    /// transaction), unless the receiver already holds more than <paramref name="maxUnacknowledged"/> unacknowledged
    /// entries: then <see cref="InboxFullException"/> (IMSDK 8011 for the sender), and the caller's transaction, not
    /// committed, stores nothing. One rule for every store: a sender cannot bury a receiver (issue 12 item 2).
    /// </summary>
    protected void AppendToInbox(DbConnection connection, DbTransaction transaction, uint sdkAppId, string userId, ulong inboxSeq, StoredMessage message, long maxUnacknowledged)
    {
        if ((long)(inboxSeq - Math.Min(inboxSeq, InboxCursor(connection, transaction, sdkAppId, userId))) > maxUnacknowledged)
        {
            throw new InboxFullException(userId, maxUnacknowledged);
        }

        InsertInboxEntry(connection, transaction, sdkAppId, userId, inboxSeq, message);
    }

    /// <summary>Stores the receiver's inbox entry for a C2C message.</summary>
    private void InsertInboxEntry(DbConnection connection, DbTransaction transaction, uint sdkAppId, string userId, ulong inboxSeq, StoredMessage message) =>
        Execute(connection, transaction,
            "INSERT INTO im_inbox (sdk_app_id, user_id, inbox_seq, conv, seq) VALUES (@app, @user, @inbox, @conv, @seq)",
            ("@app", (long)sdkAppId), ("@user", userId), ("@inbox", (long)inboxSeq), ("@conv", message.Conversation.Value), ("@seq", (long)message.Seq));

    /// <summary>A new message's id: the app in hex, then a time-ordered GUID.</summary>
    protected static string NewMessageId(uint sdkAppId) => $"{sdkAppId:x}-{Guid.CreateVersion7():N}";

    protected long Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected void Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static List<StoredMessage> ReadMessages(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var messages = new List<StoredMessage>();
        while (reader.Read())
        {
            messages.Add(ReadMessage(reader, 0));
        }

        return messages;
    }

    /// <summary>Reads the message whose <see cref="MessageColumns"/> start at <paramref name="first"/>.</summary>
    private static StoredMessage ReadMessage(DbDataReader reader, int first) => new(
        new ConversationKey(reader.GetString(first)),
        (ulong)reader.GetInt64(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4),
        reader.GetInt64(first + 5),
        reader.GetFieldValue<byte[]>(first + 6));
}
