namespace OpenLive.Core.Auth;

/// <summary>
/// The base64 variant of TLS-Sig tickets: standard base64 with <c>+</c>→<c>*</c>, <c>/</c>→<c>-</c> and <c>=</c>→<c>_</c>
/// (every tls-sig-api library; Go spells it as the alphabet <c>A–Za–z0–9*-</c> with padding <c>_</c>).
/// </summary>
internal static class TlsSigBase64
{
    /// <summary>Encodes <paramref name="data"/> into a new ticket string.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var length = ((data.Length + 2) / 3) * 4;
        var chars = length <= 1024 ? stackalloc char[length] : new char[length];
        if (!Convert.TryToBase64Chars(data, chars, out var written))
        {
            throw new InvalidOperationException("Base64 buffer was sized wrong.");
        }

        for (var i = 0; i < written; i++)
        {
            chars[i] = chars[i] switch
            {
                '+' => '*',
                '/' => '-',
                '=' => '_',
                var c => c,
            };
        }

        return new string(chars[..written]);
    }

    /// <summary>The most bytes <see cref="TryDecode"/> can write for an encoded length.</summary>
    public static int MaxDecodedLength(int encodedLength) => ((encodedLength + 3) / 4) * 3;

    /// <summary>
    /// Decodes a ticket string. Accepts the standard alphabet as well (some integrations undo the escaping), and
    /// missing padding (Node's decoder re-adds it). Returns false on any other character or a bad length.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        var padded = (text.Length + 3) & ~3;
        if (padded - text.Length == 3)
        {
            return false; // a single leftover character cannot encode anything
        }

        var standard = padded <= 2048 ? stackalloc char[padded] : new char[padded];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            standard[i] = c switch
            {
                '*' => '+',
                '-' => '/',
                '_' => '=',
                '+' or '/' or '=' or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') => c,
                _ => '\0',
            };
            if (standard[i] == '\0')
            {
                return false;
            }
        }

        standard[text.Length..].Fill('=');
        return Convert.TryFromBase64Chars(standard, destination, out written);
    }
}
