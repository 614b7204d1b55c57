using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OpenLive.Turn;

/// <summary>
/// Stateless nonces with an expiry (RFC 8489 §9.2: "the server can encode the expiry in the nonce"): 16 hex digits of
/// the expiry in unix milliseconds followed by 24 hex digits of HMAC-SHA256(process key, expiry ‖ client IP), cut to
/// 96 bits. Nothing is stored per client; a nonce is bound to the client's address, cannot be forged without the
/// process's random key and is stale once its time has passed (438). A restart invalidates every nonce (clients get
/// 438 and retry), which is what RFC 8489 expects.
/// </summary>
internal sealed class TurnNonces(TimeProvider time, TimeSpan lifetime)
{
    /// <summary>Characters of a nonce.</summary>
    public const int Length = 40;

    private const int MacBytes = 12;
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    /// <summary>What a received nonce turned out to be.</summary>
    public enum Check
    {
        /// <summary>Ours, for this address, not expired.</summary>
        Valid,

        /// <summary>Ours, for this address, expired: 438.</summary>
        Stale,

        /// <summary>Not ours or not for this address: treated as stale too (RFC 8489 §9.2.4 answers 438 with a new one).</summary>
        Invalid,
    }

    /// <summary>A fresh nonce for <paramref name="clientAddress"/> (the IP bytes) into <paramref name="destination"/> (Length bytes).</summary>
    public void Issue(ReadOnlySpan<byte> clientAddress, Span<byte> destination)
    {
        var expiry = time.GetUtcNow().Add(lifetime).ToUnixTimeMilliseconds();
        Write(expiry, clientAddress, destination);
    }

    /// <summary>Checks a received nonce; never throws.</summary>
    public Check Verify(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> clientAddress)
    {
        if (nonce.Length != Length || !TryReadHex(nonce[..16], out var expiry))
        {
            return Check.Invalid;
        }

        Span<byte> expected = stackalloc byte[Length];
        Write((long)expiry, clientAddress, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, nonce))
        {
            return Check.Invalid;
        }

        return (long)expiry > time.GetUtcNow().ToUnixTimeMilliseconds() ? Check.Valid : Check.Stale;
    }

    private void Write(long expiry, ReadOnlySpan<byte> clientAddress, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[8 + 16];
        BinaryPrimitives.WriteInt64BigEndian(input, expiry);
        var addressLength = Math.Min(clientAddress.Length, 16);
        clientAddress[..addressLength].CopyTo(input[8..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, input[..(8 + addressLength)], mac);
        Span<byte> raw = stackalloc byte[8 + MacBytes];
        BinaryPrimitives.WriteInt64BigEndian(raw, expiry);
        mac[..MacBytes].CopyTo(raw[8..]);
        for (var i = 0; i < raw.Length; i++)
        {
            destination[2 * i] = Hex(raw[i] >> 4);
            destination[(2 * i) + 1] = Hex(raw[i] & 0xF);
        }
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    private static bool TryReadHex(ReadOnlySpan<byte> hex, out ulong value)
    {
        value = 0;
        foreach (var c in hex)
        {
            int nibble = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                _ => -1,
            };
            if (nibble < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)nibble;
        }

        return true;
    }
}
