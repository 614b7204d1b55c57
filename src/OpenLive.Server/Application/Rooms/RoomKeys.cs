using System.Globalization;
using System.Text;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;

namespace OpenLive.Server.Application.Rooms;

/// <summary>Room ids on the wire (uint32 or string, as iLiveSDK and TRTC had them) and the grain keys derived from them.</summary>
internal static class RoomKeys
{
    public const int MaxTextBytes = 64;

    /// <summary>The prefix that marks a string room's group id when the text alone could be mistaken (see <see cref="GroupIdOfText"/>).</summary>
    public const char TextGroupEscape = '#';

    /// <summary>Validates a room id (10002 when invalid) and returns its grain key and IM group id.</summary>
    public static (string GrainKey, string GroupId) Validate(uint sdkAppId, RoomId? roomId)
    {
        switch (roomId?.IdCase)
        {
            case RoomId.IdOneofCase.Number when roomId.Number != 0:
                var number = roomId.Number.ToString(CultureInfo.InvariantCulture);
                return (string.Create(CultureInfo.InvariantCulture, $"{sdkAppId}/n/{number}"), number);
            case RoomId.IdOneofCase.Text when IsValidText(roomId.Text):
                return (string.Create(CultureInfo.InvariantCulture, $"{sdkAppId}/s/{roomId.Text}"), GroupIdOfText(roomId.Text));
            default:
                throw new LiveException(AVErrorCode.ServerInvalidArgument, "room ids are a number from 1 to 4294967295 or a string of 1-64 UTF-8 bytes without whitespace or control characters");
        }
    }

    /// <summary>
    /// A room id in a URL path segment (admin API, WHIP/WHEP): digits that fit 32 bits, other than 0, are a numeric room
    /// id; anything else is a string room id. A string id made only of such digits therefore cannot be named in a path.
    /// </summary>
    public static RoomId FromPathSegment(string segment) =>
        uint.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number != 0
            ? new RoomId { Number = number }
            : new RoomId { Text = segment };

    /// <summary>
    /// A string room's IM group id. Numeric rooms own the all-digit group ids (<c>1234</c>, kept as they always were so
    /// stored history stays where it is); a string room whose text is all digits, or starts with
    /// <see cref="TextGroupEscape"/>, gets the escape in front (<c>"1234"</c> → <c>#1234</c>, <c>"#a"</c> → <c>##a</c>);
    /// any other text is its own group id. The mapping is one-to-one, so no two rooms share a group's history.
    /// </summary>
    public static string GroupIdOfText(string text) =>
        text.Length > 0 && (text[0] == TextGroupEscape || IsAllDigits(text)) ? TextGroupEscape + text : text;

    /// <summary>The room whose IM group is <paramref name="groupId"/> (the inverse of the mapping above), or null when no room can have it.</summary>
    public static RoomId? FromGroupId(string groupId)
    {
        if (groupId.Length == 0)
        {
            return null;
        }

        var id = groupId[0] == TextGroupEscape ? new RoomId { Text = groupId[1..] } : FromPathSegment(groupId);
        var back = id.IdCase == RoomId.IdOneofCase.Number ? id.Number.ToString(CultureInfo.InvariantCulture) : GroupIdOfText(id.Text);
        return back == groupId ? id : null;
    }

    public static string Describe(RoomId roomId) => roomId.IdCase == RoomId.IdOneofCase.Number
        ? roomId.Number.ToString(CultureInfo.InvariantCulture)
        : $"\"{roomId.Text}\"";

    private static bool IsAllDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidText(string text)
    {
        if (text.Length == 0 || Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
