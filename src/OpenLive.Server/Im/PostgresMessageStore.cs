using Npgsql;
using NpgsqlTypes;

namespace OpenLive.Server.Im;

/// <summary>
/// Messages in PostgreSQL: the same contract as <see cref="SqliteMessageStore"/>, for deployments whose nodes share
/// one database. Each append is one transaction; the conversation row's update lock orders concurrent appends, so
/// sequences stay gap-free (a rolled-back append also rolls back its increment). Commits are durable
/// (synchronous_commit on): the send is answered after the commit.
/// </summary>
internal sealed class PostgresMessageStore : IMessageStore, IDisposable
{
    private const string Schema =
        """
        CREATE TABLE IF NOT EXISTS im_conversations (
            sdk_app_id bigint NOT NULL, conv text NOT NULL, last_seq bigint NOT NULL, PRIMARY KEY (sdk_app_id, conv));
        CREATE TABLE IF NOT EXISTS im_messages (
            sdk_app_id bigint NOT NULL, conv text NOT NULL, seq bigint NOT NULL, message_id text NOT NULL, sender text NOT NULL,
            client_message_id text, sent_at_ms bigint NOT NULL, body bytea NOT NULL, PRIMARY KEY (sdk_app_id, conv, seq));
        CREATE UNIQUE INDEX IF NOT EXISTS im_messages_client_id ON im_messages (sdk_app_id, sender, client_message_id)
            WHERE client_message_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS im_inbox_heads (
            sdk_app_id bigint NOT NULL, user_id text NOT NULL, last_inbox_seq bigint NOT NULL, PRIMARY KEY (sdk_app_id, user_id));
        CREATE TABLE IF NOT EXISTS im_inbox (
            sdk_app_id bigint NOT NULL, user_id text NOT NULL, inbox_seq bigint NOT NULL, conv text NOT NULL, seq bigint NOT NULL,
            PRIMARY KEY (sdk_app_id, user_id, inbox_seq));
        CREATE TABLE IF NOT EXISTS im_cursors (
            sdk_app_id bigint NOT NULL, user_id text NOT NULL, acked_inbox_seq bigint NOT NULL, PRIMARY KEY (sdk_app_id, user_id));
        CREATE TABLE IF NOT EXISTS im_participants (
            sdk_app_id bigint NOT NULL, user_id text NOT NULL, conv text NOT NULL, read_seq bigint NOT NULL,
            PRIMARY KEY (sdk_app_id, user_id, conv));
        """;

    private readonly NpgsqlDataSource _source;

