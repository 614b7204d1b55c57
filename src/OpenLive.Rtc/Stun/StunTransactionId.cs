using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace OpenLive.Rtc.Stun;

/// <summary>
/// A 96-bit STUN transaction id held as a value (two integers), so it can key a dictionary of outstanding
/// checks without allocating. New ids come from a cryptographic source (RFC 8489 §5: "uniformly and
/// randomly chosen"), which is also what makes off-path response spoofing hard.
/// </summary>
internal readonly record struct StunTransactionId(ulong High, uint Low)
{
    /// <summary>Bytes on the wire.</summary>
    public const int Length = 12;

    /// <summary>A fresh random id.</summary>
    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    /// <summary>Reads an id from its 12 wire bytes (the caller guarantees the length).</summary>
    public static StunTransactionId Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]));

    /// <summary>Writes the 12 wire bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Low);
    }

    /// <summary>Hex, for logs and test failures.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{High:x16}{Low:x8}");
}
