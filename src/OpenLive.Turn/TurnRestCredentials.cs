using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpenLive.Turn;

/// <summary>
/// The TURN REST API credential scheme (draft-uberti-behave-turn-rest-00 §2.2, coturn's <c>use-auth-secret</c>), the one
/// place it is written: the server's credential issuer hands these out, the embedded TURN server and coturn check them.
/// <code>
/// username = "&lt;expiry, unix seconds&gt;:&lt;userId, percent-encoded&gt;"     e.g. "1767225600:alice"
/// password = base64(HMAC-SHA1(secret, username))
/// </code>
/// The draft leaves the part after ':' to the application and coturn signs whatever bytes it receives; the user id is
/// percent-encoded (RFC 3986 unreserved characters stay) so the username is ASCII: safe in STUN's USERNAME (no
/// OpaqueString preparation differences between clients), in a quoted <c>Link</c> header attribute and in coturn's log,
/// whatever the id's script. coturn reads the expiry before the first ':' and refuses a username whose expiry has passed.
/// </summary>
public static class TurnRestCredentials
{
    /// <summary>The length of a password's base64 (20 MAC bytes).</summary>
    internal const int PasswordLength = 28;

    /// <summary>The username valid until <paramref name="expiresAtUnixSeconds"/> for <paramref name="userId"/>.</summary>
    public static string Username(long expiresAtUnixSeconds, string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return expiresAtUnixSeconds.ToString(CultureInfo.InvariantCulture) + ":" + Uri.EscapeDataString(userId);
    }

    /// <summary>base64(HMAC-SHA1(<paramref name="secret"/>, <paramref name="username"/>)): what coturn computes from its static-auth-secret.</summary>
    public static string Password(ReadOnlySpan<byte> secret, string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        Span<byte> password = stackalloc byte[PasswordLength];
        WritePassword(secret, Encoding.UTF8.GetBytes(username), password);
        return Encoding.ASCII.GetString(password);
    }

    /// <summary>The password for <paramref name="username"/> with the secret as text (as operators configure it).</summary>
    public static string Password(string secret, string username)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Password(Encoding.UTF8.GetBytes(secret), username);
    }

    /// <summary>Writes the password's base64 into <paramref name="utf8Password"/> (<see cref="PasswordLength"/> bytes), allocating nothing.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "The TURN REST API password is HMAC-SHA1 by definition; coturn and every client compute it so.")]
    internal static void WritePassword(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> username, Span<byte> utf8Password)
    {
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, username, mac);
        Base64.EncodeToUtf8(mac, utf8Password, out _, out _);
    }
}
