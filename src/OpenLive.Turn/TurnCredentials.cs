using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn;

/// <summary>
/// Checks long-term credentials in the TURN REST API scheme (<see cref="TurnRestCredentials"/>, shared with coturn's
/// <c>use-auth-secret</c>), so the server checks a client without storing anything per user.
/// The MESSAGE-INTEGRITY key is then <c>MD5(username ":" realm ":" password)</c> (RFC 8489 §9.2.2).
/// </summary>
internal sealed class TurnCredentials
{
    private readonly byte[] secret;
    private readonly byte[] realm;

    public TurnCredentials(string secret, string realm)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(realm);
        this.secret = Encoding.UTF8.GetBytes(secret);
        this.realm = Encoding.UTF8.GetBytes(realm);
    }

    /// <summary>The realm's UTF-8 bytes, as sent in REALM.</summary>
    public ReadOnlySpan<byte> Realm => realm;

    /// <summary>
    /// Reads a REST API username; false when it is not "digits:userId" with a non-empty userId. The expiry is checked
    /// by the caller against its clock.
    /// </summary>
    public static bool TryParseUsername(ReadOnlySpan<byte> username, out long expiryUnixSeconds, out ReadOnlySpan<byte> userId)
    {
        expiryUnixSeconds = 0;
        userId = default;
        var colon = username.IndexOf((byte)':');
        if (colon <= 0 || colon > 12 || colon == username.Length - 1)
        {
            return false;
        }

        foreach (var digit in username[..colon])
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            expiryUnixSeconds = expiryUnixSeconds * 10 + (digit - '0');
        }

        userId = username[(colon + 1)..];
        return true;
    }

    /// <summary>
    /// The MESSAGE-INTEGRITY key for <paramref name="username"/> when it is a well-formed REST API username that has not
    /// expired at <paramref name="now"/>; false otherwise (the caller answers 401). Allocates the key (requests only,
    /// never the packet path).
    /// </summary>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Primitives", Justification = "The long-term credential key is MD5(username:realm:password) by RFC 8489 §9.2.2; SHA-256 keys need PASSWORD-ALGORITHMS browsers do not send.")]
    public bool TryGetKey(ReadOnlySpan<byte> username, DateTimeOffset now, [NotNullWhen(true)] out StunIntegrityKey? key)
    {
        key = null;
        if (!TryParseUsername(username, out var expiry, out _) || expiry <= now.ToUnixTimeSeconds())
        {
            return false;
        }

        Span<byte> password = stackalloc byte[TurnRestCredentials.PasswordLength];
        TurnRestCredentials.WritePassword(secret, username, password);

        var material = new byte[username.Length + 1 + realm.Length + 1 + password.Length];
        username.CopyTo(material);
        material[username.Length] = (byte)':';
        realm.CopyTo(material.AsSpan(username.Length + 1));
        material[username.Length + 1 + realm.Length] = (byte)':';
        password.CopyTo(material.AsSpan(username.Length + 2 + realm.Length));
        Span<byte> md5 = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(material, md5);
        key = new StunIntegrityKey(md5);
        return true;
    }
}
