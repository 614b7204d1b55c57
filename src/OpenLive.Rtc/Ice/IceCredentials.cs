using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace OpenLive.Rtc.Ice;

/// <summary>
/// An ICE username fragment and password (RFC 8839 §5.4: <c>ice-ufrag</c> 4..256 ice-chars, <c>ice-pwd</c> 22..256
/// ice-chars, where an ice-char is a letter, a digit, '+' or '/'). Generated ones are drawn from a cryptographic
/// source: 8-char ufrags (48 bits, well over the 24 the RFC asks, so the server can route first packets by ufrag
/// with rare collisions) and 24-char passwords (144 bits, over the 128 asked).
/// </summary>
public sealed class IceCredentials
{
    /// <summary>Length of generated ufrags.</summary>
    public const int GeneratedUfragLength = 8;

    /// <summary>Length of generated passwords.</summary>
    public const int GeneratedPasswordLength = 24;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static readonly SearchValues<char> IceCharSet = SearchValues.Create(IceChars);

    private IceCredentials(string ufrag, string password)
    {
        Ufrag = ufrag;
        Password = password;
        UfragUtf8 = Encoding.ASCII.GetBytes(ufrag);
        PasswordUtf8 = Encoding.ASCII.GetBytes(password);
    }

    /// <summary>The username fragment (<c>a=ice-ufrag</c>).</summary>
    public string Ufrag { get; }

    /// <summary>The password (<c>a=ice-pwd</c>).</summary>
    public string Password { get; }

    /// <summary>The ufrag's bytes, for building and comparing USERNAME without allocating.</summary>
    internal byte[] UfragUtf8 { get; }

    /// <summary>The password's bytes (the MESSAGE-INTEGRITY key).</summary>
    internal byte[] PasswordUtf8 { get; }

    /// <summary>Fresh random credentials.</summary>
    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, GeneratedUfragLength), RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    /// <summary>Credentials from signaling; false when either part breaks the RFC 8839 grammar.</summary>
    public static bool TryCreate(string? ufrag, string? password, [NotNullWhen(true)] out IceCredentials? credentials)
    {
        credentials = null;
        if (!IsValid(ufrag, 4) || !IsValid(password, 22))
        {
            return false;
        }

        credentials = new IceCredentials(ufrag, password);
        return true;
    }

    /// <summary>Credentials from signaling; throws <see cref="ArgumentException"/> when they break the RFC 8839 grammar.</summary>
    public static IceCredentials Create(string ufrag, string password) =>
        TryCreate(ufrag, password, out var credentials)
            ? credentials
            : throw new ArgumentException("ICE credentials need a 4..256 ice-char ufrag and a 22..256 ice-char password.", nameof(ufrag));

    /// <summary>True for a string of <paramref name="minLength"/>..256 ice-chars.</summary>
    internal static bool IsValid([NotNullWhen(true)] string? value, int minLength) =>
        value is not null && value.Length >= minLength && value.Length <= 256 && !value.AsSpan().ContainsAnyExcept(IceCharSet);
}
