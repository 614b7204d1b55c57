using OpenLive.Server.Storage;
using OpenLive.Testing;
using StackExchange.Redis;

namespace OpenLive.Server.Tests.Storage;

/// <summary>The Redis store against a real redis-server: two stores stand for two nodes.</summary>
public sealed class RedisStoreTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _nodeA = null!;
    private ConnectionMultiplexer _nodeB = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _nodeA = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _nodeB = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
    }

    public ValueTask DisposeAsync() => Teardown.StopAsync(_nodeA, _nodeB, _redis);

    [Fact]
    public async Task ConcurrentFirstLogins_OnTwoNodes_GetOneTinyId()
    {
        var a = new RedisStore(_nodeA, "c1", TimeProvider.System);
        var b = new RedisStore(_nodeB, "c1", TimeProvider.System);
        for (var i = 0; i < 50; i++)
        {
            var user = $"u{i}";
            var fromA = Task.Run(() => a.GetOrAssign(1, user));
            var fromB = Task.Run(() => b.GetOrAssign(1, user));
            var ids = await Task.WhenAll(fromA, fromB);
            Assert.Equal(ids[0], ids[1]);
            Assert.True(b.TryGetUserId(1, ids[0], out var back));
            Assert.Equal(user, back);
        }

        Assert.NotEqual(a.GetOrAssign(1, "x"), a.GetOrAssign(2, "x")); // per app
        Assert.False(a.TryGetTinyId(1, "never", out _));
    }

    [Fact]
    public void Apps_AreShared_AndIdsDoNotCollide()
    {
        var a = new RedisStore(_nodeA, "c2", TimeProvider.System);
        var b = new RedisStore(_nodeB, "c2", TimeProvider.System);
        Assert.Null(b.Find(7));
        Assert.True(a.TryCreate(7, "k7", "seven", requirePrivateMapKey: true, out _));
        var seen = b.Find(7)!;
        Assert.Equal(("k7", "seven", true), (seen.SecretKey, seen.Name, seen.RequirePrivateMapKey));
        Assert.False(b.TryCreate(7, "other", "again", requirePrivateMapKey: false, out var existing));
        Assert.Equal("k7", existing.SecretKey);
        Assert.Single(b.List());
        Assert.Null(new RedisStore(_nodeA, "another-cluster", TimeProvider.System).Find(7)); // clusters are separate
    }
}
