using System.Buffers.Binary;

namespace OpenLive.Rtc.Stun;

/// <summary>
/// The ERROR-CODE value (RFC 8489 §14.8) and the codes ICE answers with:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Reserved, should be 0         |Class|     Number    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Reason Phrase (variable)                                ..
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The code is Class * 100 + Number, with Class 3..6 and Number 0..99; the reason is UTF-8, at most 763 bytes.
/// </summary>
internal static class StunErrorCode
{
    /// <summary>400: the request was malformed (missing USERNAME, MESSAGE-INTEGRITY, PRIORITY...).</summary>
    public const int BadRequest = 400;

    /// <summary>401: the USERNAME or MESSAGE-INTEGRITY did not check out.</summary>
    public const int Unauthorized = 401;

    /// <summary>403: the request was valid but is refused by policy (TURN: a peer the relay may not reach).</summary>
    public const int Forbidden = 403;

    /// <summary>437: the request does not match the client's allocation (RFC 8656 §19).</summary>
    public const int AllocationMismatch = 437;

    /// <summary>438: the NONCE is no longer valid; retry with the one in the response (RFC 8489 §9.2.4).</summary>
    public const int StaleNonce = 438;

    /// <summary>440: the address family asked for is not supported (RFC 8656 §19).</summary>
    public const int AddressFamilyNotSupported = 440;

    /// <summary>441: the credentials differ from the ones the allocation was made with (RFC 8656 §19).</summary>
    public const int WrongCredentials = 441;

    /// <summary>443: the peer's address family differs from the relayed address's (RFC 8656 §19).</summary>
    public const int PeerAddressFamilyMismatch = 443;

    /// <summary>442: REQUESTED-TRANSPORT names a protocol the server does not relay (RFC 8656 §19).</summary>
    public const int UnsupportedTransportProtocol = 442;

    /// <summary>486: the user, the client's address or the server has as many allocations as allowed (RFC 8656 §19).</summary>
    public const int AllocationQuotaReached = 486;

    /// <summary>508: no relay port or resource is free (RFC 8656 §19).</summary>
    public const int InsufficientCapacity = 508;

    /// <summary>420: the request carries comprehension-required attributes we do not know.</summary>
    public const int UnknownAttribute = 420;

    /// <summary>487: both agents claim the same ICE role (RFC 8445 §7.3.1.1).</summary>
    public const int RoleConflict = 487;

    /// <summary>Longest reason phrase allowed (RFC 8489 §14.8).</summary>
    public const int MaxReasonLength = 763;

    /// <summary>The reason phrase we send with <paramref name="code"/> (RFC 8489 §14.8, RFC 8445 §16.1).</summary>
    public static ReadOnlySpan<byte> Reason(int code) => code switch
    {
        BadRequest => "Bad Request"u8,
        Unauthorized => "Unauthorized"u8,
        UnknownAttribute => "Unknown Attribute"u8,
        RoleConflict => "Role Conflict"u8,
        Forbidden => "Forbidden"u8,
        AllocationMismatch => "Allocation Mismatch"u8,
        StaleNonce => "Stale Nonce"u8,
        AddressFamilyNotSupported => "Address Family not Supported"u8,
        WrongCredentials => "Wrong Credentials"u8,
        PeerAddressFamilyMismatch => "Peer Address Family Mismatch"u8,
        UnsupportedTransportProtocol => "Unsupported Transport Protocol"u8,
        AllocationQuotaReached => "Allocation Quota Reached"u8,
        InsufficientCapacity => "Insufficient Capacity"u8,
        _ => "Error"u8,
    };

    /// <summary>Reads a value; false on a short value or a class outside 3..6 or a number above 99.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (value.Length < 4 || value.Length > 4 + MaxReasonLength)
        {
            return false;
        }

        var errorClass = value[2] & 0x07;
        var number = value[3];
        if (errorClass is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = errorClass * 100 + number;
        reason = value[4..];
        return true;
    }

    /// <summary>Writes a value; returns the bytes written (4 + reason).</summary>
    public static int Write(Span<byte> destination, int code, ReadOnlySpan<byte> reason)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, 0);
        destination[2] = (byte)(code / 100);
        destination[3] = (byte)(code % 100);
        reason.CopyTo(destination[4..]);
        return 4 + reason.Length;
    }
}
