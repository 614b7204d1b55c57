using System.Buffers;
using System.Globalization;
using System.Text;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// Where a member's live HLS lives, on disk and as a URL: <c>{hls directory}/{appId}/{room}/{member}/</c> and
/// <c>/live/{appId}/{room}/{member}/index.m3u8</c>. Room and user ids may hold any visible character ('/', '..', '%',
/// non-ASCII), so each becomes a safe name: the id itself when it is 1–64 of <c>A–Z a–z 0–9 _ -</c>, else '.' and the
/// lowercase hex of its UTF-8 (no raw id starts with '.', so the two never collide). The HLS edge serves only such
/// names and only the files ffmpeg's HLS output writes (<see cref="IsServedFileName"/>).
/// </summary>
internal static class LiveOutputPaths
{
    /// <summary>Longest directory name the edge accepts ('.' + the hex of a 64-byte id).</summary>
    public const int MaxNameLength = 129;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");
    private static readonly SearchValues<char> TokenChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");

    /// <summary>The playlist's file name.</summary>
    public const string Playlist = "index.m3u8";

    /// <summary>The safe directory name of a room or user id.</summary>
    public static string NameOf(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id.Length <= 64 && id.All(IsRawChar))
        {
            return id;
        }

        var bytes = Encoding.UTF8.GetBytes(id);
        return bytes.Length <= 64 ? "." + Convert.ToHexStringLower(bytes) : throw new ArgumentException("an id longer than 64 bytes has no HLS directory", nameof(id));
    }

    /// <summary>The member's directory relative to the HLS directory ('/'-separated).</summary>
    public static string RelativeDirectory(uint appId, string roomId, string memberId) =>
        $"{appId.ToString(CultureInfo.InvariantCulture)}/{NameOf(roomId)}/{NameOf(memberId)}";

    /// <summary>The playlist's URL path.</summary>
    public static string PlaylistUrl(uint appId, string roomId, string memberId) => $"/live/{RelativeDirectory(appId, roomId, memberId)}/{Playlist}";

    /// <summary>Whether a URL segment is a directory name <see cref="NameOf"/> can make.</summary>
    public static bool IsSafeName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return false;
        }

        if (name[0] == '.')
        {
            return name.Length > 1 && name.Length % 2 == 1 && name.AsSpan(1).IndexOfAnyExcept(LowerHex) < 0;
        }

        return name.Length <= 64 && name.All(IsRawChar);
    }

    /// <summary>
    /// Whether <paramref name="file"/> is one ffmpeg's HLS output writes and the edge serves: <c>index.m3u8</c>,
    /// <c>init[-token].mp4</c>, <c>seg[-token]-N.m4s</c> (token 1–16 of a–z 0–9, N up to 10 digits). Nothing else — not
    /// the <c>.tmp</c> files being written, not anything a listing would show.
    /// </summary>
    public static bool IsServedFileName(string? file)
    {
        if (string.IsNullOrEmpty(file) || file.Length > 64)
        {
            return false;
        }

        if (file == Playlist)
        {
            return true;
        }

        if (file.StartsWith("init", StringComparison.Ordinal) && file.EndsWith(".mp4", StringComparison.Ordinal))
        {
            var middle = file.AsSpan(4, file.Length - 8);
            return middle.IsEmpty || (middle[0] == '-' && IsToken(middle[1..]));
        }

        if (file.StartsWith("seg-", StringComparison.Ordinal) && file.EndsWith(".m4s", StringComparison.Ordinal))
        {
            var middle = file.AsSpan(4, file.Length - 8);
            var dash = middle.LastIndexOf('-');
            var number = dash < 0 ? middle : middle[(dash + 1)..];
            return number.Length is >= 1 and <= 10 && number.IndexOfAnyExceptInRange('0', '9') < 0 && (dash < 0 || IsToken(middle[..dash]));
        }

        return false;
    }

    /// <summary>Whether <paramref name="token"/> can name one output's files (1–16 of a–z 0–9).</summary>
    public static bool IsToken(ReadOnlySpan<char> token) =>
        token.Length is >= 1 and <= 16 && token.IndexOfAnyExcept(TokenChars) < 0;

    private static bool IsRawChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
