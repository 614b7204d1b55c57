using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenLive.Server.Apps;
using StackExchange.Redis;

namespace OpenLive.Server.Storage;

/// <summary>
/// Apps and tinyIds in Redis, for clusters whose nodes run on different machines. Keys live under
/// <c>openlive:{clusterId}:</c>: a hash of apps, per app a hash userId→tinyId and its reverse, and one counter that
/// hands out tinyIds (assignment is race-free with HSETNX: the first writer wins, others read its value).
/// Run Redis with persistence (AOF) for apps and tinyIds to survive a Redis restart.
/// </summary>
internal sealed class RedisStore(IConnectionMultiplexer redis, string clusterId, TimeProvider time) : IAppStore, IUserDirectory
{
    // The same first tinyId as the SQLite store: ids look alike whichever store issued them.
    private const long FirstTinyId = 144115188075855873;

    private readonly string _prefix = $"openlive:{clusterId}:";
    private readonly ConcurrentDictionary<uint, AppRecord> _apps = new(); // apps never change once created: cache hits only
    // The user id <-> tinyId mapping never changes once assigned: both directions are cached.
    private readonly ConcurrentDictionary<(uint, string), ulong> _tinyIds = new();
    private readonly ConcurrentDictionary<(uint, ulong), string> _userIds = new();

    private IDatabase Db => redis.GetDatabase();

    public AppRecord? Find(uint sdkAppId)
    {
        if (_apps.TryGetValue(sdkAppId, out var cached))
        {
            return cached;
        }

        var value = Db.HashGet(_prefix + "apps", sdkAppId);
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        var app = Read(sdkAppId, value.ToString());
        _apps[sdkAppId] = app;
        return app;
    }

    public IReadOnlyList<AppRecord> List() =>
        [.. Db.HashGetAll(_prefix + "apps")
            .Select(e => Read(uint.Parse(e.Name.ToString(), CultureInfo.InvariantCulture), e.Value.ToString()))
            .OrderBy(a => a.SdkAppId)];

    public bool TryCreate(uint sdkAppId, string secretKey, string name, bool requirePrivateMapKey, out AppRecord app)
    {
        app = new AppRecord(sdkAppId, secretKey, name, requirePrivateMapKey, time.GetUtcNow());
        var json = JsonSerializer.Serialize(new StoredApp(secretKey, name, requirePrivateMapKey, app.CreatedAt.ToUnixTimeSeconds()), RedisStoreJson.Default.StoredApp);
        if (Db.HashSet(_prefix + "apps", sdkAppId, json, When.NotExists))
        {
            return true;
        }

        app = Find(sdkAppId)!;
        return false;
    }

    public ulong GetOrAssign(uint sdkAppId, string userId)
    {
        if (TryGetTinyId(sdkAppId, userId, out var existing))
        {
            return existing;
        }

        var candidate = Db.StringIncrement(_prefix + "tinyid") + FirstTinyId - 1;
        var db = Db;
        if (db.HashSet(UsersKey(sdkAppId), userId, candidate, When.NotExists))
        {
            db.HashSet(TinyIdsKey(sdkAppId), candidate, userId);
            Remember(sdkAppId, userId, (ulong)candidate);
            return (ulong)candidate;
        }

        // Another node assigned one first: use it (the candidate number stays unused).
        return TryGetTinyId(sdkAppId, userId, out var winner) ? winner : throw new InvalidOperationException("tinyId vanished");
    }

    public bool TryGetTinyId(uint sdkAppId, string userId, out ulong tinyId)
    {
        if (_tinyIds.TryGetValue((sdkAppId, userId), out tinyId))
        {
            return true;
        }

        var value = Db.HashGet(UsersKey(sdkAppId), userId);
        if (value.IsNullOrEmpty)
        {
            return false;
        }

        tinyId = (ulong)(long)value;
        Remember(sdkAppId, userId, tinyId);
        return true;
    }

    public bool TryGetUserId(uint sdkAppId, ulong tinyId, [NotNullWhen(true)] out string? userId)
    {
        if (_userIds.TryGetValue((sdkAppId, tinyId), out userId))
        {
            return true;
        }

        var value = Db.HashGet(TinyIdsKey(sdkAppId), (long)tinyId);
        userId = value.IsNullOrEmpty ? null : value.ToString();
        if (userId is null)
        {
            return false;
        }

        Remember(sdkAppId, userId, tinyId);
        return true;
    }

    private void Remember(uint sdkAppId, string userId, ulong tinyId)
    {
        _tinyIds[(sdkAppId, userId)] = tinyId;
        _userIds[(sdkAppId, tinyId)] = userId;
    }

    private string UsersKey(uint sdkAppId) => string.Create(CultureInfo.InvariantCulture, $"{_prefix}users:{sdkAppId}");

    private string TinyIdsKey(uint sdkAppId) => string.Create(CultureInfo.InvariantCulture, $"{_prefix}tinyids:{sdkAppId}");

    private static AppRecord Read(uint sdkAppId, string json)
    {
        var stored = JsonSerializer.Deserialize(json, RedisStoreJson.Default.StoredApp)!;
        return new AppRecord(sdkAppId, stored.Key, stored.Name, stored.RequirePrivateMapKey, DateTimeOffset.FromUnixTimeSeconds(stored.CreatedAt));
    }
}

internal sealed record StoredApp(string Key, string Name, bool RequirePrivateMapKey, long CreatedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredApp))]
internal sealed partial class RedisStoreJson : JsonSerializerContext;
