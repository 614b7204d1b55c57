using Microsoft.Data.Sqlite;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Im;

/// <summary>
/// Messages in the embedded SQLite database. Appends are serialized (SQLite has one writer) and each is one
/// transaction: sequence, message, inbox entry and participants commit together or not at all. In WAL mode with
/// synchronous=NORMAL a committed transaction survives a process crash (kill -9), which is the promise of
/// "acknowledged": the send call is answered after the commit.
/// </summary>
internal sealed class SqliteMessageStore(SqliteDatabase database) : IMessageStore
{
    private readonly Lock _writer = new();

    public AppendResult Append(uint sdkAppId, ConversationKey conversation, string sender, string? clientMessageId, byte[] body, long sentAtMs, string? inboxUser)
    {
        lock (_writer)
        {
            using var connection = database.Open();
            using var transaction = connection.BeginTransaction();
            if (clientMessageId is not null && FindByClientId(connection, transaction, sdkAppId, sender, clientMessageId) is { } earlier)
            {
                return new AppendResult(earlier, Duplicate: true, ReceiverInboxSeq: 0);
            }

            var seq = (ulong)Scalar(connection, transaction,
                """
                INSERT INTO im_conversations (sdk_app_id, conv, last_seq) VALUES ($app, $conv, 1)
                ON CONFLICT (sdk_app_id, conv) DO UPDATE SET last_seq = last_seq + 1
                RETURNING last_seq
                """,
                ("$app", sdkAppId), ("$conv", conversation.Value));
            var message = new StoredMessage(conversation, seq, $"{sdkAppId:x}-{Guid.CreateVersion7():N}", sender, clientMessageId, sentAtMs, body);
            Execute(connection, transaction,
                "INSERT INTO im_messages (sdk_app_id, conv, seq, message_id, sender, client_message_id, sent_at_ms, body) VALUES ($app, $conv, $seq, $id, $sender, $client, $at, $body)",
                ("$app", sdkAppId), ("$conv", conversation.Value), ("$seq", (long)seq), ("$id", message.MessageId), ("$sender", sender),
                ("$client", (object?)clientMessageId ?? DBNull.Value), ("$at", sentAtMs), ("$body", body));

            // The sender has read its own message; the receiver (C2C) becomes a participant with nothing read yet.
            Participate(connection, transaction, sdkAppId, sender, conversation, seq);
            ulong inboxSeq = 0;
            if (inboxUser is not null)
            {
                Participate(connection, transaction, sdkAppId, inboxUser, conversation, 0);
                inboxSeq = (ulong)Scalar(connection, transaction,
                    "SELECT COALESCE(MAX(inbox_seq), 0) + 1 FROM im_inbox WHERE sdk_app_id = $app AND user_id = $user",
                    ("$app", sdkAppId), ("$user", inboxUser));
                Execute(connection, transaction,
                    "INSERT INTO im_inbox (sdk_app_id, user_id, inbox_seq, conv, seq) VALUES ($app, $user, $inbox, $conv, $seq)",
                    ("$app", sdkAppId), ("$user", inboxUser), ("$inbox", (long)inboxSeq), ("$conv", conversation.Value), ("$seq", (long)seq));
            }

            transaction.Commit();
            return new AppendResult(message, Duplicate: false, inboxSeq);
        }
    }

