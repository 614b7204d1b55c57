namespace OpenLive.Server.Apps;

/// <summary>
/// The strength every secret key must have: 32 bytes (256 bits) of entropy, what a generated key holds (32 random
/// bytes, 64 hex characters, the shape of a Tencent console key). A configured key's entropy is estimated from its
/// length and the alphabet it draws from (hex 4 bits a character; digits and letters up to about 6.5 with symbols);
/// a key of fewer than 8 different characters is refused whatever its length ("aaaa…", "abab…").
/// </summary>
internal static class KeyStrength
{
    public const int RequiredBits = 256;
    private const int MinDistinctCharacters = 8;

    /// <summary>What a refused key is told (never the key itself).</summary>
    public const string Requirement = "at least 32 bytes (256 bits) of entropy, e.g. 64 hex characters (openssl rand -hex 32)";

    /// <summary>True when <paramref name="key"/> carries at least <see cref="RequiredBits"/> bits.</summary>
    public static bool IsStrong(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Distinct().Count() >= MinDistinctCharacters && EstimatedBits(key) >= RequiredBits;
    }

    /// <summary>Length times the bits of the smallest alphabet the key's characters fit (an upper bound for a random key).</summary>
    public static double EstimatedBits(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length * Math.Log2(AlphabetSize(key));
    }

    private static int AlphabetSize(string key)
    {
        if (key.All(char.IsAsciiHexDigitLower) || key.All(char.IsAsciiHexDigitUpper))
        {
            return 16;
        }

        var size = 0;
        size += key.Any(char.IsAsciiDigit) ? 10 : 0;
        size += key.Any(char.IsAsciiLetterLower) ? 26 : 0;
        size += key.Any(char.IsAsciiLetterUpper) ? 26 : 0;
        size += key.Any(c => !char.IsAsciiLetterOrDigit(c)) ? 33 : 0;
        return Math.Max(size, 2);
    }
}
