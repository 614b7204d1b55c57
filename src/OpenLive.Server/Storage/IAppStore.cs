using OpenLive.Server.Apps;

namespace OpenLive.Server.Storage;

/// <summary>Apps and their secret keys: SQLite on a single node, Redis when nodes on several machines share them.</summary>
internal interface IAppStore
{
    /// <summary>The app, or null when no such app exists.</summary>
    AppRecord? Find(uint sdkAppId);

    /// <summary>All apps, by id.</summary>
    IReadOnlyList<AppRecord> List();

    /// <summary>Creates an app; false (and the existing record) when the id is taken.</summary>
    bool TryCreate(uint sdkAppId, string secretKey, string name, bool requirePrivateMapKey, out AppRecord app);
}

/// <summary>Stable tinyIds per (app, user): iLiveSDK's identifier↔tinyId mapping, shared by every node.</summary>
internal interface IUserDirectory
{
    /// <summary>The user's tinyId, assigning one on first use.</summary>
    ulong GetOrAssign(uint sdkAppId, string userId);

    /// <summary>The tinyId of a user who has logged in before.</summary>
    bool TryGetTinyId(uint sdkAppId, string userId, out ulong tinyId);

    /// <summary>The user id of a tinyId.</summary>
    bool TryGetUserId(uint sdkAppId, ulong tinyId, [NotNullWhen(true)] out string? userId);
}
