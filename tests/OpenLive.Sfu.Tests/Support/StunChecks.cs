using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OpenLive.Sfu.Tests.Support;

/// <summary>
/// STUN messages as a browser sends them, written byte by byte (RFC 8489, RFC 8445 §7.1.2) so the SFU's tests need no
/// access to the RTC library's internals: Binding requests (checks) and success responses, signed with a password.
/// </summary>
internal static class StunChecks
{
    private const uint MagicCookie = 0x2112A442;

    /// <summary>A check to <paramref name="receiverUfrag"/> signed with <paramref name="password"/>.</summary>
    public static byte[] Check(string receiverUfrag, string senderUfrag, string password, bool useCandidate, byte[]? transactionId = null)
    {
        var attributes = new List<(ushort Type, byte[] Value)>
        {
            (0x0006, Encoding.ASCII.GetBytes($"{receiverUfrag}:{senderUfrag}")), // USERNAME
            (0x0024, [0x6e, 0x00, 0x01, 0xff]), // PRIORITY
            (0x802A, [0, 0, 0, 0, 0, 0, 0, 42]), // ICE-CONTROLLING
        };
        if (useCandidate)
        {
            attributes.Add((0x0025, [])); // USE-CANDIDATE
        }

        return Write(0x0001, transactionId ?? RandomNumberGenerator.GetBytes(12), attributes, password);
    }

    /// <summary>The success response to <paramref name="request"/> (its transaction id), signed with <paramref name="password"/>.</summary>
    public static byte[] SuccessResponse(ReadOnlySpan<byte> request, string password) =>
        Write(0x0101, request.Slice(8, 12).ToArray(), [], password);

    /// <summary>True when <paramref name="datagram"/> is a STUN Binding request.</summary>
    public static bool IsBindingRequest(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 20 && BinaryPrimitives.ReadUInt16BigEndian(datagram) == 0x0001
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    private static byte[] Write(ushort type, byte[] transactionId, List<(ushort Type, byte[] Value)> attributes, string password)
    {
        var message = new List<byte>(new byte[20]);
        foreach (var (attributeType, value) in attributes)
        {
            Append(message, attributeType, value);
        }

        // MESSAGE-INTEGRITY: HMAC-SHA1 over the message with the length counting up to and including this attribute.
        var bytes = message.ToArray();
        Header(bytes, type, bytes.Length - 20 + 24, transactionId);
#pragma warning disable CA5350 // STUN MESSAGE-INTEGRITY is HMAC-SHA1 by definition (RFC 8489 §14.5).
        Append(message, 0x0008, HMACSHA1.HashData(Encoding.UTF8.GetBytes(password), bytes));
#pragma warning restore CA5350

        // FINGERPRINT: CRC-32 of everything before it, with the length counting it, XOR 0x5354554e.
        bytes = message.ToArray();
        Header(bytes, type, bytes.Length - 20 + 8, transactionId);
        var fingerprint = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(fingerprint, Crc32(bytes) ^ 0x5354554e);
        Append(message, 0x8028, fingerprint);
        bytes = message.ToArray();
        Header(bytes, type, bytes.Length - 20, transactionId);
        return bytes;
    }

    private static void Header(byte[] bytes, ushort type, int length, byte[] transactionId)
    {
        BinaryPrimitives.WriteUInt16BigEndian(bytes, type);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), MagicCookie);
        transactionId.CopyTo(bytes, 8);
    }

    private static void Append(List<byte> message, ushort type, byte[] value)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(header, type);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)value.Length);
        message.AddRange(header);
        message.AddRange(value);
        while (message.Count % 4 != 0)
        {
            message.Add(0);
        }
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
