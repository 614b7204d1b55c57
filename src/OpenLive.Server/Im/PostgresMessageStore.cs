using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace OpenLive.Server.Im;

/// <summary>
/// Messages in PostgreSQL: the same contract as <see cref="SqliteMessageStore"/>, for deployments whose nodes share
/// one database. Each append is one transaction; the conversation row's update lock orders concurrent appends, so
/// sequences stay gap-free (a rolled-back append also rolls back its increment). Commits are durable
/// (synchronous_commit on): the send is answered after the commit.
/// </summary>
internal sealed class PostgresMessageStore : SqlMessageStore, IDisposable
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
        _source = NpgsqlDataSource.Create(WithoutUnaskedGss(connectionString));
        using var connection = _source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        // The nodes of a cluster start together against one database, and concurrent CREATE ... IF NOT EXISTS of one
        // table can still fail (both pass the check, one insert into the catalog loses): one node at a time.
        using (var lockSchema = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey})", connection, transaction))
        {
            lockSchema.ExecuteNonQuery();
        }

        using var command = new NpgsqlCommand(Schema, connection, transaction);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>
    /// GSS (Kerberos) encryption off unless the connection string asks for it. Npgsql tries it first by default, and on a
    /// host without Kerberos its library looks the realm up in DNS: where the resolver does not answer (a private network,
    /// a namespace) every new pooled connection waited 5 s for that lookup, and a burst of logins queued behind it (seen
    /// in the cluster failover test: 5 and 10 s logins on a node with a fresh pool).
    /// </summary>
    private static string WithoutUnaskedGss(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("GSS", StringComparison.OrdinalIgnoreCase))
        {
            builder.GssEncryptionMode = GssEncryptionMode.Disable;
        }

        return builder.ConnectionString;
    }

    /// <summary>The advisory lock held while the schema is created ("OLIM" in ASCII).</summary>
    private const long SchemaLockKey = 0x4F4C494D;

    public override AppendResult Append(uint sdkAppId, ConversationKey conversation, string sender, string? clientMessageId, byte[] body, long sentAtMs, string? inboxUser, long maxUnacknowledged = long.MaxValue)
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
                ("@app", (long)sdkAppId), ("@conv", conversation.Value));
            var message = new StoredMessage(conversation, seq, NewMessageId(sdkAppId), sender, clientMessageId, sentAtMs, body);
            InsertMessage(connection, transaction, sdkAppId, message);
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
                    ("@app", (long)sdkAppId), ("@user", inboxUser));

                // The head row's lock (taken by the upsert above) orders concurrent appends to this inbox: the count is
                // exact. Full: the transaction, disposed uncommitted, rolls back.
                AppendToInbox(connection, transaction, sdkAppId, inboxUser, inboxSeq, message, maxUnacknowledged);
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

    public override void AcknowledgeInbox(uint sdkAppId, string userId, ulong inboxSeq)
    {
        using var connection = _source.OpenConnection();
        Execute(connection, null,
            """
            INSERT INTO im_cursors (sdk_app_id, user_id, acked_inbox_seq) VALUES (@app, @user, @seq)
            ON CONFLICT (sdk_app_id, user_id) DO UPDATE SET acked_inbox_seq = GREATEST(im_cursors.acked_inbox_seq, excluded.acked_inbox_seq)
            """,
            ("@app", (long)sdkAppId), ("@user", userId), ("@seq", AsSqlInteger(inboxSeq)));
    }

    public override void MarkRead(uint sdkAppId, string userId, ConversationKey conversation, ulong seq)
    {
        using var connection = _source.OpenConnection();
        Participate(connection, null, sdkAppId, userId, conversation, seq);
    }

    public void Dispose() => _source.Dispose();

    protected override DbConnection Open() => _source.OpenConnection();

    protected override DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
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

    private void Participate(DbConnection connection, DbTransaction? transaction, uint sdkAppId, string userId, ConversationKey conversation, ulong readSeq) =>
        Execute(connection, transaction,
            """
            INSERT INTO im_participants (sdk_app_id, user_id, conv, read_seq) VALUES (@app, @user, @conv, @seq)
            ON CONFLICT (sdk_app_id, user_id, conv) DO UPDATE SET read_seq = GREATEST(im_participants.read_seq, excluded.read_seq)
            """,
            ("@app", (long)sdkAppId), ("@user", userId), ("@conv", conversation.Value), ("@seq", AsSqlInteger(readSeq)));
}
