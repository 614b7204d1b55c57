using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// <c>a=fingerprint</c>: the hash of the certificate the DTLS peer will present (RFC 8122 §5).
/// <code>
/// fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
/// hash-func             = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / token
/// fingerprint           = 2UHEX *(":" 2UHEX)
/// a=fingerprint:sha-256 5B:0E:9A:…:C4
/// </code>
/// Lower-case hex is accepted too; the value is kept as written.
/// </summary>
/// <param name="HashFunction">The hash function name, e.g. <c>sha-256</c>.</param>
/// <param name="Value">The digest as colon-separated hex pairs.</param>
public sealed record Fingerprint(string HashFunction, string Value)
{
    /// <summary>The longest digest accepted: SHA-512.</summary>
    public const int MaxDigestLength = 64;

    /// <summary>A fingerprint from a digest, written as upper-case hex pairs.</summary>
    public static Fingerprint FromDigest(string hashFunction, ReadOnlySpan<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(hashFunction);
        var text = new StringBuilder(digest.Length * 3);
        for (var i = 0; i < digest.Length; i++)
        {
            if (i > 0)
            {
                text.Append(':');
            }

            text.Append(digest[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return new Fingerprint(hashFunction, text.ToString());
    }

    /// <summary>Decodes <see cref="Value"/>; false when it is not 1-64 colon-separated hex pairs.</summary>
    public bool TryGetDigest(Span<byte> destination, out int written) => TryDecode(Value, destination, out written);

    /// <summary>True when <see cref="Value"/> decodes to exactly <paramref name="digest"/>.</summary>
    public bool Matches(ReadOnlySpan<byte> digest)
    {
        Span<byte> mine = stackalloc byte[MaxDigestLength];
        return TryGetDigest(mine, out var length) && mine[..length].SequenceEqual(digest);
    }

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out Fingerprint? fingerprint, [NotNullWhen(false)] out string? error)
    {
        fingerprint = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var hash) || !SdpText.IsToken(hash) || !fields.TryNext(out var hex) || !fields.IsEmpty)
        {
            error = "expected <hash-func> <hex pairs>";
            return false;
        }

        Span<byte> scratch = stackalloc byte[MaxDigestLength];
        if (!TryDecode(hex, scratch, out _))
        {
            error = "the fingerprint must be 1-64 hex pairs separated by colons";
            return false;
        }

        fingerprint = new Fingerprint(hash.ToString(), hex.ToString());
        error = null;
        return true;
    }

    internal void Write(SdpTextWriter writer) => writer.Attribute("fingerprint", ':').Text(HashFunction).Space().Text(Value).End();

    private static bool TryDecode(ReadOnlySpan<char> hex, Span<byte> destination, out int written)
    {
        written = 0;
        if (hex.Length % 3 != 2 || hex.Length / 3 + 1 > Math.Min(destination.Length, MaxDigestLength))
        {
            return false;
        }

        for (var i = 0; i < hex.Length; i += 3)
        {
            if ((i > 0 && hex[i - 1] != ':')
                || !byte.TryParse(hex.Slice(i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                written = 0;
                return false;
            }

            destination[written++] = b;
        }

        return true;
    }
}
