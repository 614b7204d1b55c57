using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP (RFC 8122 §5): a hash function name, one space, then the digest
/// of the certificate's DER as colon-separated uppercase hex pairs.
/// <code>
/// attribute   = "fingerprint" ":" hash-func SP fingerprint
/// hash-func   = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
/// fingerprint = 2UHEX *(":" 2UHEX)     ; e.g. sha-256 4A:AD:B9:...:7C (32 pairs)
/// </code>
/// WebRTC peers authenticate each other only through this value (RFC 8827 §6.5): self-signed certificates are
/// fine as long as the DER hashes to what the signalled SDP promised. Immutable and thread-safe.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private const int MaxDigestLength = 64;
    private readonly byte[] _digest;

    private DtlsFingerprint(FingerprintHashFunction hashFunction, byte[] digest)
    {
        HashFunction = hashFunction;
        _digest = digest;
    }

    /// <summary>The hash function the digest was computed with.</summary>
    public FingerprintHashFunction HashFunction { get; }

    /// <summary>The raw digest bytes.</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>Hashes a certificate's DER encoding.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The hash function is not one of <see cref="FingerprintHashFunction"/>.</exception>
    public static DtlsFingerprint Compute(FingerprintHashFunction hashFunction, ReadOnlySpan<byte> certificateDer)
    {
        var digest = new byte[DigestLength(hashFunction)];
        HashInto(hashFunction, certificateDer, digest);
        return new DtlsFingerprint(hashFunction, digest);
    }

    /// <summary>
    /// Reads the value of an SDP <c>a=fingerprint</c> attribute (the text after <c>fingerprint:</c>).
    /// The hash name is matched case-insensitively and lowercase hex is tolerated (RFC 8122 asks senders for
    /// uppercase; being liberal costs nothing). False for malformed text and for hash functions we don't support
    /// (sha-224, md5, md2, unknown tokens), which callers should skip rather than reject. Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        value = value.Trim(" \t\r\n");
        var space = value.IndexOfAny(' ', '\t');
        if (space <= 0 || !TryParseHashName(value[..space], out var hashFunction))
        {
            return false;
        }

        var hex = value[space..].TrimStart(" \t");
        var length = DigestLength(hashFunction);

        // Exactly `length` pairs joined by `length - 1` colons: the bound also caps the work done on hostile input.
        if (hex.Length != (3 * length) - 1)
        {
            return false;
        }

        var digest = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var at = 3 * i;
            if ((i > 0 && hex[at - 1] != ':') || !TryHexNibble(hex[at], out var high) || !TryHexNibble(hex[at + 1], out var low))
            {
                return false;
            }

            digest[i] = (byte)((high << 4) | low);
        }

        fingerprint = new DtlsFingerprint(hashFunction, digest);
        return true;
    }

    /// <summary>True when <paramref name="certificateDer"/> hashes to this fingerprint; the digest comparison is constant-time.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> actual = stackalloc byte[MaxDigestLength];
        actual = actual[..HashInto(HashFunction, certificateDer, actual)];
        return CryptographicOperations.FixedTimeEquals(actual, _digest);
    }

    /// <summary>
    /// Checks a received certificate against the fingerprints signalled for the peer. Following RFC 8122 §5, only the
    /// fingerprints that use the strongest hash function present are considered (a weaker one cannot vouch for the
    /// certificate on its own); the certificate is accepted when it matches any of those (a peer may list one per
    /// certificate it might use). False for an empty list.
    /// </summary>
    public static bool AnyMatches(IReadOnlyList<DtlsFingerprint> expected, ReadOnlySpan<byte> certificateDer)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var strongest = (FingerprintHashFunction)0;
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].HashFunction > strongest)
            {
                strongest = expected[i].HashFunction;
            }
        }

        if (strongest == 0)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[MaxDigestLength];
        actual = actual[..HashInto(strongest, certificateDer, actual)];
        var matched = false;
        for (var i = 0; i < expected.Count; i++)
        {
            // No early exit: every candidate is compared, each in constant time.
            matched |= expected[i].HashFunction == strongest && CryptographicOperations.FixedTimeEquals(actual, expected[i]._digest);
        }

        return matched;
    }

    /// <summary>The SDP form, e.g. <c>sha-256 AB:CD:…</c> (uppercase hex, colon-separated; RFC 8122 §5).</summary>
    public override string ToString()
    {
        var name = HashName(HashFunction);
        return string.Create(name.Length + 1 + (3 * _digest.Length) - 1, this, static (span, self) =>
        {
            var name = HashName(self.HashFunction);
            name.CopyTo(span);
            span[name.Length] = ' ';
            var hex = span[(name.Length + 1)..];
            for (var i = 0; i < self._digest.Length; i++)
            {
                var at = 3 * i;
                if (i > 0)
                {
                    hex[at - 1] = ':';
                }

                hex[at] = UpperHex[self._digest[i] >> 4];
                hex[at + 1] = UpperHex[self._digest[i] & 0xF];
            }
        });
    }

    /// <inheritdoc/>
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && other.HashFunction == HashFunction && other._digest.AsSpan().SequenceEqual(_digest);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(HashFunction);
        hash.AddBytes(_digest);
        return hash.ToHashCode();
    }

    /// <summary>Digest size in bytes of a supported hash function.</summary>
    internal static int DigestLength(FingerprintHashFunction hashFunction) => hashFunction switch
    {
        FingerprintHashFunction.Sha1 => SHA1.HashSizeInBytes,
        FingerprintHashFunction.Sha256 => SHA256.HashSizeInBytes,
        FingerprintHashFunction.Sha384 => SHA384.HashSizeInBytes,
        FingerprintHashFunction.Sha512 => SHA512.HashSizeInBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(hashFunction), hashFunction, "Unsupported fingerprint hash function."),
    };

    /// <summary>The RFC 8122 token for a hash function (lowercase, as the IANA "Hash Function Textual Names" registry spells it).</summary>
    internal static string HashName(FingerprintHashFunction hashFunction) => hashFunction switch
    {
        FingerprintHashFunction.Sha1 => "sha-1",
        FingerprintHashFunction.Sha256 => "sha-256",
        FingerprintHashFunction.Sha384 => "sha-384",
        FingerprintHashFunction.Sha512 => "sha-512",
        _ => throw new ArgumentOutOfRangeException(nameof(hashFunction), hashFunction, "Unsupported fingerprint hash function."),
    };

    private static ReadOnlySpan<char> UpperHex => "0123456789ABCDEF";

    private static bool TryParseHashName(ReadOnlySpan<char> name, out FingerprintHashFunction hashFunction)
    {
        for (var candidate = FingerprintHashFunction.Sha1; candidate <= FingerprintHashFunction.Sha512; candidate++)
        {
            if (name.Equals(HashName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                hashFunction = candidate;
                return true;
            }
        }

        hashFunction = default;
        return false;
    }

    private static bool TryHexNibble(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }

    // SHA-1 is only ever used to check a peer that signalled a sha-1 fingerprint (RFC 8122 keeps it legal); we never publish one.
#pragma warning disable CA5350
    private static int HashInto(FingerprintHashFunction hashFunction, ReadOnlySpan<byte> data, Span<byte> destination) => hashFunction switch
    {
        FingerprintHashFunction.Sha1 => SHA1.HashData(data, destination),
        FingerprintHashFunction.Sha256 => SHA256.HashData(data, destination),
        FingerprintHashFunction.Sha384 => SHA384.HashData(data, destination),
        FingerprintHashFunction.Sha512 => SHA512.HashData(data, destination),
        _ => throw new ArgumentOutOfRangeException(nameof(hashFunction), hashFunction, "Unsupported fingerprint hash function."),
    };
#pragma warning restore CA5350
}
