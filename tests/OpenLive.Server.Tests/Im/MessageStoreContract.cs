using OpenLive.Server.Im;
using OpenLive.Server.Storage;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Im;

/// <summary>
/// What every message store promises; run against SQLite and PostgreSQL. Each test uses its own app id, so a shared
/// database needs no cleaning between tests.
/// </summary>
public abstract class MessageStoreContract
{
    private static int s_nextApp = 1;
    private readonly Lazy<IMessageStore> _current;

    protected MessageStoreContract() => _current = new Lazy<IMessageStore>(() => CreateStore());

    protected uint App { get; } = (uint)Interlocked.Increment(ref s_nextApp);

    /// <summary>Concurrent appends to one conversation in the concurrency test (each one is a durable commit).</summary>
    protected virtual int ConcurrentAppends => 200;

    private IMessageStore _store => _current.Value;

    /// <summary>A store over the test database.</summary>
    private protected abstract IMessageStore CreateStore();

    /// <summary>A new store over the same database, as after a restart.</summary>
    private protected IMessageStore Reopen() => CreateStore();

    private static byte[] Body(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    [Fact]
    public void C2CKeys_AreSymmetric_AndSequencesGapFree()
    {
        var ab = ConversationKey.C2C("alice", "bob");
        Assert.Equal(ab, ConversationKey.C2C("bob", "alice"));
        Assert.Equal("bob", ab.PeerOf("alice"));
        var seqs = Enumerable.Range(0, 5).Select(i => _store.Append(App, ab, i % 2 == 0 ? "alice" : "bob", null, Body($"m{i}"), i, null).Message.Seq).ToArray();
        Assert.Equal([1ul, 2, 3, 4, 5], seqs);
        Assert.Equal(1ul, _store.Append(App, ConversationKey.Group("room1"), "alice", null, Body("g"), 0, null).Message.Seq);
    }

    [Fact]
    public async Task ConcurrentAppends_GetDistinctGapFreeSequences()
    {
        var key = ConversationKey.Group("busy");
        var results = await Task.WhenAll(Enumerable.Range(0, ConcurrentAppends).Select(i => Task.Run(() => _store.Append(App, key, $"u{i % 7}", null, Body($"{i}"), i, null).Message.Seq)));
        Assert.Equal(Enumerable.Range(1, ConcurrentAppends).Select(i => (ulong)i), results.Order());
    }

    [Fact]
    public void SameClientMessageId_IsStoredOnce()
    {
        var key = ConversationKey.C2C("alice", "bob");
        var first = _store.Append(App, key, "alice", "client-1", Body("hi"), 1, "bob");
        var retry = _store.Append(App, key, "alice", "client-1", Body("hi"), 2, "bob");
        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first.Message.MessageId, retry.Message.MessageId);
        Assert.Single(_store.History(App, key, 10, 0));
        Assert.Single(_store.Inbox(App, "bob", 0, ulong.MaxValue, 10));
        // The same client id from another sender is another message.
        Assert.False(_store.Append(App, key, "bob", "client-1", Body("yo"), 3, "alice").Duplicate);
    }

    [Fact]
    public void History_PagesNewestFirst()
    {
        var key = ConversationKey.Group("paged");
        for (var i = 1; i <= 10; i++)
        {
            _store.Append(App, key, "alice", null, Body($"m{i}"), i, null);
        }

        var page1 = _store.History(App, key, 4, 0);
        Assert.Equal([10ul, 9, 8, 7], page1.Select(m => m.Seq));
        var page2 = _store.History(App, key, 4, page1[^1].Seq);
        Assert.Equal([6ul, 5, 4, 3], page2.Select(m => m.Seq));
        Assert.Equal("m6", System.Text.Encoding.UTF8.GetString(page2[0].Body));
    }

    [Fact]
    public void FullInbox_RefusesTheAppend_AndStoresNothing_UntilAcknowledged()
    {
        var key = ConversationKey.C2C("alice", "dave");
        for (var i = 0; i < 3; i++)
        {
            _store.Append(App, key, "alice", null, Body($"m{i}"), i, "dave", maxUnacknowledged: 3);
        }

        var full = Assert.Throws<InboxFullException>(() => _store.Append(App, key, "alice", "over", Body("over"), 9, "dave", maxUnacknowledged: 3));
        Assert.Equal(3, full.Limit);
        Assert.Equal(3ul, _store.LastSeq(App, key));
        Assert.Equal(3ul, _store.InboxHead(App, "dave"));

        _store.AcknowledgeInbox(App, "dave", 1);
        Assert.Equal(4ul, _store.Append(App, key, "alice", "over", Body("over"), 10, "dave", maxUnacknowledged: 3).ReceiverInboxSeq);
        Assert.Equal([2ul, 3ul], _store.Inbox(App, "dave", 1, 3, 10).Select(e => e.InboxSeq)); // up to a given position
    }

