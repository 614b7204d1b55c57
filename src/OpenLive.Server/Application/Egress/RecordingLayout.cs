using System.Globalization;
using System.Text;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// Where a recording goes under the recordings directory:
/// <c>{appId}/{roomId}/{memberId}/{UTC yyyyMMdd-HHmmss}-{channelId}.{webm|mp4}</c> and its metadata beside it
/// (<c>….json</c>). Room and member ids come from apps and clients: each becomes one safe path segment (letters,
/// digits, <c>-_.@</c> kept, anything else as <c>%XX</c> of its UTF-8 bytes, a leading dot escaped), so no id can
/// climb out of its directory or collide with another.
/// </summary>
internal static class RecordingLayout
{
    /// <summary>The file id (path relative to the recordings directory, '/'-separated, without extension).</summary>
    public static string FileStem(uint appId, string roomId, string memberId, DateTimeOffset startedAt, ulong channelId) =>
        string.Join('/',
            appId.ToString(CultureInfo.InvariantCulture),
            Segment(roomId),
            Segment(memberId),
            startedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + channelId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The directory of an app's (and a room's) recordings, relative.</summary>
    public static string Directory(uint appId, string? roomId) =>
        roomId is null ? appId.ToString(CultureInfo.InvariantCulture) : appId.ToString(CultureInfo.InvariantCulture) + "/" + Segment(roomId);

    /// <summary>An absolute path of a relative file id under <paramref name="root"/>.</summary>
    public static string Resolve(string root, string relative) => Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>One id as one path segment (see the class).</summary>
    public static string Segment(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var text = new StringBuilder(id.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '@' || (c == '.' && i > 0))
            {
                text.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < id.Length
                ? Encoding.UTF8.GetBytes(id.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(id.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.Length == 0 ? "%" : text.ToString();
    }
}