    public IReadOnlyList<StoredMessage> History(uint sdkAppId, ConversationKey conversation, int count, ulong beforeSeq)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"""
            SELECT {StoredMessageRows.Columns} FROM im_messages
            WHERE sdk_app_id = $app AND conv = $conv AND ($before = 0 OR seq < $before)
            ORDER BY seq DESC LIMIT $count
            """;
        command.Parameters.AddWithValue("$app", (long)sdkAppId);
        command.Parameters.AddWithValue("$conv", conversation.Value);
        command.Parameters.AddWithValue("$before", (long)beforeSeq);
        command.Parameters.AddWithValue("$count", count);
        return StoredMessageRows.ReadAll(command);
    }

    public IReadOnlyList<InboxEntry> Inbox(uint sdkAppId, string userId, ulong afterInboxSeq, int max)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT i.inbox_seq, m.conv, m.seq, m.message_id, m.sender, m.client_message_id, m.sent_at_ms, m.body
            FROM im_inbox i JOIN im_messages m ON m.sdk_app_id = i.sdk_app_id AND m.conv = i.conv AND m.seq = i.seq
            WHERE i.sdk_app_id = $app AND i.user_id = $user AND i.inbox_seq > $after
            ORDER BY i.inbox_seq LIMIT $max
            """;
        command.Parameters.AddWithValue("$app", (long)sdkAppId);
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$after", (long)afterInboxSeq);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var entries = new List<InboxEntry>();
        while (reader.Read())
        {
            entries.Add(new InboxEntry((ulong)reader.GetInt64(0), StoredMessageRows.Read(reader, 1)));
        }

        return entries;
    }

    public ulong InboxCursor(uint sdkAppId, string userId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT acked_inbox_seq FROM im_cursors WHERE sdk_app_id = $app AND user_id = $user";
        command.Parameters.AddWithValue("$app", (long)sdkAppId);
        command.Parameters.AddWithValue("$user", userId);
        return command.ExecuteScalar() is long value ? (ulong)value : 0;
    }

    public void AcknowledgeInbox(uint sdkAppId, string userId, ulong inboxSeq)
    {
        lock (_writer)
        {
            using var connection = database.Open();
            Execute(connection, null,
                """
                INSERT INTO im_cursors (sdk_app_id, user_id, acked_inbox_seq) VALUES ($app, $user, $seq)
                ON CONFLICT (sdk_app_id, user_id) DO UPDATE SET acked_inbox_seq = MAX(acked_inbox_seq, excluded.acked_inbox_seq)
                """,
                ("$app", sdkAppId), ("$user", userId), ("$seq", (long)inboxSeq));
        }
    }

    public void MarkRead(uint sdkAppId, string userId, ConversationKey conversation, ulong seq)
    {
        lock (_writer)
        {
            using var connection = database.Open();
            Participate(connection, null, sdkAppId, userId, conversation, seq);
        }
    }

    public IReadOnlyList<(ConversationKey Conversation, ulong Unread, ulong LastSeq)> Unread(uint sdkAppId, string userId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT p.conv, COUNT(m.seq), c.last_seq
            FROM im_participants p
            JOIN im_conversations c ON c.sdk_app_id = p.sdk_app_id AND c.conv = p.conv
            JOIN im_messages m ON m.sdk_app_id = p.sdk_app_id AND m.conv = p.conv AND m.seq > p.read_seq AND m.sender <> p.user_id
            WHERE p.sdk_app_id = $app AND p.user_id = $user
            GROUP BY p.conv, c.last_seq
            ORDER BY p.conv
            """;
        command.Parameters.AddWithValue("$app", (long)sdkAppId);
        command.Parameters.AddWithValue("$user", userId);
        using var reader = command.ExecuteReader();
        var unread = new List<(ConversationKey, ulong, ulong)>();
        while (reader.Read())
        {
            unread.Add((new ConversationKey(reader.GetString(0)), (ulong)reader.GetInt64(1), (ulong)reader.GetInt64(2)));
        }

        return unread;
    }

    public ulong LastSeq(uint sdkAppId, ConversationKey conversation)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_seq FROM im_conversations WHERE sdk_app_id = $app AND conv = $conv";
        command.Parameters.AddWithValue("$app", (long)sdkAppId);
        command.Parameters.AddWithValue("$conv", conversation.Value);
        return command.ExecuteScalar() is long value ? (ulong)value : 0;
    }

    public bool IsParticipant(uint sdkAppId, string userId, ConversationKey conversation)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM im_participants WHERE sdk_app_id = $app AND user_id = $user AND conv = $conv";
        command.Parameters.AddWithValue("$app", (long)sdkAppId);
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$conv", conversation.Value);
        return command.ExecuteScalar() is not null;
    }

    private static void Participate(SqliteConnection connection, SqliteTransaction? transaction, uint sdkAppId, string userId, ConversationKey conversation, ulong readSeq) =>
        Execute(connection, transaction,
            """
            INSERT INTO im_participants (sdk_app_id, user_id, conv, read_seq) VALUES ($app, $user, $conv, $seq)
            ON CONFLICT (sdk_app_id, user_id, conv) DO UPDATE SET read_seq = MAX(read_seq, excluded.read_seq)
            """,
            ("$app", sdkAppId), ("$user", userId), ("$conv", conversation.Value), ("$seq", (long)readSeq));

    private static StoredMessage? FindByClientId(SqliteConnection connection, SqliteTransaction transaction, uint sdkAppId, string sender, string clientMessageId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {StoredMessageRows.Columns} FROM im_messages WHERE sdk_app_id = $app AND sender = $sender AND client_message_id = $client";
        command.Parameters.AddWithValue("$app", (long)sdkAppId);
        command.Parameters.AddWithValue("$sender", sender);
        command.Parameters.AddWithValue("$client", clientMessageId);
        var found = StoredMessageRows.ReadAll(command);
        return found.Count == 0 ? null : found[0];
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value is uint u ? (long)u : value);
        }

        return command;
    }
}
