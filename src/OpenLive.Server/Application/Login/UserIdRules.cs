using System.Text;

namespace OpenLive.Server.Application.Login;

/// <summary>
/// What a user id may be: 1–32 UTF-8 bytes (Tencent's limit) without control characters or whitespace, so ids are
/// safe in logs, URLs and grain keys.
/// </summary>
internal static class UserIdRules
{
    public const int MaxBytes = 32;

    /// <summary>The sender of system messages from the admin API; no client may log in as it.</summary>
    public const string Administrator = "administrator";

    public static bool IsValid([NotNullWhen(true)] string? userId, [NotNullWhen(false)] out string? problem)
    {
        if (string.IsNullOrEmpty(userId))
        {
            problem = "the user id is empty";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(userId) > MaxBytes)
        {
            problem = $"the user id is longer than {MaxBytes} UTF-8 bytes";
            return false;
        }

        foreach (var c in userId)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c == '/')
            {
                problem = "the user id contains whitespace, a control character or '/'";
                return false;
            }
        }

        problem = null;
        return true;
    }
}
