using Microsoft.Data.Sqlite;
using OpenLive.Server.Observability;

namespace OpenLive.Server.Storage;

/// <summary>
/// The embedded store: one SQLite file in the data directory, WAL mode. <c>synchronous=NORMAL</c> in WAL mode keeps
/// every committed transaction across a process crash (kill -9); FULL would add power-loss safety at a write cost.
/// </summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        // Owner-only before SQLite opens it: the file holds every app's secret key (PrivateFiles).
        PrivateFiles.EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        PrivateFiles.EnsureFile(path);
        PrivateFiles.NarrowIfExists(path + "-wal");
        PrivateFiles.NarrowIfExists(path + "-shm");
        // A write that cannot get the database within 5 s fails (SQLITE_BUSY) instead of stalling its caller longer.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 5 }.ToString();
        using var connection = Open();
        // WAL is a property of the file, kept across connections: set once here, not on every open.
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        Migrate(connection);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.StateChange += SqliteConnectionCount.OnStateChange; // openlive_sqlite_connections_open counts leaks
        connection.Open();
        using var pragma = connection.CreateCommand();
        // Per-connection settings (a pooled connection keeps them, but the pool does not say which connections are new).
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Applies the missing steps, each in an immediate (write-locking) transaction that reads the version inside it:
    /// two processes opening the same new file at once apply each step exactly once.
    /// </summary>
    private static void Migrate(SqliteConnection connection)
    {
        while (true)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA user_version;";
            var step = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (step >= Steps.Length)
            {
                return;
            }

            command.CommandText = Steps[step] + $"\nPRAGMA user_version = {step + 1};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    // Schema steps, applied in order; never edit a shipped step, add one.
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE IF NOT EXISTS apps (
            sdk_app_id INTEGER PRIMARY KEY,
            secret_key TEXT NOT NULL,
            name TEXT NOT NULL,
            require_private_map_key INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS users (
            tiny_id INTEGER PRIMARY KEY AUTOINCREMENT,
            sdk_app_id INTEGER NOT NULL,
            user_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            UNIQUE (sdk_app_id, user_id)
        );
        -- tinyIds look like iLiveSDK's (large, not guessable small integers): start the sequence high.
        INSERT INTO sqlite_sequence (name, seq) SELECT 'users', 144115188075855872
            WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'users');
        """,
        """
        CREATE TABLE im_conversations (
            sdk_app_id INTEGER NOT NULL, conv TEXT NOT NULL, last_seq INTEGER NOT NULL,
            PRIMARY KEY (sdk_app_id, conv));
        CREATE TABLE im_messages (
            sdk_app_id INTEGER NOT NULL, conv TEXT NOT NULL, seq INTEGER NOT NULL,
            message_id TEXT NOT NULL, sender TEXT NOT NULL, client_message_id TEXT,
            sent_at_ms INTEGER NOT NULL, body BLOB NOT NULL,
            PRIMARY KEY (sdk_app_id, conv, seq));
        CREATE UNIQUE INDEX im_messages_client_id ON im_messages (sdk_app_id, sender, client_message_id)
            WHERE client_message_id IS NOT NULL;
        CREATE TABLE im_inbox (
            sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, inbox_seq INTEGER NOT NULL,
            conv TEXT NOT NULL, seq INTEGER NOT NULL,
            PRIMARY KEY (sdk_app_id, user_id, inbox_seq));
        CREATE TABLE im_cursors (
            sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, acked_inbox_seq INTEGER NOT NULL,
            PRIMARY KEY (sdk_app_id, user_id));
        CREATE TABLE im_participants (
            sdk_app_id INTEGER NOT NULL, user_id TEXT NOT NULL, conv TEXT NOT NULL, read_seq INTEGER NOT NULL,
            PRIMARY KEY (sdk_app_id, user_id, conv));
        """,
    ];
}
