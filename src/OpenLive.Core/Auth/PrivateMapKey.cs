using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using OpenLive.Core.Rooms;

namespace OpenLive.Core.Auth;

/// <summary>
/// The room-permission ticket carried in a userSig's <c>TLS.userbuf</c> (TRTC's privateMapKey, iLiveSDK's
/// "privMapEncrypt"): which user may do what in which room, until when. All integers big-endian.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     cVer      |          wAccountLen          |  account ...  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          dwSdkAppid                           |
/// |                 dwAuthID (numeric room id, or 0)              |
/// |              dwExpTime (absolute, Unix seconds)               |
/// |               dwPrivilegeMap (auth bits 0x01-0x80)            |
/// |                    dwAccountType (always 0)                   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  wRoomStrLen (cVer=1 only)    |  roomStr ... (cVer=1 only)    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// cVer is 0 for a numeric room id and 1 when a string room id follows. Unlike <c>TLS.expire</c>, dwExpTime is absolute.
/// </summary>
/// <param name="Account">The user id the permission is for.</param>
/// <param name="SdkAppId">The app.</param>
/// <param name="RoomId">The numeric room id; 0 when <paramref name="RoomString"/> is used.</param>
/// <param name="RoomString">The string room id, or <see langword="null"/> for a numeric room.</param>
/// <param name="ExpiresAtUnixSeconds">Absolute expiry, Unix seconds.</param>
/// <param name="PrivilegeMap">The permission bits (the same bits as <see cref="AuthBits"/>).</param>
/// <param name="AccountType">Legacy account type; always 0 in tickets issued since 2019.</param>
public sealed record PrivateMapKey(
    string Account,
    uint SdkAppId,
    uint RoomId,
    string? RoomString,
    uint ExpiresAtUnixSeconds,
    uint PrivilegeMap,
    uint AccountType = 0)
{
    private const int FixedLength = 1 + 2 + 20;

    /// <summary>The permission bits as <see cref="AuthBits"/>.</summary>
    public AuthBits Privileges => (AuthBits)PrivilegeMap;

    /// <summary>True when <see cref="ExpiresAtUnixSeconds"/> has passed at <paramref name="nowUnixSeconds"/>.</summary>
    public bool IsExpiredAt(long nowUnixSeconds) => nowUnixSeconds > ExpiresAtUnixSeconds;

    /// <summary>True when the ticket is for numeric room <paramref name="roomId"/>.</summary>
    public bool IsForRoom(uint roomId) => RoomString is null && RoomId == roomId;

    /// <summary>True when the ticket is for string room <paramref name="roomId"/> (ordinal comparison).</summary>
    public bool IsForRoom(string roomId) => RoomString is not null && string.Equals(RoomString, roomId, StringComparison.Ordinal);

    /// <summary>Reads the layout; false for any length or field inconsistency. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> userBuf, [NotNullWhen(true)] out PrivateMapKey? key)
    {
        key = null;
        if (userBuf.Length < FixedLength)
        {
            return false;
        }

        var version = userBuf[0];
        if (version > 1)
        {
            return false;
        }

        int accountLength = BinaryPrimitives.ReadUInt16BigEndian(userBuf[1..]);
        var rest = userBuf[3..];
        if (rest.Length < accountLength + 20)
        {
            return false;
        }

        var account = rest[..accountLength];
        rest = rest[accountLength..];
        var sdkAppId = BinaryPrimitives.ReadUInt32BigEndian(rest);
        var roomId = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
        var expiresAt = BinaryPrimitives.ReadUInt32BigEndian(rest[8..]);
        var privileges = BinaryPrimitives.ReadUInt32BigEndian(rest[12..]);
        var accountType = BinaryPrimitives.ReadUInt32BigEndian(rest[16..]);
        rest = rest[20..];

        string? roomString = null;
        if (version == 1)
        {
            if (rest.Length < 2)
            {
                return false;
            }

            int roomLength = BinaryPrimitives.ReadUInt16BigEndian(rest);
            rest = rest[2..];
            if (rest.Length != roomLength || !TryDecodeUtf8(rest, out roomString))
            {
                return false;
            }

            rest = default;
        }

        if (!rest.IsEmpty || !TryDecodeUtf8(account, out var accountText))
        {
            return false;
        }

        key = new PrivateMapKey(accountText, sdkAppId, roomId, roomString, expiresAt, privileges, accountType);
        return true;
    }

    /// <summary>The length <see cref="TryWrite"/> needs.</summary>
    public int GetSerializedLength() =>
        FixedLength + Encoding.UTF8.GetByteCount(Account) + (RoomString is null ? 0 : 2 + Encoding.UTF8.GetByteCount(RoomString));

    /// <summary>Writes the layout; false when <paramref name="destination"/> is too small or a length exceeds 16 bits.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        var accountLength = Encoding.UTF8.GetByteCount(Account);
        var roomLength = RoomString is null ? 0 : Encoding.UTF8.GetByteCount(RoomString);
        var total = GetSerializedLength();
        if (destination.Length < total || accountLength > ushort.MaxValue || roomLength > ushort.MaxValue)
        {
            return false;
        }

        destination[0] = RoomString is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)accountLength);
        var n = 3 + Encoding.UTF8.GetBytes(Account, destination[3..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[n..], SdkAppId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(n + 4)..], RoomId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(n + 8)..], ExpiresAtUnixSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(n + 12)..], PrivilegeMap);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(n + 16)..], AccountType);
        n += 20;
        if (RoomString is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[n..], (ushort)roomLength);
            n += 2 + Encoding.UTF8.GetBytes(RoomString, destination[(n + 2)..]);
        }

        written = n;
        return true;
    }

    /// <summary>The layout as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[GetSerializedLength()];
        if (!TryWrite(bytes, out _))
        {
            throw new InvalidOperationException("An account or room id is longer than 65535 bytes.");
        }

        return bytes;
    }

    private static bool TryDecodeUtf8(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out string? text)
    {
        if (!Utf8.IsValid(bytes))
        {
            text = null;
            return false;
        }

        text = Encoding.UTF8.GetString(bytes);
        return true;
    }
}