    [Fact]
    public void WireExtremes_NeitherWrapNorWidenTheRead()
    {
        var key = ConversationKey.C2C("alice", "erin");
        _store.Append(App, key, "alice", null, Body("only"), 1, "erin");
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.History(App, key, -1, 0));
        Assert.Single(_store.History(App, key, 10, ulong.MaxValue)); // "before" beyond every seq: all of it, not nothing
        _store.AcknowledgeInbox(App, "erin", ulong.MaxValue);
        Assert.Equal((ulong)long.MaxValue, _store.InboxCursor(App, "erin")); // stored as the largest position, never as -1
    }

    [Fact]
    public void Inbox_IsOrdered_AndTheCursorNeverMovesBack()
    {
        for (var i = 0; i < 3; i++)
        {
            _store.Append(App, ConversationKey.C2C("alice", "carol"), "alice", null, Body($"a{i}"), i, "carol");
            _store.Append(App, ConversationKey.C2C("bob", "carol"), "bob", null, Body($"b{i}"), i, "carol");
        }

        var inbox = _store.Inbox(App, "carol", 0, ulong.MaxValue, 100);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (ulong)i), inbox.Select(e => e.InboxSeq));
        Assert.Equal(["a0", "b0", "a1", "b1", "a2", "b2"], inbox.Select(e => System.Text.Encoding.UTF8.GetString(e.Message.Body)));
        _store.AcknowledgeInbox(App, "carol", 4);
        _store.AcknowledgeInbox(App, "carol", 2);
        Assert.Equal(4ul, _store.InboxCursor(App, "carol"));
        Assert.Equal(2, _store.Inbox(App, "carol", _store.InboxCursor(App, "carol"), ulong.MaxValue, 100).Count);
    }

    [Fact]
    public void Unread_CountsOthersMessagesAfterTheReadMark()
    {
        var key = ConversationKey.C2C("alice", "bob");
        _store.Append(App, key, "alice", null, Body("1"), 1, "bob");
        _store.Append(App, key, "alice", null, Body("2"), 2, "bob");
        Assert.Equal((key, 2ul, 2ul), Assert.Single(_store.Unread(App, "bob")));
        Assert.Empty(_store.Unread(App, "alice")); // her own messages are never unread

        // Replying marks the conversation read up to the reply.
        _store.Append(App, key, "bob", null, Body("3"), 3, "alice");
        Assert.Empty(_store.Unread(App, "bob"));
        Assert.Equal((key, 1ul, 3ul), Assert.Single(_store.Unread(App, "alice")));
        _store.MarkRead(App, "alice", key, 3);
        Assert.Empty(_store.Unread(App, "alice"));
    }

    [Fact]
    public void MessagesSurviveReopeningTheDatabase()
    {
        var key = ConversationKey.C2C("alice", "bob");
        var sent = _store.Append(App, key, "alice", "c1", Body("durable"), 1, "bob");
        var reopened = Reopen();
        var history = reopened.History(App, key, 10, 0);
        Assert.Equal(sent.Message.MessageId, Assert.Single(history).MessageId);
        Assert.True(reopened.Append(App, key, "alice", "c1", Body("durable"), 2, "bob").Duplicate);
    }
}

public sealed class SqliteMessageStoreTests : MessageStoreContract, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"openlive-im-{Guid.NewGuid():N}.db");

    private protected override IMessageStore CreateStore()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new SqliteMessageStore(new SqliteDatabase(_path));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

public sealed class PostgresMessageStoreTests(PostgresFixture postgres) : MessageStoreContract, IClassFixture<PostgresFixture>
{
    private protected override IMessageStore CreateStore() => new PostgresMessageStore(postgres.Server.ConnectionString);

    // Appends to one conversation serialize on its row through each fsync'd commit; 40 keep the test quick on slow disks.
    protected override int ConcurrentAppends => 40;
}

public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task OpeningOneNewFileFromManyThreads_MigratesOnce()
    {
        var path = Path.Combine(Path.GetTempPath(), $"openlive-migrate-{Guid.NewGuid():N}.db");
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => new SqliteDatabase(path))));
            using var connection = new SqliteDatabase(path).Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            Assert.Equal(2L, (long)command.ExecuteScalar()!);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
