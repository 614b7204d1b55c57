using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Im;

/// <summary>
/// Messages in the embedded SQLite database. Appends are serialized (SQLite has one writer) and each is one
/// transaction: sequence, message, inbox entry and participants commit together or not at all. In WAL mode with
/// synchronous=NORMAL a committed transaction survives a process crash (kill -9), which is the promise of
/// "acknowledged": the send call is answered after the commit.
/// </summary>
/// <remarks>
/// Every write has one budget, <see cref="WriteBudget"/>, for all of its waiting: first for this store's writer lock
/// (other writes of this process queued before it), then for SQLite's file lock (another process or connection
/// writing). Waits used to add up — a queued write waited for the writes before it, each up to SQLite's busy timeout,
/// then for the lock itself, and so met the client's 10 s request timeout — so a failing store looked like a lost
/// request instead of the IMSDK store error. Now a write that cannot start within the budget fails with SQLITE_BUSY,
/// which the callers answer with that error.
/// </remarks>
internal sealed class SqliteMessageStore(SqliteDatabase database) : SqlMessageStore
{
    /// <summary>How long a write may wait, in all; well under the SDKs' 10 s request timeout.</summary>
    public static readonly TimeSpan WriteBudget = TimeSpan.FromSeconds(2);

    private const int SqliteBusy = 5;
    private readonly Lock _writer = new();

    public override AppendResult Append(uint sdkAppId, ConversationKey conversation, string sender, string? clientMessageId, byte[] body, long sentAtMs, string? inboxUser, long maxUnacknowledged = long.MaxValue)
    {
        using var write = BeginWrite();
        var connection = write.Connection;
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
            inboxSeq = InboxHead(connection, transaction, sdkAppId, inboxUser) + 1;
            Participate(connection, transaction, sdkAppId, inboxUser, conversation, 0);
            AppendToInbox(connection, transaction, sdkAppId, inboxUser, inboxSeq, message, maxUnacknowledged); // full: the transaction rolls back
        }

        transaction.Commit();
        return new AppendResult(message, Duplicate: false, inboxSeq);
    }

    public override void AcknowledgeInbox(uint sdkAppId, string userId, ulong inboxSeq)
    {
        using var write = BeginWrite();
        Execute(write.Connection, null,
            """
            INSERT INTO im_cursors (sdk_app_id, user_id, acked_inbox_seq) VALUES (@app, @user, @seq)
            ON CONFLICT (sdk_app_id, user_id) DO UPDATE SET acked_inbox_seq = MAX(acked_inbox_seq, excluded.acked_inbox_seq)
            """,
            ("@app", (long)sdkAppId), ("@user", userId), ("@seq", AsSqlInteger(inboxSeq)));
    }

    public override void MarkRead(uint sdkAppId, string userId, ConversationKey conversation, ulong seq)
    {
        using var write = BeginWrite();
        Participate(write.Connection, null, sdkAppId, userId, conversation, seq);
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
            ("@app", (long)sdkAppId), ("@user", userId), ("@conv", conversation.Value), ("@seq", AsSqlInteger(readSeq)));

    /// <summary>
    /// Takes the writer lock and a connection whose lock waits end with the budget's remainder. SQLite's own busy
    /// handler does the waiting (busy_timeout); the driver's retry loop is kept to one second (its smallest setting,
    /// and it only starts after the busy handler gave up), so the whole wait stays within the budget plus that second.
    /// </summary>
    private WriteScope BeginWrite()
    {
        var started = Stopwatch.GetTimestamp();
        if (!_writer.TryEnter(WriteBudget))
        {
            throw new SqliteException($"the message store is busy: a write waited {WriteBudget.TotalSeconds:0.#} s for the writes before it", SqliteBusy);
        }

        try
        {
            var remaining = WriteBudget - Stopwatch.GetElapsedTime(started);
            var connection = database.Open();
            connection.DefaultTimeout = 1;
            using var busy = connection.CreateCommand();
            busy.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={Math.Max(1, (int)remaining.TotalMilliseconds)};");
            busy.ExecuteNonQuery();
            return new WriteScope(this, connection);
        }
        catch
        {
            _writer.Exit();
            throw;
        }
    }

    /// <summary>A write in progress: its connection, and the writer lock until disposed.</summary>
    private readonly struct WriteScope(SqliteMessageStore store, SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection => connection;

        public void Dispose()
        {
            connection.Dispose();
            store._writer.Exit();
        }
    }
}
