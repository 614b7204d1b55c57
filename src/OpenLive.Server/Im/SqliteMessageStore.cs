using System.Data.Common;
using Microsoft.Data.Sqlite;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Im;

/// <summary>
/// Messages in the embedded SQLite database. Appends are serialized (SQLite has one writer) and each is one
/// transaction: sequence, message, inbox entry and participants commit together or not at all. In WAL mode with
/// synchronous=NORMAL a committed transaction survives a process crash (kill -9), which is the promise of
/// "acknowledged": the send call is answered after the commit.
/// </summary>
internal sealed class SqliteMessageStore(SqliteDatabase database) : SqlMessageStore
{
    private readonly Lock _writer = new();

    public override AppendResult Append(uint sdkAppId, ConversationKey conversation, string sender, string? clientMessageId, byte[] body, long sentAtMs, string? inboxUser)
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
                INSERT INTO im_conversations (sdk_app_id, conv, last_seq) VALUES (@app, @conv, 1)
                ON CONFLICT (sdk_app_id, conv) DO UPDATE SET last_seq = last_seq + 1
                RETURNING last_seq
                """,
                ("@app", (long)sdkAppId), ("@conv", conversation.Value));
            var message = new StoredMessage(conversation, seq, NewMessageId(sdkAppId), sender, clientMessageId, sentAtMs, body);
            InsertMessage(connection, transaction, sdkAppId, message);

            // The sender has read its own message; the receiver (C2C) becomes a participant with nothing read yet.
            Participate(connection, transaction, sdkAppId, sender, conversation, seq);
            ulong inboxSeq = 0;
            if (inboxUser is not null)
            {
                Participate(connection, transaction, sdkAppId, inboxUser, conversation, 0);
                inboxSeq = (ulong)Scalar(connection, transaction,
                    "SELECT COALESCE(MAX(inbox_seq), 0) + 1 FROM im_inbox WHERE sdk_app_id = @app AND user_id = @user",
                    ("@app", (long)sdkAppId), ("@user", inboxUser));
                InsertInboxEntry(connection, transaction, sdkAppId, inboxUser, inboxSeq, message);
            }

            transaction.Commit();
            return new AppendResult(message, Duplicate: false, inboxSeq);
        }
    }

    public override void AcknowledgeInbox(uint sdkAppId, string userId, ulong inboxSeq)
    {
        lock (_writer)
        {
            using var connection = database.Open();
            Execute(connection, null,
                """
                INSERT INTO im_cursors (sdk_app_id, user_id, acked_inbox_seq) VALUES (@app, @user, @seq)
                ON CONFLICT (sdk_app_id, user_id) DO UPDATE SET acked_inbox_seq = MAX(acked_inbox_seq, excluded.acked_inbox_seq)
                """,
                ("@app", (long)sdkAppId), ("@user", userId), ("@seq", (long)inboxSeq));
        }
    }

    public override void MarkRead(uint sdkAppId, string userId, ConversationKey conversation, ulong seq)
    {
        lock (_writer)
        {
            using var connection = database.Open();
            Participate(connection, null, sdkAppId, userId, conversation, seq);
        }
    }

    protected override DbConnection Open() => database.Open();

    protected override DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = (SqliteCommand)connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private void Participate(DbConnection connection, DbTransaction? transaction, uint sdkAppId, string userId, ConversationKey conversation, ulong readSeq) =>
        Execute(connection, transaction,
            """
            INSERT INTO im_participants (sdk_app_id, user_id, conv, read_seq) VALUES (@app, @user, @conv, @seq)
            ON CONFLICT (sdk_app_id, user_id, conv) DO UPDATE SET read_seq = MAX(read_seq, excluded.read_seq)
            """,
            ("@app", (long)sdkAppId), ("@user", userId), ("@conv", conversation.Value), ("@seq", (long)readSeq));
}
