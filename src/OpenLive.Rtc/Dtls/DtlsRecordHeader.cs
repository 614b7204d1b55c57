using System.Buffers.Binary;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// The header of a DTLS 1.0/1.2 record (RFC 6347 §4.1), read to tell DTLS datagrams from noise before they are
/// queued for BouncyCastle, which parses the records itself.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ContentType  |   ProtocolVersion (254.253)   |     epoch     :
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// :     epoch     |                                               :
/// +-+-+-+-+-+-+-+-+     sequence_number (48 bits)                 :
/// :                                               |    length     :
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// :    length     |  fragment (length bytes) ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// A datagram may carry several records back to back; this reads the first.
/// </summary>
/// <param name="ContentType">20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data, 24 heartbeat.</param>
/// <param name="Version">The wire version: 0xFEFF for DTLS 1.0 (also used in ClientHello/HelloVerifyRequest records), 0xFEFD for DTLS 1.2.</param>
/// <param name="Epoch">Cipher state counter: 0 in the clear, 1 after ChangeCipherSpec.</param>
/// <param name="SequenceNumber">48-bit record sequence number within the epoch.</param>
/// <param name="Length">Length of the fragment that follows the header.</param>
internal readonly record struct DtlsRecordHeader(byte ContentType, ushort Version, ushort Epoch, ulong SequenceNumber, ushort Length)
{
    /// <summary>Bytes in the header.</summary>
    public const int Size = 13;

    /// <summary>RFC 6347 §4.1 (via RFC 5246 §6.2.3): a ciphertext fragment is at most 2^14 + 2048 bytes.</summary>
    public const int MaxFragmentLength = (1 << 14) + 2048;

    /// <summary>Largest 48-bit sequence number.</summary>
    public const ulong MaxSequenceNumber = (1UL << 48) - 1;

    /// <summary>The first content type DTLS uses (change_cipher_spec).</summary>
    public const byte FirstContentType = 20;

    /// <summary>
    /// The last content type accepted (heartbeat). tls12_cid (25, RFC 9146) is left out: its header is longer than this
    /// layout, and we never negotiate connection IDs, so no peer may send it.
    /// </summary>
    public const byte LastContentType = 24;

    /// <summary>
    /// Reads the first record's header: false when the datagram is shorter than a header, the content type is not one
    /// of the above, the version is not a DTLS version (major byte 254), or the fragment is longer than the limit
    /// or than the bytes that follow. Never throws.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out DtlsRecordHeader header)
    {
        header = default;
        if (datagram.Length < Size)
        {
            return false;
        }

        var contentType = datagram[0];
        var version = BinaryPrimitives.ReadUInt16BigEndian(datagram[1..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
        if (contentType is < FirstContentType or > LastContentType
            || (version >> 8) != 0xFE
            || length > MaxFragmentLength
            || length > datagram.Length - Size)
        {
            return false;
        }

        var epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]);
        var sequence = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(datagram[5..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(datagram[7..]);
        header = new DtlsRecordHeader(contentType, version, epoch, sequence, length);
        return true;
    }

    /// <summary>
    /// Checks a whole datagram before BouncyCastle sees it: one or more records back to back with nothing left over,
    /// each with a valid header, and every protected record (epoch above 0) at least
    /// <paramref name="minimumProtectedLength"/> long. BouncyCastle silently drops a protected record whose AEAD tag
    /// fails, but one too short to hold the explicit nonce and tag makes it fail the whole association with
    /// decode_error, where RFC 6347 §4.1.2.7 says invalid records should be discarded. Never throws.
    /// </summary>
    public static bool IsWellFormedDatagram(ReadOnlySpan<byte> datagram, int minimumProtectedLength)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }

        while (!datagram.IsEmpty)
        {
            if (!TryRead(datagram, out var header) || (header.Epoch != 0 && header.Length < minimumProtectedLength))
            {
                return false;
            }

            datagram = datagram[(Size + header.Length)..];
        }

        return true;
    }

    /// <summary>
    /// Writes the header; false when <paramref name="destination"/> is shorter than <see cref="Size"/> or a field is out of
    /// range (sequence number beyond 48 bits, length beyond <see cref="MaxFragmentLength"/>). Never throws.
    /// </summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size || SequenceNumber > MaxSequenceNumber || Length > MaxFragmentLength)
        {
            return false;
        }

        destination[0] = ContentType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Version);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Epoch);
        BinaryPrimitives.WriteUInt16BigEndian(destination[5..], (ushort)(SequenceNumber >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[7..], (uint)SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[11..], Length);
        return true;
    }
}
