using System.Security.Cryptography;
using System.Text;

namespace OpenLive.Core.Auth;

/// <summary>
/// Verifies TLS-Sig v2 tickets by decoding them and checking each field: never by comparing ticket strings, since the
/// same fields encode differently across Tencent's libraries (key order, escaping, zlib level). Thread-safe.
/// </summary>
/// <remarks>
/// Order of checks: well-formed → app → identifier → signature (constant-time) → expiry → userbuf. The signature is
/// checked before expiry and userbuf so that only authentic tickets are ever reported as expired or for another room.
/// </remarks>
public sealed class UserSigVerifier
{
    private readonly KeyedHmacSha256 _hmac;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier for an app.</summary>
    /// <param name="sdkAppId">The app id tickets must be issued for.</param>
    /// <param name="key">The app's secret key string.</param>
    /// <param name="timeProvider">The clock for expiry; the system clock when null.</param>
    public UserSigVerifier(uint sdkAppId, string key, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        SdkAppId = sdkAppId;
        _hmac = new KeyedHmacSha256(Encoding.UTF8.GetBytes(key));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The app id tickets must be issued for.</summary>
    public uint SdkAppId { get; }

    /// <summary>Verifies a plain userSig (one without a userbuf) for <paramref name="userId"/>.</summary>
    public UserSigVerification Verify(string userId, string? userSig) => VerifyCore(userId, userSig, UserBufRule.MustBeAbsent, default);

    /// <summary>Verifies a userSig whatever userbuf it carries (a login accepts both plain sigs and privateMapKeys).</summary>
    public UserSigVerification VerifyAnyUserBuf(string userId, string? userSig) => VerifyCore(userId, userSig, UserBufRule.Any, default);

    /// <summary>Verifies a userSig that must carry exactly <paramref name="expectedUserBuf"/>.</summary>
    public UserSigVerification VerifyWithUserBuf(string userId, string? userSig, ReadOnlySpan<byte> expectedUserBuf) =>
        VerifyCore(userId, userSig, UserBufRule.MustEqual, expectedUserBuf);

    /// <summary>Verifies a privateMapKey for numeric room <paramref name="roomId"/>; the result carries its privileges.</summary>
    public UserSigVerification VerifyPrivateMapKey(string userId, string? privateMapKey, uint roomId) =>
        VerifyPrivateMapKey(userId, privateMapKey, roomId, null);

    /// <summary>Verifies a privateMapKey for string room <paramref name="roomId"/>; the result carries its privileges.</summary>
    public UserSigVerification VerifyPrivateMapKey(string userId, string? privateMapKey, string roomId)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        return VerifyPrivateMapKey(userId, privateMapKey, 0, roomId);
    }

    private UserSigVerification VerifyPrivateMapKey(string userId, string? ticketText, uint roomId, string? roomString)
    {
        var result = VerifyCore(userId, ticketText, UserBufRule.MustBePresent, default);
        if (!result.IsValid)
        {
            return result;
        }

        var ticket = result.Ticket!;
        if (!PrivateMapKey.TryParse(ticket.UserBuf, out var key))
        {
            return Fail(UserSigStatus.UserBufMismatch, "the userbuf does not have the privateMapKey layout", ticket);
        }

        if (!string.Equals(key.Account, userId, StringComparison.Ordinal))
        {
            return Fail(UserSigStatus.UserBufMismatch, $"the privateMapKey is for user \"{key.Account}\", not \"{userId}\"", ticket);
        }

        if (key.SdkAppId != SdkAppId)
        {
            return Fail(UserSigStatus.UserBufMismatch, $"the privateMapKey is for app {key.SdkAppId}, not {SdkAppId}", ticket);
        }

        var rightRoom = roomString is null ? key.IsForRoom(roomId) : key.IsForRoom(roomString);
        if (!rightRoom)
        {
            var issued = key.RoomString is null ? key.RoomId.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{key.RoomString}\"";
            var wanted = roomString is null ? roomId.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{roomString}\"";
            return Fail(UserSigStatus.UserBufMismatch, $"the privateMapKey is for room {issued}, not room {wanted}", ticket);
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (key.IsExpiredAt(now))
        {
            return Fail(UserSigStatus.Expired, $"the privateMapKey expired at {DateTimeOffset.FromUnixTimeSeconds(key.ExpiresAtUnixSeconds):u}", ticket);
        }

        return new UserSigVerification(UserSigStatus.Valid, "the privateMapKey is valid", ticket, key);
    }

    private UserSigVerification VerifyCore(string userId, string? ticketText, UserBufRule rule, ReadOnlySpan<byte> expectedUserBuf)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (!UserSigDecoder.TryDecode(ticketText, out var ticket, out var error))
        {
            return new UserSigVerification(UserSigStatus.Malformed, error, null);
        }

        if (ticket.SdkAppId != SdkAppId)
        {
            return Fail(UserSigStatus.AppIdMismatch, $"the userSig was issued for app {ticket.SdkAppId}, not {SdkAppId}", ticket);
        }

        if (!string.Equals(ticket.Identifier, userId, StringComparison.Ordinal))
        {
            return Fail(UserSigStatus.IdentifierMismatch, $"the userSig was issued for user \"{ticket.Identifier}\", not \"{userId}\"", ticket);
        }

        Span<byte> mac = stackalloc byte[TlsSigHmac.MacLength];
        TlsSigHmac.Compute(_hmac, ticket.Identifier, ticket.SdkAppId, ticket.Time, ticket.Expire, ticket.UserBuf, ticket.UserBuf is not null, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, ticket.Signature))
        {
            return Fail(UserSigStatus.BadSignature, "the signature does not match: the userSig was signed with another key or altered", ticket);
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (ticket.IsExpiredAt(now))
        {
            var at = ticket.ExpiresAt is { } e ? e.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "an unrepresentable time";
            return Fail(UserSigStatus.Expired, $"the userSig expired at {at}", ticket);
        }

        var userBufError = rule switch
        {
            UserBufRule.MustBeAbsent when ticket.UserBuf is not null => "the ticket carries a userbuf (a privateMapKey?) where a plain userSig was expected",
            UserBufRule.MustBePresent when ticket.UserBuf is null => "the ticket carries no userbuf (a plain userSig?) where a privateMapKey was expected",
            UserBufRule.MustEqual when ticket.UserBuf is null => "the ticket carries no userbuf",
            UserBufRule.MustEqual when !expectedUserBuf.SequenceEqual(ticket.UserBuf) => "the ticket's userbuf differs from the expected one",
            _ => null,
        };
        return userBufError is null
            ? new UserSigVerification(UserSigStatus.Valid, "the userSig is valid", ticket)
            : Fail(UserSigStatus.UserBufMismatch, userBufError, ticket);
    }

    private static UserSigVerification Fail(UserSigStatus status, string detail, UserSigTicket ticket) => new(status, detail, ticket);

    private enum UserBufRule
    {
        Any,
        MustBeAbsent,
        MustBePresent,
        MustEqual,
    }
}
