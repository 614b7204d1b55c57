using System.Text;
using OpenLive.Core.Rooms;

namespace OpenLive.Core.Auth;

/// <summary>
/// Issues TLS-Sig v2 userSigs and privateMapKeys bit-compatible with Tencent's <c>tls-sig-api-v2</c> libraries:
/// a ticket issued here verifies in any of them, and theirs verify in <see cref="UserSigVerifier"/>.
/// Thread-safe.
/// </summary>
public sealed class UserSigGenerator
{
    private readonly KeyedHmacSha256 _hmac;
    private readonly TimeProvider _time;
    private readonly UserSigCompression _compression;

    /// <summary>Creates a generator for an app.</summary>
    /// <param name="sdkAppId">The app id.</param>
    /// <param name="key">The app's secret key string; its UTF-8 bytes are the HMAC key.</param>
    /// <param name="timeProvider">The clock for <c>TLS.time</c>; the system clock when null.</param>
    /// <param name="compression">How the ticket's zlib stream is packed; <see cref="UserSigCompression.Stored"/> is fastest.</param>
    public UserSigGenerator(uint sdkAppId, string key, TimeProvider? timeProvider = null, UserSigCompression compression = UserSigCompression.Stored)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!Enum.IsDefined(compression))
        {
            throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression.");
        }

        SdkAppId = sdkAppId;
        _hmac = new KeyedHmacSha256(Encoding.UTF8.GetBytes(key));
        _time = timeProvider ?? TimeProvider.System;
        _compression = compression;
    }

    /// <summary>The app id the generator signs for.</summary>
    public uint SdkAppId { get; }

    /// <summary>Issues a userSig for <paramref name="userId"/>, valid for <paramref name="expireSeconds"/> from now.</summary>
    public string GenUserSig(string userId, long expireSeconds = UserSigLimits.DefaultExpireSeconds) =>
        Generate(userId, expireSeconds, default, hasUserBuf: false);

    /// <summary>Issues a userSig carrying an arbitrary userbuf.</summary>
    public string GenSigWithUserBuf(string userId, long expireSeconds, ReadOnlySpan<byte> userBuf)
    {
        if (userBuf.Length > UserSigLimits.MaxUserBufLength)
        {
            throw new ArgumentException($"The userbuf is {userBuf.Length} bytes; at most {UserSigLimits.MaxUserBufLength} are allowed.", nameof(userBuf));
        }

        return Generate(userId, expireSeconds, userBuf, hasUserBuf: true);
    }

    /// <summary>Issues a privateMapKey for numeric room <paramref name="roomId"/> with <paramref name="privileges"/>.</summary>
    public string GenPrivateMapKey(string userId, long expireSeconds, uint roomId, AuthBits privileges) =>
        GenPrivateMapKey(userId, expireSeconds, roomId, null, privileges);

    /// <summary>Issues a privateMapKey for string room <paramref name="roomId"/> with <paramref name="privileges"/>.</summary>
    public string GenPrivateMapKey(string userId, long expireSeconds, string roomId, AuthBits privileges)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        if (Encoding.UTF8.GetByteCount(roomId) > UserSigLimits.MaxRoomStringBytes)
        {
            throw new ArgumentException($"A string room id is at most {UserSigLimits.MaxRoomStringBytes} UTF-8 bytes.", nameof(roomId));
        }

        return GenPrivateMapKey(userId, expireSeconds, 0, roomId, privileges);
    }

    private string GenPrivateMapKey(string userId, long expireSeconds, uint roomId, string? roomString, AuthBits privileges)
    {
        ValidateUserId(userId);
        ValidateExpire(expireSeconds);
        if ((ulong)privileges > uint.MaxValue && privileges != AuthBits.Default)
        {
            throw new ArgumentOutOfRangeException(nameof(privileges), privileges, "A privateMapKey carries 32 privilege bits.");
        }

        // dwExpTime is absolute (now + expire) and 32-bit: tickets cannot outlive 2106.
        var expiresAt = _time.GetUtcNow().ToUnixTimeSeconds() + expireSeconds;
        if (expiresAt > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(expireSeconds), expireSeconds, "A privateMapKey's absolute expiry must fit in 32 bits.");
        }

        var map = privileges == AuthBits.Default ? (uint)AuthBits.All : (uint)privileges;
        var key = new PrivateMapKey(userId, SdkAppId, roomId, roomString, (uint)expiresAt, map);
        return Generate(userId, expireSeconds, key.ToArray(), hasUserBuf: true);
    }

    private string Generate(string userId, long expireSeconds, ReadOnlySpan<byte> userBuf, bool hasUserBuf)
    {
        ValidateUserId(userId);
        ValidateExpire(expireSeconds);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        Span<byte> mac = stackalloc byte[TlsSigHmac.MacLength];
        TlsSigHmac.Compute(_hmac, userId, SdkAppId, now, expireSeconds, userBuf, hasUserBuf, mac);
        return UserSigEncoder.Encode(_compression, userId, SdkAppId, now, expireSeconds, userBuf, hasUserBuf, mac);
    }

    private static void ValidateUserId(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (Encoding.UTF8.GetByteCount(userId) > UserSigLimits.MaxIdentifierBytes)
        {
            throw new ArgumentException($"A user id is at most {UserSigLimits.MaxIdentifierBytes} UTF-8 bytes.", nameof(userId));
        }
    }

    private static void ValidateExpire(long expireSeconds)
    {
        if (expireSeconds is <= 0 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(expireSeconds), expireSeconds, "The lifetime must be between 1 second and 2^31-1 seconds.");
        }
    }
}
