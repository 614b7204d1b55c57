namespace OpenLive.Core.Auth;

/// <summary>
/// Size bounds that keep ticket handling cheap whatever a client sends. Real tickets are 150–400 characters; the
/// limits leave room for long identifiers and string room ids while refusing a megabyte sig or a zlib bomb early.
/// </summary>
public static class UserSigLimits
{
    /// <summary>Longest ticket string accepted, in characters.</summary>
    public const int MaxEncodedLength = 4096;

    /// <summary>Largest inflated JSON document accepted, in bytes.</summary>
    public const int MaxDocumentLength = 8192;

    /// <summary>Longest identifier the generator signs, in UTF-8 bytes (Tencent documents 32 for user ids).</summary>
    public const int MaxIdentifierBytes = 256;

    /// <summary>Longest string room id in a privateMapKey, in UTF-8 bytes (TRTC's <c>strRoomId</c> limit is 64).</summary>
    public const int MaxRoomStringBytes = 64;

    /// <summary>Longest userbuf the generator signs, in bytes.</summary>
    public const int MaxUserBufLength = 1024;

    /// <summary>The default lifetime of the tls-sig-api libraries: 180 days.</summary>
    public const long DefaultExpireSeconds = 180L * 24 * 3600;
}
