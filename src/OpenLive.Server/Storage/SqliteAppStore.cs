using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Server.Apps;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Storage;

/// <summary>Apps in the embedded SQLite store. Reads are cached (a login must not touch the disk); writes go through.</summary>
internal sealed class SqliteAppStore(SqliteDatabase database, [FromKeyedServices(ServerClock.Key)] TimeProvider time) : IAppStore
{
    private readonly ConcurrentDictionary<uint, AppRecord?> _cache = new();

    public AppRecord? Find(uint sdkAppId) => _cache.GetOrAdd(sdkAppId, Load);

    public IReadOnlyList<AppRecord> List()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sdk_app_id, secret_key, name, require_private_map_key, created_at FROM apps ORDER BY sdk_app_id";
        using var reader = command.ExecuteReader();
        var apps = new List<AppRecord>();
        while (reader.Read())
        {
            apps.Add(Read(reader));
        }

        return apps;
    }

    /// <summary>Creates an app; false when the id is taken.</summary>
    public bool TryCreate(uint sdkAppId, string secretKey, string name, bool requirePrivateMapKey, out AppRecord app)
    {
        app = new AppRecord(sdkAppId, secretKey, name, requirePrivateMapKey, time.GetUtcNow());
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO apps (sdk_app_id, secret_key, name, require_private_map_key, created_at) VALUES ($id, $key, $name, $pmk, $at)";
        command.Parameters.AddWithValue("$id", (long)sdkAppId);
        command.Parameters.AddWithValue("$key", secretKey);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$pmk", requirePrivateMapKey ? 1 : 0);
        command.Parameters.AddWithValue("$at", app.CreatedAt.ToUnixTimeSeconds());
        var created = command.ExecuteNonQuery() == 1;
        _cache.TryRemove(sdkAppId, out _);
        return created;
    }

    private AppRecord? Load(uint sdkAppId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sdk_app_id, secret_key, name, require_private_map_key, created_at FROM apps WHERE sdk_app_id = $id";
        command.Parameters.AddWithValue("$id", (long)sdkAppId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static AppRecord Read(SqliteDataReader reader) => new(
        (uint)reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt64(3) != 0,
        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(4)));
}
