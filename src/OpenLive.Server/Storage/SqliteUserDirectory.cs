using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Storage;

/// <summary>
/// Stable numeric tinyIds per (app, user), iLiveSDK's identifier↔tinyId mapping. Assigned on first login, kept forever.
/// </summary>
internal sealed class SqliteUserDirectory(SqliteDatabase database, [FromKeyedServices(ServerClock.Key)] TimeProvider time) : IUserDirectory
{
    private readonly ConcurrentDictionary<(uint App, string User), ulong> _byUser = new();
    private readonly ConcurrentDictionary<(uint App, ulong TinyId), string> _byTinyId = new();

    /// <summary>The user's tinyId, assigning one on first use.</summary>
    public ulong GetOrAssign(uint sdkAppId, string userId)
    {
        if (_byUser.TryGetValue((sdkAppId, userId), out var cached))
        {
            return cached;
        }

        using var connection = database.Open();
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT OR IGNORE INTO users (sdk_app_id, user_id, created_at) VALUES ($app, $user, $at)";
            insert.Parameters.AddWithValue("$app", (long)sdkAppId);
            insert.Parameters.AddWithValue("$user", userId);
            insert.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeSeconds());
            insert.ExecuteNonQuery();
        }

        var tinyId = QueryTinyId(connection, sdkAppId, userId) ?? throw new InvalidOperationException("The user row was not written.");
        Remember(sdkAppId, userId, tinyId);
        return tinyId;
    }

    /// <summary>The tinyId of a user who has logged in before.</summary>
    public bool TryGetTinyId(uint sdkAppId, string userId, out ulong tinyId)
    {
        if (_byUser.TryGetValue((sdkAppId, userId), out tinyId))
        {
            return true;
        }

        using var connection = database.Open();
        if (QueryTinyId(connection, sdkAppId, userId) is { } value)
        {
            tinyId = value;
            Remember(sdkAppId, userId, tinyId);
            return true;
        }

        return false;
    }

    /// <summary>The user id of a tinyId.</summary>
    public bool TryGetUserId(uint sdkAppId, ulong tinyId, [NotNullWhen(true)] out string? userId)
    {
        if (_byTinyId.TryGetValue((sdkAppId, tinyId), out userId))
        {
            return true;
        }

        using var connection = database.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT user_id FROM users WHERE sdk_app_id = $app AND tiny_id = $tiny";
        select.Parameters.AddWithValue("$app", (long)sdkAppId);
        select.Parameters.AddWithValue("$tiny", (long)tinyId);
        userId = select.ExecuteScalar() as string;
        if (userId is null)
        {
            return false;
        }

        Remember(sdkAppId, userId, tinyId);
        return true;
    }

    private static ulong? QueryTinyId(Microsoft.Data.Sqlite.SqliteConnection connection, uint sdkAppId, string userId)
    {
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT tiny_id FROM users WHERE sdk_app_id = $app AND user_id = $user";
        select.Parameters.AddWithValue("$app", (long)sdkAppId);
        select.Parameters.AddWithValue("$user", userId);
        return select.ExecuteScalar() is long value ? (ulong)value : null;
    }

    private void Remember(uint sdkAppId, string userId, ulong tinyId)
    {
        _byUser[(sdkAppId, userId)] = tinyId;
        _byTinyId[(sdkAppId, tinyId)] = userId;
    }
}