    public PostgresMessageStore(string connectionString)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        using var connection = _source.OpenConnection();
        using var command = new NpgsqlCommand(Schema, connection);
        command.ExecuteNonQuery();
    }

    public AppendResult Append(uint sdkAppId, ConversationKey conversation, string sender, string? clientMessageId, byte[] body, long sentAtMs, string? inboxUser)
    {
        using var connection = _source.OpenConnection();
        if (clientMessageId is not null && FindByClientId(connection, null, sdkAppId, sender, clientMessageId) is { } earlier)
        {
            return new AppendResult(earlier, Duplicate: true, ReceiverInboxSeq: 0);
        }

        using var transaction = connection.BeginTransaction();
        try
        {
            var seq = (ulong)Scalar(connection, transaction,
                """
                INSERT INTO im_conversations (sdk_app_id, conv, last_seq) VALUES (@app, @conv, 1)
                ON CONFLICT (sdk_app_id, conv) DO UPDATE SET last_seq = im_conversations.last_seq + 1
                RETURNING last_seq
                """,
                ("app", (long)sdkAppId), ("conv", conversation.Value));
            var message = new StoredMessage(conversation, seq, $"{sdkAppId:x}-{Guid.CreateVersion7():N}", sender, clientMessageId, sentAtMs, body);
            Execute(connection, transaction,
                $"INSERT INTO im_messages ({StoredMessageRows.Columns}, sdk_app_id) VALUES (@conv, @seq, @id, @sender, @client, @at, @body, @app)",
                ("app", (long)sdkAppId), ("conv", conversation.Value), ("seq", (long)seq), ("id", message.MessageId), ("sender", sender),
                ("client", (object?)clientMessageId ?? DBNull.Value), ("at", sentAtMs), ("body", body));
            Participate(connection, transaction, sdkAppId, sender, conversation, seq);
            ulong inboxSeq = 0;
            if (inboxUser is not null)
            {
                Participate(connection, transaction, sdkAppId, inboxUser, conversation, 0);
                inboxSeq = (ulong)Scalar(connection, transaction,
                    """
                    INSERT INTO im_inbox_heads (sdk_app_id, user_id, last_inbox_seq) VALUES (@app, @user, 1)
                    ON CONFLICT (sdk_app_id, user_id) DO UPDATE SET last_inbox_seq = im_inbox_heads.last_inbox_seq + 1
                    RETURNING last_inbox_seq
                    """,
                    ("app", (long)sdkAppId), ("user", inboxUser));
                Execute(connection, transaction,
                    "INSERT INTO im_inbox (sdk_app_id, user_id, inbox_seq, conv, seq) VALUES (@app, @user, @inbox, @conv, @seq)",
                    ("app", (long)sdkAppId), ("user", inboxUser), ("inbox", (long)inboxSeq), ("conv", conversation.Value), ("seq", (long)seq));
            }

            transaction.Commit();
            return new AppendResult(message, Duplicate: false, inboxSeq);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && clientMessageId is not null)
        {
            // A concurrent retry with the same client id committed first: that message is the answer.
            transaction.Rollback();
            return new AppendResult(FindByClientId(connection, null, sdkAppId, sender, clientMessageId)!, Duplicate: true, ReceiverInboxSeq: 0);
        }
    }

    public IReadOnlyList<StoredMessage> History(uint sdkAppId, ConversationKey conversation, int count, ulong beforeSeq)
    {
        using var connection = _source.OpenConnection();
        using var command = Command(connection, null,
            $"SELECT {StoredMessageRows.Columns} FROM im_messages WHERE sdk_app_id = @app AND conv = @conv AND (@before = 0 OR seq < @before) ORDER BY seq DESC LIMIT @count",
            ("app", (long)sdkAppId), ("conv", conversation.Value), ("before", (long)beforeSeq), ("count", count));
        return StoredMessageRows.ReadAll(command);
    }

    public IReadOnlyList<InboxEntry> Inbox(uint sdkAppId, string userId, ulong afterInboxSeq, int max)
    {
        using var connection = _source.OpenConnection();
        using var command = Command(connection, null,
            """
            SELECT i.inbox_seq, m.conv, m.seq, m.message_id, m.sender, m.client_message_id, m.sent_at_ms, m.body
            FROM im_inbox i JOIN im_messages m ON m.sdk_app_id = i.sdk_app_id AND m.conv = i.conv AND m.seq = i.seq
            WHERE i.sdk_app_id = @app AND i.user_id = @user AND i.inbox_seq > @after ORDER BY i.inbox_seq LIMIT @max
            """,
            ("app", (long)sdkAppId), ("user", userId), ("after", (long)afterInboxSeq), ("max", max));
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
        using var connection = _source.OpenConnection();
        using var command = Command(connection, null, "SELECT acked_inbox_seq FROM im_cursors WHERE sdk_app_id = @app AND user_id = @user", ("app", (long)sdkAppId), ("user", userId));
        return command.ExecuteScalar() is long value ? (ulong)value : 0;
    }

    public void AcknowledgeInbox(uint sdkAppId, string userId, ulong inboxSeq)
    {
        using var connection = _source.OpenConnection();
        Execute(connection, null,
            """
            INSERT INTO im_cursors (sdk_app_id, user_id, acked_inbox_seq) VALUES (@app, @user, @seq)
            ON CONFLICT (sdk_app_id, user_id) DO UPDATE SET acked_inbox_seq = GREATEST(im_cursors.acked_inbox_seq, excluded.acked_inbox_seq)
            """,
            ("app", (long)sdkAppId), ("user", userId), ("seq", (long)inboxSeq));
    }

    public void MarkRead(uint sdkAppId, string userId, ConversationKey conversation, ulong seq)
    {
        using var connection = _source.OpenConnection();
        Participate(connection, null, sdkAppId, userId, conversation, seq);
    }

    public ulong LastSeq(uint sdkAppId, ConversationKey conversation)
    {
        using var connection = _source.OpenConnection();
        using var command = Command(connection, null, "SELECT last_seq FROM im_conversations WHERE sdk_app_id = @app AND conv = @conv", ("app", (long)sdkAppId), ("conv", conversation.Value));
        return command.ExecuteScalar() is long value ? (ulong)value : 0;
    }

    public bool IsParticipant(uint sdkAppId, string userId, ConversationKey conversation)
    {
        using var connection = _source.OpenConnection();
        using var command = Command(connection, null, "SELECT 1 FROM im_participants WHERE sdk_app_id = @app AND user_id = @user AND conv = @conv",
            ("app", (long)sdkAppId), ("user", userId), ("conv", conversation.Value));
        return command.ExecuteScalar() is not null;
    }

    public IReadOnlyList<(ConversationKey Conversation, ulong Unread, ulong LastSeq)> Unread(uint sdkAppId, string userId)
    {
        using var connection = _source.OpenConnection();
        using var command = Command(connection, null,
            """
            SELECT p.conv, COUNT(m.seq), c.last_seq
            FROM im_participants p
            JOIN im_conversations c ON c.sdk_app_id = p.sdk_app_id AND c.conv = p.conv
            JOIN im_messages m ON m.sdk_app_id = p.sdk_app_id AND m.conv = p.conv AND m.seq > p.read_seq AND m.sender <> p.user_id
            WHERE p.sdk_app_id = @app AND p.user_id = @user
            GROUP BY p.conv, c.last_seq ORDER BY p.conv
            """,
            ("app", (long)sdkAppId), ("user", userId));
        using var reader = command.ExecuteReader();
        var unread = new List<(ConversationKey, ulong, ulong)>();
        while (reader.Read())
        {
            unread.Add((new ConversationKey(reader.GetString(0)), (ulong)reader.GetInt64(1), (ulong)reader.GetInt64(2)));
        }

        return unread;
    }

    public void Dispose() => _source.Dispose();

    private static void Participate(NpgsqlConnection connection, NpgsqlTransaction? transaction, uint sdkAppId, string userId, ConversationKey conversation, ulong readSeq) =>
        Execute(connection, transaction,
            """
            INSERT INTO im_participants (sdk_app_id, user_id, conv, read_seq) VALUES (@app, @user, @conv, @seq)
            ON CONFLICT (sdk_app_id, user_id, conv) DO UPDATE SET read_seq = GREATEST(im_participants.read_seq, excluded.read_seq)
            """,
            ("app", (long)sdkAppId), ("user", userId), ("conv", conversation.Value), ("seq", (long)readSeq));

    private static StoredMessage? FindByClientId(NpgsqlConnection connection, NpgsqlTransaction? transaction, uint sdkAppId, string sender, string clientMessageId)
    {
        using var command = Command(connection, transaction,
            $"SELECT {StoredMessageRows.Columns} FROM im_messages WHERE sdk_app_id = @app AND sender = @sender AND client_message_id = @client",
            ("app", (long)sdkAppId), ("sender", sender), ("client", clientMessageId));
        var found = StoredMessageRows.ReadAll(command);
        return found.Count == 0 ? null : found[0];
    }

    private static long Scalar(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                byte[] bytes => new NpgsqlParameter(name, NpgsqlDbType.Bytea) { Value = bytes },
                DBNull => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = DBNull.Value },
                _ => new NpgsqlParameter(name, value),
            });
        }

        return command;
    }
}
