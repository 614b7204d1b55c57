namespace OpenLive.Server.Apps;

/// <summary>An app: iLiveSDK's sdkAppId and the secret key its userSigs are signed with.</summary>
/// <param name="SdkAppId">The app id.</param>
/// <param name="SecretKey">The TLS-Sig v2 key string.</param>
/// <param name="Name">A label for people.</param>
/// <param name="RequirePrivateMapKey">When true, entering a room needs a privateMapKey and authBits are ignored (iLiveSDK 1.9's channel mode).</param>
/// <param name="CreatedAt">Creation time.</param>
public sealed record AppRecord(uint SdkAppId, string SecretKey, string Name, bool RequirePrivateMapKey, DateTimeOffset CreatedAt);
